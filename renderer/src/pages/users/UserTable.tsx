import { WindowedBody } from '../../components/WindowedBody';
import { memo, useEffect, useRef } from 'react';
import type { User } from '../../../../shared/domain/user';
import { SortHeader } from '../../components/SortHeader';
import type { UserSort, UserSortKey } from '../../data/userOrder';
import { spacers, type ScrollViewport } from '../../lib/useVirtualRows';
import { credentialsText, groupsText, periodText, userStatus, userStatusLabels } from './userText';
import type { UserList } from '../../data/useUserList';
import { isSelected, type UserSelection } from './userSelection';

/** Fixed row height (px; matches styles.css --row-height). */
export const USER_ROW_HEIGHT = 36;

/** `sortable`: the columns the users table can be ordered by (userOrder.ts). */
const columns: readonly { key: string; label: string; sortable?: UserSortKey }[] = [
  { key: 'select', label: 'Select' },
  { key: 'id', label: 'ID', sortable: 'id' },
  { key: 'name', label: 'Name', sortable: 'name' },
  { key: 'department', label: 'Department' },
  { key: 'credentials', label: 'Credentials' },
  { key: 'groups', label: 'Access groups' },
  { key: 'period', label: 'Period' },
  { key: 'status', label: 'Status' },
];

interface RowProps {
  user: User;
  /** Position in the list (0-based). */
  index: number;
  selected: boolean;
  checked: boolean;
  groupNames: ReadonlyMap<number, string>;
  nowSeconds: number;
  onOpen(id: string): void;
  onCheck(index: number, id: string, range: boolean): void;
}

const UserRow = memo(function UserRow({ user, index, selected, checked, groupNames, nowSeconds, onOpen, onCheck }: RowProps) {
  const status = userStatus(user, nowSeconds);
  const groups = groupsText(user.accessGroupIds, groupNames);
  return (
    <tr
      className={`user-row${selected ? ' selected' : ''}${checked ? ' checked' : ''}`}
      data-testid="user-row"
      data-user-id={user.id}
      aria-rowindex={index + 2}
      aria-current={selected || undefined}
    >
      <td className="col-select">
        <input
          type="checkbox"
          checked={checked}
          readOnly
          aria-label={`Select user ${user.id}`}
          // Shift-click ticks a range; without this the browser also selects the text in between.
          onMouseDown={(event) => event.shiftKey && event.preventDefault()}
          onClick={(event) => onCheck(index, user.id, event.shiftKey)}
        />
      </td>
      <td className="col-id">
        <button type="button" className="link-button" onClick={() => onOpen(user.id)} title={`Edit user ${user.id}`}>
          {user.id}
        </button>
      </td>
      <td title={user.name}>{user.name === '' ? <span className="muted">(no name)</span> : user.name}</td>
      <td title={user.department}>{user.department}</td>
      <td>{credentialsText(user)}</td>
      <td title={groups}>{groups}</td>
      <td>{periodText(user)}</td>
      <td className={`status status-${status}`}>{userStatusLabels[status]}</td>
    </tr>
  );
});

function PlaceholderRow({ rowIndex }: { rowIndex: number }) {
  return (
    <tr className="user-row placeholder" aria-rowindex={rowIndex} aria-busy="true">
      <td colSpan={columns.length}>
        <span className="muted">Loading…</span>
      </td>
    </tr>
  );
}

/** The header's "select all" box: ticked when every listed user is, mixed when some are. */
export interface SelectAllState {
  checked: boolean;
  mixed: boolean;
  /** What a click does, in words ("Select all 1,204 matches"). */
  label: string;
  onToggle(): void;
}

export interface UserTableProps {
  list: UserList;
  total: number;
  viewport: ScrollViewport;
  sort: UserSort;
  onSort(key: UserSortKey): void;
  /** The user open in the editor. */
  selectedId: string | null;
  /** The ticked users (for a delete). */
  selection: UserSelection;
  selectAll: SelectAllState;
  groupNames: ReadonlyMap<number, string>;
  nowSeconds: number;
  onOpen(id: string): void;
  onCheck(index: number, id: string, range: boolean): void;
}

/**
 * The users table, windowed: only the rows in view (plus a margin) are in the DOM, however
 * many users there are; rows whose block is still loading show as placeholders.
 */
export function UserTable({ list, total, viewport, sort, onSort, selectedId, selection, selectAll, groupNames, nowSeconds, onOpen, onCheck }: UserTableProps) {
  const { attachScroller, onScroll } = viewport;
  const { window } = list;
  const { before, after } = spacers(window, total, USER_ROW_HEIGHT);
  const rows = [];
  for (let i = window.start; i < window.end; i++) {
    const user = list.rowAt(i);
    rows.push(
      user === undefined ? (
        <PlaceholderRow key={`p${i}`} rowIndex={i + 2} />
      ) : (
        <UserRow
          key={user.id}
          user={user}
          index={i}
          selected={user.id === selectedId}
          checked={isSelected(selection, user.id)}
          groupNames={groupNames}
          nowSeconds={nowSeconds}
          onOpen={onOpen}
          onCheck={onCheck}
        />
      ),
    );
  }
  return (
    <div className="table-scroll" ref={attachScroller} onScroll={onScroll} tabIndex={-1}>
      <table className="data-table user-table" aria-label="Users" aria-rowcount={total + 1}>
        <colgroup>
          {columns.map((column) => (
            <col key={column.key} className={`ucol-${column.key}`} />
          ))}
        </colgroup>
        <thead>
          <tr aria-rowindex={1}>
            {columns.map((column) =>
              column.key === 'select' ? (
                <th key={column.key} scope="col" className="col-select">
                  <SelectAllBox state={selectAll} />
                </th>
              ) : column.sortable !== undefined ? (
                <SortHeader key={column.key} sortKey={column.sortable} label={column.label} sort={sort} onSort={onSort} />
              ) : (
                <th key={column.key} scope="col">
                  {column.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <WindowedBody before={before} after={after}>
          {rows}
        </WindowedBody>
      </table>
    </div>
  );
}

function SelectAllBox({ state }: { state: SelectAllState }) {
  const ref = useRef<HTMLInputElement>(null);
  // "Mixed" exists only as a DOM property, not as an attribute React can set.
  useEffect(() => {
    if (ref.current !== null) ref.current.indeterminate = state.mixed;
  }, [state.mixed]);
  return <input ref={ref} type="checkbox" checked={state.checked} onChange={state.onToggle} aria-label={state.label} title={state.label} data-testid="select-all-users" />;
}

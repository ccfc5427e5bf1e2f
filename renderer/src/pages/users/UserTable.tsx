import { memo } from 'react';
import type { User } from '../../../../shared/domain/user';
import { spacers, type ScrollViewport } from '../../lib/useVirtualRows';
import { credentialsText, groupsText, periodText, userStatus, userStatusLabels } from './userText';
import type { UserList } from '../../data/useUserList';

/** Fixed row height (px; matches styles.css --row-height). */
export const USER_ROW_HEIGHT = 36;

const columns = [
  { key: 'id', label: 'ID' },
  { key: 'name', label: 'Name' },
  { key: 'department', label: 'Department' },
  { key: 'credentials', label: 'Credentials' },
  { key: 'groups', label: 'Access groups' },
  { key: 'period', label: 'Period' },
  { key: 'status', label: 'Status' },
] as const;

interface RowProps {
  user: User;
  rowIndex: number;
  selected: boolean;
  groupNames: ReadonlyMap<number, string>;
  nowSeconds: number;
  onOpen(id: string): void;
}

const UserRow = memo(function UserRow({ user, rowIndex, selected, groupNames, nowSeconds, onOpen }: RowProps) {
  const status = userStatus(user, nowSeconds);
  const groups = groupsText(user.accessGroupIds, groupNames);
  return (
    <tr className={`user-row${selected ? ' selected' : ''}`} data-testid="user-row" data-user-id={user.id} aria-rowindex={rowIndex} aria-current={selected || undefined}>
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

export interface UserTableProps {
  list: UserList;
  total: number;
  viewport: ScrollViewport;
  selectedId: string | null;
  groupNames: ReadonlyMap<number, string>;
  nowSeconds: number;
  onOpen(id: string): void;
}

/**
 * The users table, windowed: only the rows in view (plus a margin) are in the DOM, however
 * many users there are; rows whose block is still loading show as placeholders.
 */
export function UserTable({ list, total, viewport, selectedId, groupNames, nowSeconds, onOpen }: UserTableProps) {
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
        <UserRow key={user.id} user={user} rowIndex={i + 2} selected={user.id === selectedId} groupNames={groupNames} nowSeconds={nowSeconds} onOpen={onOpen} />
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
            {columns.map((column) => (
              <th key={column.key} scope="col">
                {column.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {before > 0 && <tr className="spacer" aria-hidden="true" style={{ height: before }} />}
          {rows}
          {after > 0 && <tr className="spacer" aria-hidden="true" style={{ height: after }} />}
        </tbody>
      </table>
    </div>
  );
}

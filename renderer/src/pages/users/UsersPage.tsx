import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { RequestResult } from '../../../../shared/ipc/contract';
import { PageHeader } from '../../components/PageHeader';
import { ErrorNote, StatusNote } from '../../components/Notice';
import { useAccessGroups } from '../../data/hooks';
import { useUserList } from '../../data/useUserList';
import { parseUserSearch } from '../../data/userSearch';
import { useScrollViewport } from '../../lib/useVirtualRows';
import { useNow } from '../../app/useNow';
import { ImportError, ImportReport, ImportUsersButton } from './ImportUsers';
import { UserEditor } from './UserEditor';
import { USER_ROW_HEIGHT, UserTable } from './UserTable';
import { FilterField } from '../../components/FilterField';
import { DeleteSelectedUsers } from './DeleteSelectedUsers';
import { useListSelection } from './useListSelection';
import { useUsersUi } from './usersUi';

type Editing = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; id: string };

export function UsersPage() {
  const search = useUsersUi((s) => s.search);
  const setSearch = useUsersUi((s) => s.setSearch);
  const deferredSearch = useDeferredValue(search);
  const parsed = useMemo(() => parseUserSearch(deferredSearch), [deferredSearch]);
  const sort = useUsersUi((s) => s.sort);
  const sortBy = useUsersUi((s) => s.sortBy);
  const viewport = useScrollViewport(USER_ROW_HEIGHT);
  const list = useUserList(parsed, sort, viewport.windowFor);
  const groups = useAccessGroups();
  const groupNames = useMemo(() => new Map(groups.value?.map((g) => [g.id, g.name])), [groups.value]);
  const nowSeconds = Math.floor(useNow(60_000) / 1000);

  // A user ID clicked in an event (Monitoring) opens the page on that user, once.
  const [editing, setEditing] = useState<Editing>(() => {
    const requested = useUsersUi.getState().showRequest;
    return requested === null ? { kind: 'none' } : { kind: 'edit', id: requested };
  });
  useEffect(() => useUsersUi.getState().forgetShowRequest(), []);
  const [status, setStatus] = useState<string | null>(null);
  const [importing, setImporting] = useState(false);
  const [report, setReport] = useState<{ fileName: string; result: RequestResult<'importUsers'> } | null>(null);
  const [importError, setImportError] = useState<string | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const selection = useListSelection(parsed?.text ?? '', list.ids);
  const openUser = useCallback((id: string) => setEditing({ kind: 'edit', id }), []);
  const closeEditorOf = (deleted: readonly string[]) => {
    if (editing.kind === 'edit' && deleted.includes(editing.id)) setEditing({ kind: 'none' });
  };

  const selectedId = editing.kind === 'edit' ? editing.id : null;
  const total = list.total;
  const summary =
    total === null
      ? 'Loading…'
      : parsed === null
        ? `${total} ${total === 1 ? 'user' : 'users'}`
        : list.capped
          ? `More than ${total} matches; the first ${total} are listed (type more to narrow)`
          : `${total} ${total === 1 ? 'match' : 'matches'}`;

  let body;
  if (total === null) {
    body = list.error === null ? <div className="empty"><p className="empty-title">Loading users…</p></div> : null;
  } else if (total === 0) {
    body = (
      <div className="empty" data-testid="users-empty">
        <p className="empty-title">{parsed === null ? 'No users yet' : `No user matches “${parsed.text}”`}</p>
        <p className="empty-text">{parsed === null ? 'Add a user, or import a CSV file.' : 'Search by user ID, the start of a name, or a card number in hex.'}</p>
      </div>
    );
  } else {
    body = (
      <UserTable
        list={list}
        total={total}
        viewport={viewport}
        sort={sort}
        onSort={sortBy}
        selectedId={selectedId}
        selection={selection.selection}
        selectAll={selection.selectAll(parsed === null ? ['user', 'users'] : ['match', 'matches'])}
        groupNames={groupNames}
        nowSeconds={nowSeconds}
        onOpen={openUser}
        onCheck={selection.onCheck}
      />
    );
  }

  return (
    <div className="page page-fill">
      <PageHeader title="Users">
        <p className="summary" data-testid="user-summary">
          {summary}
        </p>
      </PageHeader>
      {list.error !== null && <ErrorNote title="Cannot read the master database" message={`${list.error} (trying again)`} />}
      <div className="toolbar">
        <FilterField label="Search users" placeholder="Search by ID, name or card number (hex)" value={search} onChange={setSearch} maxLength={100} />
        {list.pending !== null && <span className="toolbar-note">{list.pending === 'search' ? 'Searching…' : 'Sorting…'}</span>}
        <span className="toolbar-spacer" />
        {selection.selectedIds.length > 0 && (
          <>
            <span className="toolbar-note" data-testid="user-selection-count">
              {selection.selectedIds.length} selected
            </span>
            <button type="button" className="button" onClick={selection.clear}>
              Clear selection
            </button>
            <DeleteSelectedUsers
              ids={selection.selectedIds}
              onDeleted={(deleted) => {
                selection.clear();
                closeEditorOf(deleted);
                setDeleteError(null);
                setStatus(deleted.length === 1 ? `User ${deleted[0]} deleted.` : `${deleted.length} users deleted.`);
              }}
              onStopped={(error) => {
                selection.keepOnly(error.notDeleted);
                closeEditorOf(error.deleted);
                setStatus(null);
                setDeleteError(error.message);
              }}
            />
          </>
        )}
        <ImportUsersButton
          busy={importing}
          setBusy={setImporting}
          onResult={(fileName, result) => {
            setImportError(null);
            setReport({ fileName, result });
          }}
          onError={(message) => {
            setReport(null);
            setImportError(message);
          }}
        />
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            setStatus(null);
            setEditing({ kind: 'new' });
          }}
        >
          Add user
        </button>
      </div>
      {deleteError !== null && <ErrorNote title="Not every user was deleted" message={deleteError} onDismiss={() => setDeleteError(null)} />}
      {importError !== null && <ImportError message={importError} onDismiss={() => setImportError(null)} />}
      {report !== null && <ImportReport fileName={report.fileName} result={report.result} onClose={() => setReport(null)} />}
      {status !== null && <StatusNote>{status}</StatusNote>}
      <div className={`split${editing.kind === 'none' ? '' : ' split-open'}`}>
        <div className="split-main">{body}</div>
        {editing.kind !== 'none' && (
          <UserEditor
            key={editing.kind === 'edit' ? editing.id : 'new'}
            userId={editing.kind === 'edit' ? editing.id : null}
            onClose={() => setEditing({ kind: 'none' })}
            onSaved={(id, created) => {
              setStatus(created ? `User ${id} added.` : `User ${id} saved.`);
              setEditing({ kind: 'none' });
            }}
            onDeleted={(id) => {
              setStatus(`User ${id} deleted.`);
              setEditing({ kind: 'none' });
            }}
          />
        )}
      </div>
    </div>
  );
}

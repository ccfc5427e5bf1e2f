import { useState, type ReactNode } from 'react';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorNote, StatusNote } from '../../components/Notice';
import type { LiveResult } from '../../data/useLiveQuery';
import { messageOf } from '../../lib/errors';

export interface RecordColumn<T> {
  label: string;
  cell(record: T): ReactNode;
}

export type Editing<T> = { kind: 'none' } | { kind: 'new' } | { kind: 'edit'; record: T };

export interface RecordsTabProps<T extends { id: number; name: string }> {
  /** "access group": used in buttons and messages. */
  noun: string;
  kind: string;
  records: LiveResult<T[]>;
  columns: readonly RecordColumn<T>[];
  renderEditor(editing: Exclude<Editing<T>, { kind: 'none' }>, close: (saved: string | null) => void): ReactNode;
  remove(ids: number[]): Promise<unknown>;
  emptyText: string;
}

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** One access-control table: its records, New / Edit / Delete, and the editor beside the list. */
export function RecordsTab<T extends { id: number; name: string }>({ noun, kind, records, columns, renderEditor, remove, emptyText }: RecordsTabProps<T>) {
  const [editing, setEditing] = useState<Editing<T>>({ kind: 'none' });
  const [deleting, setDeleting] = useState<T | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);

  const list = records.value === undefined ? undefined : [...records.value].sort((a, b) => a.name.localeCompare(b.name) || a.id - b.id);

  const confirmDelete = () => {
    if (deleting === null) return;
    const target = deleting;
    setBusy(true);
    remove([target.id]).then(
      () => {
        setBusy(false);
        setDeleting(null);
        setStatus(`${capitalized(noun)} “${target.name}” deleted.`);
        if (editing.kind === 'edit' && editing.record.id === target.id) setEditing({ kind: 'none' });
      },
      (e: unknown) => {
        setBusy(false);
        setDeleting(null);
        setError(messageOf(e));
      },
    );
  };

  let body: ReactNode;
  if (list === undefined) body = records.error === null ? <p className="muted">Loading…</p> : null;
  else if (list.length === 0) body = <div className="empty"><p className="empty-title">{emptyText}</p></div>;
  else {
    body = (
      <div className="table-scroll">
        <table className="data-table access-table" aria-label={`${capitalized(noun)}s`}>
          <thead>
            <tr>
              <th scope="col">Name</th>
              {columns.map((column) => (
                <th key={column.label} scope="col">
                  {column.label}
                </th>
              ))}
              <th scope="col" className="col-actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((record) => (
              <tr key={record.id} data-testid="access-row" data-kind={kind} data-record-id={record.id} aria-current={(editing.kind === 'edit' && editing.record.id === record.id) || undefined}>
                <td>{record.name}</td>
                {columns.map((column) => (
                  <td key={column.label} className="wrap">
                    {column.cell(record)}
                  </td>
                ))}
                <td className="col-actions">
                  <button type="button" className="button button-small" onClick={() => setEditing({ kind: 'edit', record })} aria-label={`Edit ${record.name}`}>
                    Edit
                  </button>
                  <button type="button" className="button button-small" onClick={() => setDeleting(record)} aria-label={`Delete ${record.name}`}>
                    Delete
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }

  return (
    <>
      <div className="toolbar">
        <button
          type="button"
          className="button button-primary"
          onClick={() => {
            setStatus(null);
            setEditing({ kind: 'new' });
          }}
        >
          New {noun}
        </button>
      </div>
      {records.error !== null && <ErrorNote title="Cannot read the master database" message={`${records.error} (trying again)`} />}
      {error !== null && <ErrorNote title={`The ${noun} was not deleted`} message={error} onDismiss={() => setError(null)} />}
      {status !== null && <StatusNote>{status}</StatusNote>}
      <div className={`split${editing.kind === 'none' ? '' : ' split-open'}`}>
        <div className="split-main">{body}</div>
        {editing.kind !== 'none' &&
          renderEditor(editing, (saved) => {
            setEditing({ kind: 'none' });
            setStatus(saved);
          })}
      </div>
      <ConfirmDialog
        open={deleting !== null}
        title={`Delete ${noun} “${deleting?.name ?? ''}”?`}
        confirmLabel="Delete"
        danger
        busy={busy}
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(null)}
      >
        <p>It is removed from the console, and from every device at its next sync.</p>
      </ConfirmDialog>
    </>
  );
}

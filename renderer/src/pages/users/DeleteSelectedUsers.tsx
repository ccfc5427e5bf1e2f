import { useState } from 'react';
import { useConsole } from '../../app/ConsoleContext';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { deleteUsersInChunks, PartialDeleteError } from './deleteUsersInChunks';

export interface DeleteSelectedUsersProps {
  /** The ticked users the list shows, in its order. */
  ids: readonly string[];
  onDeleted(ids: readonly string[]): void;
  /** Stopped part-way (or failed at once): `error.deleted` went, `error.notDeleted` did not. */
  onStopped(error: PartialDeleteError): void;
}

const usersText = (count: number): string => `${count} ${count === 1 ? 'user' : 'users'}`;

/**
 * "Delete N users": asks first (naming the count), then deletes through the contract in chunks,
 * with progress, since a selection may be the whole site.
 */
export function DeleteSelectedUsers({ ids, onDeleted, onStopped }: DeleteSelectedUsersProps) {
  const { api } = useConsole();
  // What the dialog asked about: the list may change while it is open (a sync, another window).
  const [asked, setAsked] = useState<readonly string[] | null>(null);
  const [deleted, setDeleted] = useState<number | null>(null);
  const busy = deleted !== null;

  const confirm = async () => {
    if (asked === null) return;
    setDeleted(0);
    try {
      await deleteUsersInChunks((args) => api.deleteUsers(args), asked, setDeleted);
      onDeleted(asked);
    } catch (error) {
      onStopped(error instanceof PartialDeleteError ? error : new PartialDeleteError([], asked, error));
    } finally {
      setDeleted(null);
      setAsked(null);
    }
  };

  return (
    <>
      <button type="button" className="button button-danger-outline" disabled={ids.length === 0 || busy} onClick={() => setAsked([...ids])}>
        Delete {usersText(ids.length)}
      </button>
      <ConfirmDialog
        open={asked !== null}
        title={`Delete ${usersText(asked?.length ?? 0)}?`}
        confirmLabel="Delete"
        danger
        busy={busy}
        onConfirm={() => void confirm()}
        onCancel={() => setAsked(null)}
      >
        <p>{asked?.length === 1 ? 'This user is' : 'These users are'} removed from the console, and from every device at its next sync.</p>
        {busy && asked !== null && (
          <span className="progress" role="status" data-testid="delete-progress">
            <progress max={asked.length} value={deleted} aria-label="Deleting users" />
            <span className="progress-text">
              Deleted {deleted} of {asked.length}…
            </span>
          </span>
        )}
      </ConfirmDialog>
    </>
  );
}

import { useState, type FormEvent } from 'react';
import { MAX_FILTER_NAME, type EventFilter } from '../../../../shared/domain/eventFilter';
import { useConsole } from '../../app/ConsoleContext';
import { ErrorNote } from '../../components/Notice';
import { useLiveQuery } from '../../data/useLiveQuery';
import { messageOf } from '../../lib/errors';

export interface SavedFiltersProps {
  filter: EventFilter;
  /** The saved filter in force, while the filter is still exactly it. */
  savedName: string | null;
  onPick(name: string, filter: EventFilter): void;
  /** The filter in force was saved under this name; null: the saved filter in force was deleted. */
  onSaved(name: string | null): void;
}

/**
 * The operator's saved filters: pick one to apply it, save the filter in force under a name (the
 * same name replaces it), delete the one in force. Stored in the database through the console
 * (saveEventFilter, deleteEventFilter); read here live, so every window sees the same list.
 */
export function SavedFilters({ filter, savedName, onPick, onSaved }: SavedFiltersProps) {
  const { api } = useConsole();
  const saved = useLiveQuery('savedEventFilters', (reader) => reader.savedEventFilters());
  const [naming, setNaming] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const list = saved.value ?? [];

  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    const name = (naming ?? '').trim();
    if (name === '') return;
    void run(async () => {
      await api.saveEventFilter({ name, filter });
      onSaved(name);
      setNaming(null);
    });
  };

  return (
    <>
      <div className="toolbar saved-filters">
        <select
          className="filter-select"
          aria-label="Saved filters"
          value={savedName ?? ''}
          disabled={list.length === 0}
          onChange={(event) => {
            const picked = list.find((entry) => entry.name === event.target.value);
            if (picked) onPick(picked.name, picked.filter);
          }}
        >
          <option value="">{list.length === 0 ? 'No saved filters' : 'Saved filters…'}</option>
          {list.map((entry) => (
            <option key={entry.name} value={entry.name}>
              {entry.name}
            </option>
          ))}
        </select>
        {naming === null ? (
          <>
            <button type="button" className="button" onClick={() => setNaming(savedName ?? '')}>
              Save filter…
            </button>
            <button type="button" className="button" disabled={savedName === null || busy} onClick={() => savedName !== null && void run(() => api.deleteEventFilter({ name: savedName }).then(() => onSaved(null)))}>
              Delete saved filter
            </button>
          </>
        ) : (
          <form className="inline-form" onSubmit={save}>
            <input
              className="filter filter-narrow"
              aria-label="Filter name"
              placeholder="Name of this filter"
              value={naming}
              maxLength={MAX_FILTER_NAME}
              // The operator just asked to name the filter: the field takes the typing.
              autoFocus
              onChange={(event) => setNaming(event.target.value)}
            />
            <button type="submit" className="button button-primary" disabled={busy || naming.trim() === ''}>
              Save
            </button>
            <button type="button" className="button" onClick={() => setNaming(null)}>
              Cancel
            </button>
          </form>
        )}
      </div>
      {error !== null && <ErrorNote title="The saved filters could not be changed" message={error} onDismiss={() => setError(null)} />}
      {saved.error !== null && <ErrorNote title="Cannot read the saved filters" message={`${saved.error} (trying again)`} />}
    </>
  );
}

import { MAX_SAVED_FILTERS, readSavedEventFilters, SAVED_EVENT_FILTERS_SETTING, withSavedFilter, type SavedEventFilter } from '../../shared/domain/eventFilter';
import type { RequestHandlers } from '../../shared/ipc/contract';
import type { Store } from './store/store';

export type SavedEventFilterHandlers = Pick<RequestHandlers, 'saveEventFilter' | 'deleteEventFilter'>;

/**
 * The Event log's saved filters, kept as one setting (a list) in the database. A save or delete
 * reads the list, changes it and writes it back; those steps run one change at a time here, so
 * two windows saving at once both keep their filter. Every window reads the setting itself and
 * hears of the change through its live query.
 */
export function savedEventFilterHandlers(store: Store): SavedEventFilterHandlers {
  let last: Promise<unknown> = Promise.resolve();
  const change = (edit: (saved: SavedEventFilter[]) => SavedEventFilter[]): Promise<null> => {
    const run = last.then(async () => {
      const saved = readSavedEventFilters(await store.settings.get(SAVED_EVENT_FILTERS_SETTING));
      await store.settings.put(SAVED_EVENT_FILTERS_SETTING, edit(saved));
      return null;
    });
    // The next change waits for this one, whether it worked or not.
    last = run.catch(() => undefined);
    return run;
  };
  return {
    saveEventFilter: (entry) =>
      change((saved) => {
        const known = saved.some((existing) => existing.name === entry.name);
        if (!known && saved.length >= MAX_SAVED_FILTERS) throw new Error(`${MAX_SAVED_FILTERS} filters are saved already: delete one first`);
        return withSavedFilter(saved, entry);
      }),
    deleteEventFilter: ({ name }) => change((saved) => saved.filter((existing) => existing.name !== name)),
  };
}

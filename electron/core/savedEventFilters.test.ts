import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_EVENT_FILTER, MAX_SAVED_FILTERS, SAVED_EVENT_FILTERS_SETTING, type EventFilter } from '../../shared/domain/eventFilter';
import { requests } from '../../shared/ipc/contract';
import { savedEventFilterHandlers, type SavedEventFilterHandlers } from './savedEventFilters';
import { openInProcessStore, type InProcessStore } from './store/inProcessStore';

let handle: InProcessStore;
let handlers: SavedEventFilterHandlers;

beforeEach(async () => {
  handle = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange });
  handlers = savedEventFilterHandlers(handle.store);
});

afterEach(async () => {
  await handle.close();
});

const doors: EventFilter = { ...EMPTY_EVENT_FILTER, categories: ['door'] };
const lobby: EventFilter = { ...EMPTY_EVENT_FILTER, deviceIds: [541530001], time: { kind: 'last', minutes: 60 } };

describe('saved event filters', () => {
  it('stores filters by name in the database settings, replaces one saved again, deletes by name', async () => {
    await handlers.saveEventFilter({ name: 'Doors', filter: doors });
    await handlers.saveEventFilter({ name: 'Lobby, last hour', filter: lobby });
    await handlers.saveEventFilter({ name: 'Doors', filter: { ...doors, levels: ['error'] } });
    expect(await handle.store.settings.get(SAVED_EVENT_FILTERS_SETTING)).toEqual([
      { name: 'Doors', filter: { ...doors, levels: ['error'] } },
      { name: 'Lobby, last hour', filter: lobby },
    ]);
    await handlers.deleteEventFilter({ name: 'Doors' });
    await handlers.deleteEventFilter({ name: 'No such filter' });
    expect(await handle.store.settings.get(SAVED_EVENT_FILTERS_SETTING)).toEqual([{ name: 'Lobby, last hour', filter: lobby }]);
  });

  it('keeps every filter of saves made at the same time', async () => {
    await Promise.all(Array.from({ length: 20 }, (_, i) => handlers.saveEventFilter({ name: `Filter ${i}`, filter: doors })));
    expect(await handle.store.settings.get(SAVED_EVENT_FILTERS_SETTING)).toHaveLength(20);
  });

  it(`refuses a new name past ${MAX_SAVED_FILTERS} filters, and saving one again under its name still works`, async () => {
    for (let i = 0; i < MAX_SAVED_FILTERS; i++) await handlers.saveEventFilter({ name: `Filter ${i}`, filter: doors });
    await expect(handlers.saveEventFilter({ name: 'One more', filter: doors })).rejects.toThrow(`${MAX_SAVED_FILTERS} filters are saved already`);
    await handlers.saveEventFilter({ name: 'Filter 3', filter: lobby });
    const saved = (await handle.store.settings.get(SAVED_EVENT_FILTERS_SETTING)) as { name: string; filter: EventFilter }[];
    expect(saved[3]).toEqual({ name: 'Filter 3', filter: lobby });
  });

  it('the contract trims the name and refuses an empty one or a filter off its schema', () => {
    expect(requests.saveEventFilter.args.parse({ name: '  Doors ', filter: doors }).name).toBe('Doors');
    expect(requests.saveEventFilter.args.safeParse({ name: '   ', filter: doors }).success).toBe(false);
    expect(requests.saveEventFilter.args.safeParse({ name: 'x', filter: { ...doors, levels: ['fatal'] } }).success).toBe(false);
  });
});

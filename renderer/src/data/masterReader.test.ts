import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie, { liveQuery } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EMPTY_EVENT_FILTER, SAVED_EVENT_FILTERS_SETTING } from '../../../shared/domain/eventFilter';
import { blankUser, cardKey, type User } from '../../../shared/domain/user';
import { PortcullisDatabase, type StoredEvent } from '../../dbhost/schema';
import { hexToBase64 } from '../lib/hex';
import { createMasterDataReader, type MasterDataReader } from './masterReader';
import { openMasterDatabase, ReadOnlyDatabaseError, type MasterDatabase } from './masterDb';
import { readUserListIds } from './userListIds';
import { parseUserSearch, type UserSearch } from './userSearch';

let factory: { indexedDB: IDBFactory; IDBKeyRange: typeof IDBKeyRange };
let writer: PortcullisDatabase;
let page: MasterDatabase;
let reader: MasterDataReader;

async function ids(search: UserSearch | null): Promise<string[]> {
  const matches = await reader.matchingUserIds(search!);
  expect(matches.capped).toBe(false);
  return matches.ids;
}

function user(id: string, name: string, cardHex?: string): User {
  const u = { ...blankUser(id, 1), name };
  if (cardHex !== undefined) u.cards = [{ type: 1, data: hexToBase64(cardHex)! }];
  return u;
}

async function seed(users: User[]): Promise<void> {
  await writer.users.bulkPut(users);
  await writer.cardOwners.bulkPut(users.flatMap((u) => u.cards.map((card) => ({ key: cardKey(card), userId: u.id }))));
}

beforeEach(async () => {
  factory = { indexedDB: new IDBFactory(), IDBKeyRange };
  writer = new PortcullisDatabase('portcullis', factory);
  await writer.open();
  page = openMasterDatabase('portcullis', factory);
  reader = createMasterDataReader(page);
});

afterEach(() => {
  page.db.close();
  writer.close();
});

describe('master data reader', () => {
  it('lists every user ID, keys only: by ID with numbers by value, by name in the name index order', async () => {
    await seed([user('10', 'Carol'), user('9', 'Alice'), user('100', 'Bob'), user('2', 'Dave')]);
    expect(await reader.userIds('id')).toEqual(['2', '9', '10', '100']);
    expect(await reader.userIds('name')).toEqual(['9', '100', '10', '2']);
  });

  it('orders the table’s list by ID or name, either way, with or without a search', async () => {
    await seed([user('10', 'Carol'), user('9', 'Alice'), user('100', 'Bob'), user('2', 'Dave'), user('1', 'Zed')]);
    const list = async (text: string, key: 'id' | 'name', direction: 'asc' | 'desc') => (await readUserListIds(reader, parseUserSearch(text), { key, direction })).ids;
    expect(await list('', 'id', 'asc')).toEqual(['1', '2', '9', '10', '100']);
    expect(await list('', 'id', 'desc')).toEqual(['100', '10', '9', '2', '1']);
    expect(await list('', 'name', 'desc')).toEqual(['1', '2', '10', '100', '9']);
    // "1" matches IDs 1, 10 and 100 by prefix.
    expect(await list('1', 'id', 'asc')).toEqual(['1', '10', '100']);
    expect(await list('1', 'name', 'asc')).toEqual(['100', '10', '1']);
  });

  it('searches by ID prefix, name prefix (any case) and card number in hex', async () => {
    await seed([user('12', 'Zoe Adams'), user('120', 'Bob'), user('7', 'zack', 'DEADBEEF'), user('8', 'Ann', '0102')]);
    expect(await ids(parseUserSearch('12')!)).toEqual(['12', '120']);
    expect(await ids(parseUserSearch('ZO')!)).toEqual(['12']);
    expect(await ids(parseUserSearch('z')!)).toEqual(['12', '7']);
    expect(await ids(parseUserSearch('de:ad:be:ef')!)).toEqual(['7']);
    expect(await ids(parseUserSearch('0x0102')!)).toEqual(['8']);
    expect(await ids(parseUserSearch('nobody')!)).toEqual([]);
    expect((await reader.usersByIds(['7', 'gone', '12'])).map((u) => u?.name)).toEqual(['zack', undefined, 'Zoe Adams']);
  });

  it('reads access tables whole', async () => {
    await writer.accessGroups.bulkPut([{ id: 2, name: 'Staff', levelIds: [] }]);
    expect(await reader.accessGroups()).toEqual([{ id: 2, name: 'Staff', levelIds: [] }]);
    expect(await reader.zones()).toEqual([]);
  });

  it('never writes', async () => {
    const { users } = await page.tables();
    await expect(users.put(user('1', 'x'))).rejects.toBeInstanceOf(ReadOnlyDatabaseError);
    await expect(page.db.transaction('rw', users, async () => {})).rejects.toThrow(/reads the database only/);
    expect(await writer.users.count()).toBe(0);
  });

  it('does not create the database when the database host has not yet', async () => {
    const lonely = openMasterDatabase('not-created', factory);
    await expect(createMasterDataReader(lonely).ready()).rejects.toMatchObject({ name: 'NoSuchDatabaseError' });
    await expect(createMasterDataReader(lonely).userIds('id')).rejects.toMatchObject({ name: 'NoSuchDatabaseError' });
    expect((await factory.indexedDB.databases()).map((d) => d.name)).not.toContain('not-created');
    lonely.db.close();
  });

  it('re-runs a live query when the database host writes', async () => {
    // liveQuery looks for IndexedDB among the globals (Node has none).
    Dexie.dependencies.indexedDB = factory.indexedDB;
    Dexie.dependencies.IDBKeyRange = IDBKeyRange;
    const lists: (readonly string[])[] = [];
    await reader.ready();
    const subscription = liveQuery(() => reader.userIds('id')).subscribe((ids) => lists.push(ids));
    await expect.poll(() => lists).toEqual([[]]);
    await seed([user('9', 'A')]);
    await expect.poll(() => lists.at(-1)).toEqual(['9']);
    await seed([user('10', 'B')]);
    await expect.poll(() => lists.at(-1)).toEqual(['9', '10']);
    subscription.unsubscribe();

    // By name the IDs are read past Dexie; the live query still hears every rename and delete.
    const byName: (readonly string[])[] = [];
    const byNameSubscription = liveQuery(() => reader.userIds('name')).subscribe((ids) => byName.push(ids));
    await expect.poll(() => byName.at(-1)).toEqual(['9', '10']);
    await writer.users.put(user('9', 'C'));
    await expect.poll(() => byName.at(-1)).toEqual(['10', '9']);
    await writer.users.delete('10');
    await expect.poll(() => byName.at(-1)).toEqual(['9']);
    byNameSubscription.unsubscribe();
  });
});

describe('event log', () => {
  function event(message: string): Omit<StoredEvent, 'seq'> {
    return { time: 1_700_000_000_000, source: 'console', kind: 'sync.started', category: 'sync', level: 'info', message, deviceId: null, userId: null, deviceEventId: null };
  }

  it('reads the newest window, newest first, after a floor; counts what came after a seq', async () => {
    await writer.events.bulkAdd(Array.from({ length: 10 }, (_, i) => event(`e${i + 1}`)));
    expect((await reader.newestEvents(0, 3)).map((e) => [e.seq, e.message])).toEqual([
      [10, 'e10'],
      [9, 'e9'],
      [8, 'e8'],
    ]);
    expect((await reader.newestEvents(8, 500)).map((e) => e.seq)).toEqual([10, 9]);
    expect(await reader.newestEvents(10, 500)).toEqual([]);
    expect(await reader.countEventsAfter(7)).toBe(3);
    expect(await reader.countEventsAfter(0)).toBe(10);
  });

  it('reads the newest warnings and errors, newest first, and the minute counts from a minute on', async () => {
    const levels = ['info', 'warning', 'error', 'info', 'error', 'warning', 'info'] as const;
    await writer.events.bulkAdd(levels.map((level, i) => ({ ...event(`e${i + 1}`), level })));
    expect((await reader.latestAlerts(3)).map((e) => [e.seq, e.level])).toEqual([
      [6, 'warning'],
      [5, 'error'],
      [3, 'error'],
    ]);
    await writer.eventCounts.bulkPut([
      { minute: 60_000, counts: { door: 1 } },
      { minute: 120_000, counts: { door: 2, sync: 1 } },
      { minute: 180_000, counts: { authentication: 5 } },
    ]);
    expect((await reader.eventCountsSince(120_000)).map((row) => row.minute)).toEqual([120_000, 180_000]);
  });

  it('re-runs the newest window when an event is stored', async () => {
    Dexie.dependencies.indexedDB = factory.indexedDB;
    Dexie.dependencies.IDBKeyRange = IDBKeyRange;
    await writer.events.bulkAdd(Array.from({ length: 5 }, (_, i) => event(`e${i + 1}`)));
    await reader.ready();
    const windows: number[][] = [];
    const counts: number[] = [];
    const list = liveQuery(() => reader.newestEvents(0, 3)).subscribe((rows) => windows.push(rows.map((e) => e.seq)));
    const count = liveQuery(() => reader.countEventsAfter(5)).subscribe((n) => counts.push(n));
    await expect.poll(() => windows.at(-1)).toEqual([5, 4, 3]);
    await expect.poll(() => counts.at(-1)).toBe(0);
    await writer.events.add(event('e6'));
    await expect.poll(() => windows.at(-1)).toEqual([6, 5, 4]);
    await expect.poll(() => counts.at(-1)).toBe(1);
    list.unsubscribe();
    count.unsubscribe();
  });
});

describe('search cap', () => {
  it('says when a search matches more users than it lists', async () => {
    const capped = createMasterDataReader(page, 10);
    await writer.users.bulkPut(Array.from({ length: 15 }, (_, i) => ({ ...blankUser(String(100 + i), 1), name: 'Same' })));
    const matches = await capped.matchingUserIds(parseUserSearch('same')!);
    expect(matches.ids).toEqual(Array.from({ length: 10 }, (_, i) => String(100 + i)));
    expect(matches.capped).toBe(true);
    expect((await capped.matchingUserIds(parseUserSearch('101')!)).capped).toBe(false);
  });
});

describe('saved event filters', () => {
  it('reads the saved filters from the settings, leaving out an entry that does not validate, and re-runs when they change', async () => {
    Dexie.dependencies.indexedDB = factory.indexedDB;
    Dexie.dependencies.IDBKeyRange = IDBKeyRange;
    expect(await reader.savedEventFilters()).toEqual([]);
    const doors = { name: 'Doors', filter: { ...EMPTY_EVENT_FILTER, categories: ['door'] } };
    await writer.settings.put({ key: SAVED_EVENT_FILTERS_SETTING, value: [doors, { name: 'Broken' }] });
    const seen: string[][] = [];
    const subscription = liveQuery(() => reader.savedEventFilters()).subscribe((saved) => seen.push(saved.map((entry) => entry.name)));
    await expect.poll(() => seen.at(-1)).toEqual(['Doors']);
    await writer.settings.put({ key: SAVED_EVENT_FILTERS_SETTING, value: [doors, { ...doors, name: 'Doors 2' }] });
    await expect.poll(() => seen.at(-1)).toEqual(['Doors', 'Doors 2']);
    subscription.unsubscribe();
  });
});

import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import Dexie, { liveQuery } from 'dexie';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blankUser, cardKey, type User } from '../../../shared/domain/user';
import { PortcullisDatabase } from '../../dbhost/schema';
import { hexToBase64 } from '../lib/hex';
import { createMasterDataReader, type MasterDataReader } from './masterReader';
import { openMasterDatabase, ReadOnlyDatabaseError, type MasterDatabase } from './masterDb';
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
  it('pages users in ID order by primary key', async () => {
    await seed(Array.from({ length: 250 }, (_, i) => user(String(1000 + i), `User ${i}`)));
    expect(await reader.userCount()).toBe(250);
    const page2 = await reader.usersPage(100, 100);
    expect(page2).toHaveLength(100);
    expect(page2[0]!.id).toBe('1100');
    expect((await reader.usersPage(200, 100)).map((u) => u.id).at(-1)).toBe('1249');
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
    await expect(createMasterDataReader(lonely).userCount()).rejects.toMatchObject({ name: 'NoSuchDatabaseError' });
    expect((await factory.indexedDB.databases()).map((d) => d.name)).not.toContain('not-created');
    lonely.db.close();
  });

  it('re-runs a live query when the database host writes', async () => {
    // liveQuery looks for IndexedDB among the globals (Node has none).
    Dexie.dependencies.indexedDB = factory.indexedDB;
    Dexie.dependencies.IDBKeyRange = IDBKeyRange;
    const counts: number[] = [];
    await reader.ready();
    const subscription = liveQuery(() => reader.userCount()).subscribe((n) => counts.push(n));
    await expect.poll(() => counts).toEqual([0]);
    await seed([user('1', 'A')]);
    await expect.poll(() => counts.at(-1)).toBe(1);
    subscription.unsubscribe();
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

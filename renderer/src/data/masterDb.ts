import Dexie, { type DBCore, type DBCoreTable, type Middleware, type Table } from 'dexie';
import type { AccessGroup, AccessLevel, Door, Schedule, Zone } from '../../../shared/domain/access';
import type { EventCountRow } from '../../../shared/domain/eventCounts';
import type { User } from '../../../shared/domain/user';
import type { CardOwnerRow, IndexedDbFactory, SettingRow, StoredEvent } from '../../dbhost/schema';
import { DATABASE_NAME } from '../../dbhost/schema';

/**
 * The operator's window reads the master copy straight from IndexedDB (DESIGN.md §2): the
 * database host (a hidden window in Electron, a Web Worker in the dev/test host) owns and writes
 * it; this window only reads, with Dexie `liveQuery`, which hears of the host's writes through
 * Dexie's cross-context change broadcast.
 *
 * Read-only, twice over:
 * - The database is opened without a schema (Dexie's dynamic mode), so this window never
 *   creates or upgrades it, and only once it exists (`ready()` looks first): a dynamic open of
 *   a missing database would create and delete it again, racing the database host creating
 *   it. Until it exists `ready()` fails with NoSuchDatabaseError and the readers retry.
 * - A DBCore middleware refuses every write transaction and mutation, so no code path here can
 *   write by mistake.
 */
export interface MasterTables {
  users: Table<User, string>;
  cardOwners: Table<CardOwnerRow, string>;
  accessGroups: Table<AccessGroup, number>;
  accessLevels: Table<AccessLevel, number>;
  schedules: Table<Schedule, number>;
  doors: Table<Door, number>;
  zones: Table<Zone, number>;
  /** The event log, by `seq` (the order events were stored in), with the indexes of eventIndexes.ts. */
  events: Table<StoredEvent, number>;
  /** Events per minute by category (database version 6), by the minute's start. */
  eventCounts: Table<EventCountRow, number>;
  /** Settings by key (the saved event filters, ...): read here, written through the contract. */
  settings: Table<SettingRow, string>;
}

export class ReadOnlyDatabaseError extends Error {
  override readonly name = 'ReadOnlyDatabaseError';
}

const refuse = (): never => {
  throw new ReadOnlyDatabaseError('the operator window reads the database only; writes go through the console core');
};

export const readOnlyMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'portcullis-read-only',
  create: (down) => ({
    ...down,
    transaction: (stores, mode, options) => (mode === 'readwrite' ? refuse() : down.transaction(stores, mode, options)),
    table: (name): DBCoreTable => ({ ...down.table(name), mutate: () => Promise.reject(new ReadOnlyDatabaseError(`cannot write ${name} from the operator window`)) }),
  }),
};

/** The database host has not created the database yet (named as Dexie names the same case). */
export class NoSuchDatabaseError extends Error {
  override readonly name = 'NoSuchDatabaseError';
}

export interface MasterDatabase {
  db: Dexie;
  /** Opens the database once it exists; call before any live query (outside of it). */
  ready(): Promise<void>;
  /** The tables, once the database is open (dynamic mode learns them from the database itself). */
  tables(): Promise<MasterTables>;
}

export function openMasterDatabase(name: string = DATABASE_NAME, factory?: IndexedDbFactory): MasterDatabase {
  const db = new Dexie(name, factory);
  db.use(readOnlyMiddleware);
  // Dexie types its factory loosely; it is an IDBFactory (the browser's, or fake-indexeddb's in tests).
  const idb = (factory?.indexedDB ?? globalThis.indexedDB) as IDBFactory | undefined;
  return {
    db,
    ready: async () => {
      if (db.isOpen()) return;
      if (typeof idb?.databases === 'function') {
        const existing = await idb.databases();
        if (!existing.some((info) => info.name === name)) throw new NoSuchDatabaseError(`database ${name} does not exist yet`);
      }
      await db.open();
    },
    // Dexie's own promise (not an async function), so a liveQuery keeps tracking what runs after it.
    tables: () =>
      db.open().then(() => ({
        users: db.table<User, string>('users'),
        cardOwners: db.table<CardOwnerRow, string>('cardOwners'),
        accessGroups: db.table<AccessGroup, number>('accessGroups'),
        accessLevels: db.table<AccessLevel, number>('accessLevels'),
        schedules: db.table<Schedule, number>('schedules'),
        doors: db.table<Door, number>('doors'),
        zones: db.table<Zone, number>('zones'),
        events: db.table<StoredEvent, number>('events'),
        eventCounts: db.table<EventCountRow, number>('eventCounts'),
        settings: db.table<SettingRow, string>('settings'),
      })),
  };
}

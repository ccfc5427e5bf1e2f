import Dexie, { type DexieOptions, type EntityTable, type Table } from 'dexie';
import type { AccessGroup, AccessLevel, Door, Schedule, Zone } from '../../shared/domain/access';
import type { ConsoleEvent } from '../../shared/domain/consoleEvent';
import type { User } from '../../shared/domain/user';
import { upgradeAccessRecordsToV2 } from './accessUpgrade';

export const DATABASE_NAME = 'portcullis';

/**
 * Rows per bulkPut/bulkAdd inside one transaction: IndexedDB handles a series of moderate
 * requests better than one huge one (TOOLCHAIN.md: ten bulkPuts of 10,000 beat one of
 * 100,000 threefold).
 */
export const WRITE_CHUNK = 2_000;

/**
 * Who holds a card (`cardKey(card)`, type and data). A side table rather than an index on the
 * users: its primary key makes IndexedDB itself refuse a card given to two users, an owner
 * lookup reads a few bytes instead of whole user records (templates, photo), and user records
 * stay exactly `User` for everyone who reads them directly (the operator's window).
 */
export interface CardOwnerRow {
  key: string;
  userId: string;
}

/** user ID → hash of the record last confirmed written to that device (DESIGN.md §4). */
export interface JournalRow {
  deviceId: number;
  userId: string;
  hash: string;
}

/**
 * One line of the event log. `deviceEventKey` ("<deviceId>:<deviceEventId>") exists only on
 * device events: records without it are not in its unique index, so console events (whose
 * device event ID is null) never collide with each other.
 */
export type StoredEvent = ConsoleEvent & { seq: number; deviceEventKey?: string };

export interface SettingRow {
  key: string;
  value: unknown;
}

/** Where the device-origin pipeline stopped reading a device's log (DESIGN.md §4). */
export interface EventCursorRow {
  deviceId: number;
  lastEventId: number;
}

/** What Dexie needs to reach IndexedDB: the browser's own, or fake-indexeddb in Node. */
export type IndexedDbFactory = Required<Pick<DexieOptions, 'indexedDB' | 'IDBKeyRange'>>;

/**
 * The console's database. Add a `version(n)` with the new schema (and an upgrade function when
 * records change shape) for every change; never edit a released version.
 */
export class PortcullisDatabase extends Dexie {
  users!: EntityTable<User, 'id'>;
  cardOwners!: EntityTable<CardOwnerRow, 'key'>;
  accessGroups!: EntityTable<AccessGroup, 'id'>;
  accessLevels!: EntityTable<AccessLevel, 'id'>;
  schedules!: EntityTable<Schedule, 'id'>;
  doors!: EntityTable<Door, 'id'>;
  zones!: EntityTable<Zone, 'id'>;
  journal!: Table<JournalRow, [number, string]>;
  events!: EntityTable<StoredEvent, 'seq'>;
  settings!: EntityTable<SettingRow, 'key'>;
  eventCursors!: EntityTable<EventCursorRow, 'deviceId'>;

  constructor(name: string = DATABASE_NAME, factory?: IndexedDbFactory) {
    super(name, factory);
    this.version(1).stores({
      users: 'id, name, department',
      cardOwners: 'key, userId',
      accessGroups: 'id',
      accessLevels: 'id',
      schedules: 'id',
      doors: 'id',
      zones: 'id',
      journal: '[deviceId+userId], deviceId',
      events: '++seq, time, deviceId, kind, level, userId, &deviceEventKey',
      settings: 'key',
      eventCursors: 'deviceId',
    });
    // Same tables and indexes; doors and zones change shape (accessUpgrade.ts).
    this.version(2)
      .stores({ doors: 'id', zones: 'id' })
      .upgrade((tx) => upgradeAccessRecordsToV2(tx));
  }
}

/** Opens the database (creating or upgrading it), so a broken one fails here and not mid-request. */
export async function openPortcullisDatabase(factory?: IndexedDbFactory, name: string = DATABASE_NAME): Promise<PortcullisDatabase> {
  const db = new PortcullisDatabase(name, factory);
  await db.open();
  return db;
}

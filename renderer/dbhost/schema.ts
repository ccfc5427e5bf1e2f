import Dexie, { type DexieOptions, type EntityTable, type InsertType, type Table } from 'dexie';
import type { AccessGroup, AccessLevel, Door, Schedule, Zone } from '../../shared/domain/access';
import type { ConsoleEvent } from '../../shared/domain/consoleEvent';
import type { EventCategory } from '../../shared/domain/eventCatalog';
import type { EventCountRow } from '../../shared/domain/eventCounts';
import type { User } from '../../shared/domain/user';
import { upgradeAccessRecordsToV4 } from './accessUpgrade';
import { EVENTS_V5, upgradeEventsToV5 } from './eventIndexes';

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

/**
 * Version 1's journal layout: one row per user and device. Kept only so that version 2 can
 * carry its rows over; version 3 drops the table.
 */
export interface JournalRowV1 {
  deviceId: number;
  userId: string;
  hash: string;
}

/**
 * One confirmed change to device journals (DESIGN.md §4: user ID → hash of the record last
 * confirmed written): the users written with their hashes and the users removed, shared by
 * every device that confirmed the same batch. A full sync of 10,000 users to 50 devices thus
 * writes 20 of these and 1,000 links, where one row per user and device wrote 500,000 rows.
 * A device's journal is its linked entries folded in `seq` order (journalTables.ts).
 */
export interface JournalEntryRow {
  seq: number;
  written: [userId: string, hash: string][];
  removed: string[];
}

/** "This device confirmed that entry": the entry's `seq` under the device's ID. */
export interface JournalLinkRow {
  deviceId: number;
  seq: number;
}

/**
 * One line of the event log. `deviceEventKey` is its dedup key in a unique index:
 * "<deviceId>:<deviceEventId>" for a device event, "console:<writeId>" for a console event its
 * writer numbered (older console events have none, and records without it are not in the index).
 * The name predates console keys; renaming an index means a new database version. `category` is
 * the catalog's category of `kind`, stored for the event log's filter (eventIndexes.ts).
 */
/** Console events' dedup keys start with this; it sorts after every device key (digits first). */
export const CONSOLE_KEY_PREFIX = 'console:';

export type StoredEvent = ConsoleEvent & { seq: number; deviceEventKey?: string; category: EventCategory };

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
  journalEntries!: EntityTable<JournalEntryRow, 'seq'>;
  journalLinks!: Table<JournalLinkRow, [number, number]>;
  events!: EntityTable<StoredEvent, 'seq'>;
  settings!: EntityTable<SettingRow, 'key'>;
  eventCursors!: EntityTable<EventCursorRow, 'deviceId'>;
  /** Events per minute by category, kept by events.add (shared/domain/eventCounts.ts); the Overview's chart. */
  eventCounts!: EntityTable<EventCountRow, 'minute'>;

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
    this.version(2)
      .stores({ journalEntries: '++seq', journalLinks: '[deviceId+seq], seq' })
      .upgrade(async (transaction) => {
        // Each device's rows become one entry of its own, linked to it.
        const byDevice = new Map<number, [string, string][]>();
        await transaction
          .table<JournalRowV1, [number, string]>('journal')
          .each((row) => {
            const written = byDevice.get(row.deviceId) ?? [];
            written.push([row.userId, row.hash]);
            byDevice.set(row.deviceId, written);
          });
        const entries = transaction.table<JournalEntryRow, number, InsertType<JournalEntryRow, 'seq'>>('journalEntries');
        const links = transaction.table<JournalLinkRow, [number, number]>('journalLinks');
        for (const [deviceId, written] of byDevice) {
          const seq = await entries.add({ written, removed: [] });
          await links.add({ deviceId, seq });
        }
      });
    // Dropped one version after the upgrade that reads it, as Dexie requires.
    this.version(3).stores({ journal: null });
    // Same tables and indexes; doors and zones change shape (accessUpgrade.ts).
    this.version(4)
      .stores({ doors: 'id', zones: 'id' })
      .upgrade((tx) => upgradeAccessRecordsToV4(tx));
    // The event log read by filter, newest first, a page at a time (eventIndexes.ts).
    this.version(5)
      .stores({ events: EVENTS_V5 })
      .upgrade((tx) => upgradeEventsToV5(tx));
    // Events per minute, counted as they are stored from now on (older events are not counted:
    // the chart shows the last hour only).
    this.version(6).stores({ eventCounts: 'minute' });
  }
}

/** Opens the database (creating or upgrading it), so a broken one fails here and not mid-request. */
export async function openPortcullisDatabase(factory?: IndexedDbFactory, name: string = DATABASE_NAME): Promise<PortcullisDatabase> {
  const db = new PortcullisDatabase(name, factory);
  await db.open();
  return db;
}

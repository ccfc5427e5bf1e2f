import type { AccessGroup, AccessLevel, Door, NewRecord, Schedule, Zone } from '../../../shared/domain/access';
import type { ConsoleEvent } from '../../../shared/domain/consoleEvent';
import type { User, UserProblem } from '../../../shared/domain/user';

/**
 * The core's only way to the database (DESIGN.md §2, the data plane). In the app a database
 * host (a hidden window in Electron, a Web Worker in the dev/test host) implements it over a
 * batching request protocol; tests run the same database host module in Node with
 * fake-indexeddb. A server edition could put PostgreSQL behind it without touching the engine.
 *
 * Every write is one transaction: it is applied whole or not at all.
 */
export interface Store {
  users: {
    /** Every user, in batches of about `batchSize`, in ID order. */
    scan(batchSize?: number): AsyncIterable<User[]>;
    get(ids: readonly string[]): Promise<(User | undefined)[]>;
    count(): Promise<number>;
    /**
     * Validates (shared/domain/user.ts) and checks uniqueness (a card belongs to one user)
     * against the stored users and within the batch, then stores the accepted ones in one
     * transaction. Refused records are reported, never stored, and change nothing.
     *
     * A very large batch (above a few thousand users or a few MB) is stored as consecutive
     * transactions of that size, in order, so one import never holds the database for long;
     * if one of them fails, the earlier ones stay stored and the error says how far it got.
     *
     * With `createOnly`, a user whose ID is already stored is refused (`user ID 123 already
     * exists`, field `id`) instead of replaced; the check is part of the write, so two writers
     * adding the same ID cannot both succeed.
     */
    put(users: readonly User[], options?: PutOptions): Promise<PutResult>;
    delete(ids: readonly string[]): Promise<void>;
  };
  accessGroups: Table<AccessGroup>;
  accessLevels: Table<AccessLevel>;
  schedules: Table<Schedule>;
  doors: Table<Door>;
  zones: Table<Zone>;
  journal: {
    /** user ID → hash of the record last confirmed written to that device. */
    read(deviceId: number): Promise<Map<string, string>>;
    /**
     * Records a batch every device of `deviceIds` confirmed: written (ID → hash) and removed
     * IDs, in one transaction. One call for all the devices a batch reached keeps a full sync
     * to many devices from writing the same entries once per device.
     */
    record(deviceIds: readonly number[], written: ReadonlyMap<string, string>, removed: readonly string[]): Promise<void>;
    /** Forgets everything about a device (Wipe & resync). */
    clear(deviceId: number): Promise<void>;
  };
  events: {
    add(events: readonly ConsoleEvent[]): Promise<void>;
    /**
     * The stored event a device logged under `eventId` in its run of IDs `epoch` (0: before any
     * restart of its log): what it was, to tell whether the device's log still holds it.
     */
    deviceEvent(deviceId: number, eventId: number, epoch: number): Promise<StoredDeviceEventMark | null>;
    /**
     * One bounded step of the retention: removes at most `limit` events, those older than
     * `olderThan` first, then the oldest beyond the newest `keepNewest`, in one short
     * transaction. `more`: call again (after a pause) for the rest.
     */
    prune(rule: PruneRule): Promise<PruneResult>;
  };
  /**
   * Where the console stopped reading each device's event log: the ID of the last event whose
   * effects are stored. The catch-up after a (re)connect or a restart reads on from there.
   */
  eventCursors: {
    /** The last processed event ID of a device; null when its log was never read. */
    get(deviceId: number): Promise<number | null>;
    put(deviceId: number, lastEventId: number): Promise<void>;
  };
  settings: {
    get(key: string): Promise<unknown>;
    put(key: string, value: unknown): Promise<void>;
  };
  /** Master-data changes, after they are committed, for the sync engine to react to. */
  onChange(listener: (change: StoreChange) => void): () => void;
}

/** Enough of a stored device event to tell it from another the device logged under the same ID. */
export interface StoredDeviceEventMark {
  time: number;
  kind: string;
  userId: string | null;
}

export interface Table<T extends { id: number }> {
  all(): Promise<T[]>;
  /** Validated against its schema in shared/domain/access.ts; a refused batch stores nothing. */
  put(records: readonly T[]): Promise<void>;
  /**
   * Stores a new record under an ID the database chooses inside the write transaction, and
   * returns it: above every ID the table holds or ever gave out (never one that was deleted), so
   * two windows creating at once get different IDs and neither replaces the other's record.
   */
  create(record: NewRecord<T>): Promise<number>;
  delete(ids: readonly number[]): Promise<void>;
}

export interface PruneRule {
  keepNewest: number;
  /** Epoch ms. */
  olderThan: number;
  limit: number;
}

export interface PruneResult {
  deleted: number;
  more: boolean;
}

export interface PutOptions {
  /** Add only: refuse users whose ID is already stored rather than replace them. */
  createOnly?: boolean;
}

export interface PutResult {
  stored: string[];
  refused: { id: string; problems: UserProblem[] }[];
}

export type StoreChange =
  | { table: 'users'; ids: string[] }
  | { table: 'accessGroups' | 'accessLevels' | 'schedules' | 'doors' | 'zones'; ids: number[] }
  /**
   * Another database host took over: it may hold another database altogether (another browser
   * profile in the dev/test host), so anything read before may differ, journals included.
   */
  | { table: 'all' };

/** A write the database refused as a whole (validation, uniqueness, quota, aborted transaction). */
export class StoreWriteError extends Error {
  override readonly name: string = 'StoreWriteError';
}

/**
 * A write the database itself failed, whatever the data (IndexedDB's quota exceeded, a
 * transaction aborted, a disk error): nothing was stored, and unlike a refusal of the data the
 * same write may succeed later, so work that must not be lost keeps it and tries again.
 */
export class StoreFaultError extends StoreWriteError {
  override readonly name = 'StoreFaultError';
}

/**
 * The database could not be reached: no database host is connected, it did not answer in
 * time, or it went away before answering. A write that was sent may or may not have been
 * stored; writes are puts and deletes by ID, and device events are stored once, so doing it
 * again later is safe (only a console event could then be logged twice). The database host is
 * restarted when it dies.
 */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError';
}

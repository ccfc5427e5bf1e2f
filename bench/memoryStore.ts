import type { AccessGroup, AccessLevel, Door, Schedule, Zone } from '../shared/domain/access';
import type { ConsoleEvent } from '../shared/domain/consoleEvent';
import { userExistsProblem, userProblems, type User } from '../shared/domain/user';
import type { PutResult, Store, StoreChange, Table } from '../electron/core/store/store';

/**
 * The Store port in memory, for benchmarks that measure the engine and the wire without the
 * database behind them (the same benchmark also runs against the real database host, so both
 * figures are printed side by side). Validates users like the database does; no card owners.
 */
export class MemoryStore implements Store {
  private readonly userRows = new Map<string, User>();
  /** Per device, the confirmed batches in order (a log: recording a batch for 50 devices is 50 appends). */
  private readonly journals = new Map<number, JournalBatch[]>();
  private readonly settingRows = new Map<string, unknown>();
  private readonly cursorRows = new Map<number, number>();
  private readonly listeners = new Set<(change: StoreChange) => void>();
  readonly eventRows: ConsoleEvent[] = [];

  readonly users: Store['users'] = {
    scan: (batchSize = 1_000) => this.scanUsers(batchSize),
    get: async (ids) => ids.map((id) => this.userRows.get(id)),
    count: async () => this.userRows.size,
    put: async (users, options) => {
      const result: PutResult = { stored: [], refused: [] };
      for (const user of users) {
        const problems = options?.createOnly === true && this.userRows.has(user.id) ? [userExistsProblem(user.id)] : userProblems(user);
        if (problems.length > 0) result.refused.push({ id: user.id, problems });
        else {
          this.userRows.set(user.id, user);
          result.stored.push(user.id);
        }
      }
      if (result.stored.length > 0) this.changed({ table: 'users', ids: result.stored });
      return result;
    },
    delete: async (ids) => {
      for (const id of ids) this.userRows.delete(id);
      this.changed({ table: 'users', ids: [...ids] });
    },
  };

  readonly accessGroups = memoryTable<AccessGroup>();
  readonly accessLevels = memoryTable<AccessLevel>();
  readonly schedules = memoryTable<Schedule>();
  readonly doors = memoryTable<Door>();
  readonly zones = memoryTable<Zone>();

  readonly journal: Store['journal'] = {
    read: async (deviceId) => {
      const journal = new Map<string, string>();
      for (const { written, removed } of this.journals.get(deviceId) ?? []) {
        for (const [id, hash] of written) journal.set(id, hash);
        for (const id of removed) journal.delete(id);
      }
      // Compacted on read, so the log never grows past one batch per write since the last read.
      this.journals.set(deviceId, [{ written: journal, removed: [] }]);
      return new Map(journal);
    },
    record: async (deviceIds, written, removed) => {
      for (const deviceId of deviceIds) {
        const log = this.journals.get(deviceId) ?? [];
        log.push({ written, removed });
        this.journals.set(deviceId, log);
      }
    },
    clear: async (deviceId) => {
      this.journals.delete(deviceId);
    },
  };

  readonly events: Store['events'] = {
    add: async (events) => {
      this.eventRows.push(...events);
    },
    deviceEvent: async (deviceId, eventId, epoch) => {
      // From the newest: the event asked for is the one at a cursor, near the end.
      const found = this.eventRows.findLast((event) => event.deviceId === deviceId && event.deviceEventId === eventId && (event.deviceLogEpoch ?? 0) === epoch);
      return found ? { time: found.time, kind: found.kind, userId: found.userId } : null;
    },
    prune: async ({ keepNewest, olderThan, limit }) => {
      // The same rule as the database host's (pruneEvents.ts), on the array: by age, then by count.
      let deleted = 0;
      for (let index = 0; index < this.eventRows.length && deleted < limit; ) {
        const event = this.eventRows[index];
        if (event && event.time > 0 && event.time < olderThan) {
          this.eventRows.splice(index, 1);
          deleted += 1;
        } else index += 1;
      }
      const beyond = Math.max(0, Math.min(this.eventRows.length - keepNewest, limit - deleted));
      this.eventRows.splice(0, beyond);
      deleted += beyond;
      const more = this.eventRows.length > keepNewest || this.eventRows.some((event) => event.time > 0 && event.time < olderThan);
      return { deleted, more };
    },
  };

  readonly eventCursors: Store['eventCursors'] = {
    get: async (deviceId) => this.cursorRows.get(deviceId) ?? null,
    put: async (deviceId, lastEventId) => {
      this.cursorRows.set(deviceId, lastEventId);
    },
  };

  readonly settings: Store['settings'] = {
    get: async (key) => this.settingRows.get(key),
    put: async (key, value) => {
      this.settingRows.set(key, value);
    },
  };

  onChange(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(change: StoreChange): void {
    for (const listener of this.listeners) listener(change);
  }

  private async *scanUsers(batchSize: number): AsyncIterable<User[]> {
    const ids = [...this.userRows.keys()].sort();
    for (let start = 0; start < ids.length; start += batchSize) {
      yield ids.slice(start, start + batchSize).flatMap((id) => this.userRows.get(id) ?? []);
    }
  }
}

interface JournalBatch {
  written: ReadonlyMap<string, string>;
  removed: readonly string[];
}

function memoryTable<T extends { id: number }>(): Table<T> {
  const rows = new Map<number, T>();
  let lastCreated = 0;
  return {
    all: async () => [...rows.values()],
    put: async (records) => {
      for (const record of records) rows.set(record.id, record);
    },
    create: async (record) => {
      for (const id of rows.keys()) if (id > lastCreated) lastCreated = id;
      lastCreated += 1;
      // The record without its ID plus an ID is a T; TypeScript cannot see that for a generic T.
      rows.set(lastCreated, { ...record, id: lastCreated } as T);
      return lastCreated;
    },
    delete: async (ids) => {
      for (const id of ids) rows.delete(id);
    },
  };
}

import type { AccessGroup, AccessLevel, Door, Schedule, Zone } from '../../../shared/domain/access';
import type { ConsoleEvent } from '../../../shared/domain/consoleEvent';
import type { User } from '../../../shared/domain/user';
import type { UserIdPolicy } from '../../../shared/limits';
import { batchBySize, chunk } from '../../../shared/db/batches';
import {
  DB_LIMITS,
  dbHostMessageSchema,
  dbRequests,
  firstIssue,
  settingValueSchema,
  type DbArgs,
  type DbErrorKind,
  type DbRequestName,
  type DbResult,
  type PutResultMessage,
  type StoreChangeMessage,
} from '../../../shared/db/protocol';
import type { DbTransport } from '../../../shared/db/transport';
import { StoreFaultError, StoreUnavailableError, StoreWriteError, type PutResult, type Store, type StoreChange, type Table } from './store';

export interface RemoteStoreOptions {
  /** How long a sent request may wait for its answer. */
  requestTimeoutMs?: number;
  /** How long a request may wait for a database host to be attached at all. */
  attachTimeoutMs?: number;
  /** The site's user ID rule, which the host checks every user against. */
  userIdPolicy?: UserIdPolicy;
  /** users.put is sent in batches of at most this many users... */
  usersPerRequest?: number;
  /** ...and about this many bytes. */
  bytesPerRequest?: number;
  /** Where protocol trouble is reported (malformed messages, throwing listeners). */
  log?: (message: string) => void;
}

interface Call {
  id: number;
  name: DbRequestName;
  args: unknown;
  resolve(result: unknown): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/** users.put batches in flight at once: the host writes one while the next one travels. */
const PUT_WINDOW = 2;
/** IDs per users.get request: its answer holds whole users. */
const GET_BATCH = 1_000;

/**
 * The core's Store over the database protocol (shared/db/protocol.ts), whatever carries it.
 *
 * - The core starts before any database host: requests made with none attached wait for one
 *   (up to `attachTimeoutMs`), then go out in order.
 * - Each request has an ID and a deadline; an answer that does not come in time fails it with
 *   a StoreUnavailableError naming the request.
 * - When the transport closes, every request sent on it fails at once; later requests wait
 *   for the next host (the shells restart it).
 * - The host is not trusted: every answer is checked against the request's result schema, and
 *   `changed` messages against theirs, before anything reaches the engine.
 */
export class RemoteStore implements Store {
  private readonly requestTimeoutMs: number;
  private readonly attachTimeoutMs: number;
  private readonly userIdPolicy: UserIdPolicy;
  private readonly usersPerRequest: number;
  private readonly bytesPerRequest: number;
  private readonly log: (message: string) => void;
  private link: { transport: DbTransport; detach(): void } | null = null;
  private readonly waiting: Call[] = [];
  private readonly pending = new Map<number, Call>();
  private readonly changeListeners = new Set<(change: StoreChange) => void>();
  private nextId = 1;
  private closed = false;
  private attachedBefore = false;

  constructor(options: RemoteStoreOptions = {}) {
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.attachTimeoutMs = options.attachTimeoutMs ?? 30_000;
    this.userIdPolicy = options.userIdPolicy ?? 'numeric';
    this.usersPerRequest = Math.min(options.usersPerRequest ?? 1_000, DB_LIMITS.usersPerPut);
    this.bytesPerRequest = options.bytesPerRequest ?? 4 * 1024 * 1024;
    this.log = options.log ?? ((message) => console.warn(`database host: ${message}`));
  }

  readonly users: Store['users'] = {
    scan: (batchSize = 1_000) => this.scanUsers(batchSize),
    get: async (ids) => {
      const found: (User | undefined)[] = [];
      for (const part of chunk(ids, GET_BATCH)) {
        const users = await this.request('users.get', { ids: part });
        if (users.length !== part.length) throw new Error(`the database host answered users.get for ${part.length} IDs with ${users.length} records`);
        for (const user of users) found.push(user ?? undefined);
      }
      return found;
    },
    count: () => this.request('users.count', undefined),
    put: (users, options) => this.putUsers(users, options?.createOnly === true),
    delete: async (ids) => {
      for (const part of chunk(ids, DB_LIMITS.idsPerRequest)) await this.request('users.delete', { ids: part });
    },
  };

  readonly accessGroups: Table<AccessGroup> = {
    all: () => this.request('accessGroups.all', undefined),
    put: (records) => this.request('accessGroups.put', { records: this.oneBatch(records, 'access groups') }).then(nothing),
    create: async (record) => (await this.request('accessGroups.create', { record })).id,
    delete: (ids) => this.deleteRecords(ids, (part) => this.request('accessGroups.delete', { ids: part })),
  };

  readonly accessLevels: Table<AccessLevel> = {
    all: () => this.request('accessLevels.all', undefined),
    put: (records) => this.request('accessLevels.put', { records: this.oneBatch(records, 'access levels') }).then(nothing),
    create: async (record) => (await this.request('accessLevels.create', { record })).id,
    delete: (ids) => this.deleteRecords(ids, (part) => this.request('accessLevels.delete', { ids: part })),
  };

  readonly schedules: Table<Schedule> = {
    all: () => this.request('schedules.all', undefined),
    put: (records) => this.request('schedules.put', { records: this.oneBatch(records, 'schedules') }).then(nothing),
    create: async (record) => (await this.request('schedules.create', { record })).id,
    delete: (ids) => this.deleteRecords(ids, (part) => this.request('schedules.delete', { ids: part })),
  };

  readonly doors: Table<Door> = {
    all: () => this.request('doors.all', undefined),
    put: (records) => this.request('doors.put', { records: this.oneBatch(records, 'doors') }).then(nothing),
    create: async (record) => (await this.request('doors.create', { record })).id,
    delete: (ids) => this.deleteRecords(ids, (part) => this.request('doors.delete', { ids: part })),
  };

  readonly zones: Table<Zone> = {
    all: () => this.request('zones.all', undefined),
    put: (records) => this.request('zones.put', { records: this.oneBatch(records, 'zones') }).then(nothing),
    create: async (record) => (await this.request('zones.create', { record })).id,
    delete: (ids) => this.deleteRecords(ids, (part) => this.request('zones.delete', { ids: part })),
  };

  readonly journal: Store['journal'] = {
    read: async (deviceId) => new Map(await this.request('journal.read', { deviceId })),
    record: async (deviceIds, written, removed) => {
      const entries = [...written];
      const limit = DB_LIMITS.journalEntriesPerRecord;
      for (const devices of chunk(deviceIds, DB_LIMITS.devicesPerJournalRecord)) {
        if (entries.length <= limit && removed.length <= limit) {
          await this.request('journal.record', { deviceIds: devices, written: entries, removed: [...removed] });
          continue;
        }
        // Beyond one message: several transactions. Each entry stands alone, so that is safe.
        for (const part of chunk(entries, limit)) await this.request('journal.record', { deviceIds: devices, written: part, removed: [] });
        for (const part of chunk(removed, limit)) await this.request('journal.record', { deviceIds: devices, written: [], removed: part });
      }
    },
    clear: (deviceId) => this.request('journal.clear', { deviceId }).then(nothing),
  };

  readonly events: Store['events'] = {
    add: async (events: readonly ConsoleEvent[]) => {
      for (const part of chunk(events, DB_LIMITS.eventsPerAdd)) await this.request('events.add', { events: part });
    },
    prune: (rule) => this.request('events.prune', { ...rule, limit: Math.min(rule.limit, DB_LIMITS.eventsPerPrune) }),
    deviceEvent: async (deviceId, eventId, epoch) => (await this.request('events.deviceEvent', { deviceId, eventId, epoch })).event,
  };

  readonly eventCursors: Store['eventCursors'] = {
    get: async (deviceId) => (await this.request('eventCursors.get', { deviceId })).lastEventId,
    put: (deviceId, lastEventId) => this.request('eventCursors.put', { deviceId, lastEventId }).then(nothing),
  };

  readonly settings: Store['settings'] = {
    get: async (key) => {
      const answer = await this.request('settings.get', { key });
      return answer.found ? answer.value : undefined;
    },
    put: async (key, value) => {
      // Refused here, by name, rather than mangled by JSON on the way (a Date, a Map, undefined).
      const json = settingValueSchema.safeParse(value);
      if (!json.success) throw new StoreWriteError(`setting "${key}" was refused: it is not a JSON value (${firstIssue(json.error)})`);
      await this.request('settings.put', { key, value: json.data });
    },
  };

  onChange(listener: (change: StoreChange) => void): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  /** Whether a database host is attached right now. */
  get attached(): boolean {
    return this.link !== null;
  }

  /**
   * Serves requests over `transport` from now on. Requests waiting for a host go out at once.
   * A transport attached while another is live replaces it: the old one is closed and what was
   * sent on it fails.
   */
  attach(transport: DbTransport): void {
    if (this.closed) {
      transport.close('the console is shutting down');
      return;
    }
    this.link?.transport.close('replaced by a new database host');
    const offMessage = transport.onMessage((message) => this.receive(message));
    const offClose = transport.onClose((reason) => this.lost(transport, reason));
    this.link = {
      transport,
      detach: () => {
        offMessage();
        offClose();
      },
    };
    for (const call of this.waiting.splice(0)) this.send(transport, call);
    // Nothing was read before the first host; after it, what was read may not hold for this one.
    if (this.attachedBefore) this.emitChange({ table: 'all' });
    this.attachedBefore = true;
  }

  /** Fails everything waiting or pending and closes the transport; later requests fail at once. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    const link = this.link;
    this.link = null;
    link?.detach();
    link?.transport.close('the console is shutting down');
    this.failAll([...this.waiting.splice(0), ...this.pending.values()], (call) => `${call.name} was cancelled: the console is shutting down`);
    this.pending.clear();
  }

  private request<K extends DbRequestName>(name: K, args: DbArgs<K>): Promise<DbResult<K>> {
    return new Promise<DbResult<K>>((resolve, reject) => {
      if (this.closed) {
        reject(new StoreUnavailableError(`${name} was refused: the console is shutting down`));
        return;
      }
      const call: Call = { id: this.nextId++, name, args, resolve: resolve as (result: unknown) => void, reject, timer: undefined };
      if (this.link) {
        this.send(this.link.transport, call);
        return;
      }
      this.waiting.push(call);
      call.timer = setTimeout(() => {
        const index = this.waiting.indexOf(call);
        if (index >= 0) this.waiting.splice(index, 1);
        reject(new StoreUnavailableError(`no database host is connected: ${name} waited ${duration(this.attachTimeoutMs)} for one`));
      }, this.attachTimeoutMs);
    });
  }

  private send(transport: DbTransport, call: Call): void {
    clearTimeout(call.timer);
    try {
      transport.send({ type: 'request', id: call.id, name: call.name, args: call.args });
    } catch (error) {
      call.reject(new StoreUnavailableError(`${call.name} could not be sent to the database host: ${(error as Error).message}`, { cause: error }));
      return;
    }
    this.pending.set(call.id, call);
    call.timer = setTimeout(() => {
      this.pending.delete(call.id);
      call.reject(new StoreUnavailableError(`the database host did not answer ${call.name} within ${duration(this.requestTimeoutMs)}`));
    }, this.requestTimeoutMs);
  }

  private receive(raw: unknown): void {
    const parsed = dbHostMessageSchema.safeParse(raw);
    if (!parsed.success) {
      this.log(`ignored a malformed message (${firstIssue(parsed.error)})`);
      return;
    }
    const message = parsed.data;
    if (message.type === 'changed') {
      this.emitChange(message.change);
      return;
    }
    if (!message.ok && message.id === null) {
      this.log(`the database host could not read a message: ${message.error.message}`);
      return;
    }
    const call = message.id === null ? undefined : this.pending.get(message.id);
    if (!call) return; // answered after its deadline: the caller has already been told
    this.pending.delete(call.id);
    clearTimeout(call.timer);
    if (!message.ok) {
      call.reject(errorFor(call.name, message.error.kind, message.error.message));
      return;
    }
    const result = dbRequests[call.name].result.safeParse(message.result);
    if (result.success) call.resolve(result.data);
    else call.reject(new Error(`the database host answered ${call.name} with a malformed result (${firstIssue(result.error)})`));
  }

  private lost(transport: DbTransport, reason: string): void {
    if (this.link?.transport !== transport) return;
    this.link.detach();
    this.link = null;
    this.failAll([...this.pending.values()], (call) => `the database host went away before answering ${call.name} (${reason})`);
    this.pending.clear();
  }

  private failAll(calls: Call[], message: (call: Call) => string): void {
    for (const call of calls) {
      clearTimeout(call.timer);
      call.reject(new StoreUnavailableError(message(call)));
    }
  }

  private emitChange(change: StoreChange): void {
    for (const listener of [...this.changeListeners]) {
      try {
        listener(change);
      } catch (error) {
        this.log(`a change listener failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  private async *scanUsers(batchSize: number): AsyncGenerator<User[]> {
    const limit = Math.max(1, Math.min(Math.floor(batchSize), DB_LIMITS.scanPageMax));
    const pageAfter = (afterId: string | null): Promise<DbResult<'users.scan'>> => {
      const page = this.request('users.scan', { afterId, limit });
      // Awaited below; a scan abandoned half-way leaves one page unread, and that is no error.
      page.catch(() => {});
      return page;
    };
    let afterId: string | null = null;
    let next = pageAfter(null);
    for (;;) {
      const page: DbResult<'users.scan'> = await next;
      const last: User | undefined = page.users.at(-1);
      // A host that does not move forward would keep a scan going for ever.
      if (last && afterId !== null && !(last.id > afterId)) throw new Error('the database host answered users.scan out of order');
      const more = page.more && last !== undefined;
      // The next page is read while the caller works on this one.
      if (more) {
        afterId = last.id;
        next = pageAfter(afterId);
      }
      if (page.users.length > 0) yield page.users;
      if (!more) return;
    }
  }

  private async putUsers(users: readonly User[], createOnly: boolean): Promise<PutResult> {
    const batches = batchBySize(users, this.usersPerRequest, this.bytesPerRequest);
    const inFlight: Promise<PutResultMessage>[] = [];
    const result: PutResult = { stored: [], refused: [] };
    let finished = 0;
    const settleOldest = async (): Promise<void> => {
      const oldest = inFlight.shift();
      if (!oldest) return;
      const part = await oldest;
      result.stored.push(...part.stored);
      result.refused.push(...part.refused);
      finished++;
    };
    try {
      for (const batch of batches) {
        const next = this.request('users.put', { users: batch, idPolicy: this.userIdPolicy, createOnly });
        // Awaited in settleOldest; this only keeps its failure from counting as unhandled meanwhile.
        next.catch(() => {});
        inFlight.push(next);
        if (inFlight.length >= PUT_WINDOW) await settleOldest();
      }
      while (inFlight.length > 0) await settleOldest();
    } catch (error) {
      if (batches.length === 1) throw error;
      throw progressError(error, `users.put stopped at batch ${finished + 1} of ${batches.length}; the ${result.stored.length} users stored before it stay stored`);
    }
    return result;
  }

  private oneBatch<T>(records: readonly T[], what: string): T[] {
    // Access tables are small, and a refused batch must store nothing: never split one.
    if (records.length > DB_LIMITS.recordsPerPut) throw new StoreWriteError(`at most ${DB_LIMITS.recordsPerPut} ${what} can be stored in one batch`);
    return [...records];
  }

  private async deleteRecords(ids: readonly number[], remove: (part: number[]) => Promise<null>): Promise<void> {
    for (const part of chunk(ids, DB_LIMITS.idsPerRequest)) await remove(part);
  }
}

function nothing(): void {}

function errorFor(name: DbRequestName, kind: DbErrorKind, message: string): Error {
  switch (kind) {
    case 'refused':
      return new StoreWriteError(message);
    case 'failed':
      return dbRequests[name].write ? new StoreFaultError(`the database could not apply ${name}: ${message}`) : new Error(`the database failed ${name}: ${message}`);
    case 'invalid-request':
      return new Error(`the database host refused ${name} as malformed: ${message}`);
  }
}

/** The same kind of error, saying how far a multi-batch write got. */
function progressError(error: unknown, progress: string): Error {
  const message = `${progress}: ${error instanceof Error ? error.message : String(error)}`;
  if (error instanceof StoreUnavailableError) return new StoreUnavailableError(message, { cause: error });
  if (error instanceof StoreFaultError) return new StoreFaultError(message, { cause: error });
  if (error instanceof StoreWriteError) return new StoreWriteError(message, { cause: error });
  return new Error(message, { cause: error });
}

function duration(ms: number): string {
  return ms >= 1_000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

// The protocol's shapes and the port's types must stay the same thing ('all' is the core's own:
// a host cannot announce that it replaced itself).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const changeShapesMatch: Same<StoreChangeMessage, Exclude<StoreChange, { table: 'all' }>> = true;
const putResultShapesMatch: Same<PutResultMessage, PutResult> = true;
void changeShapesMatch;
void putResultShapesMatch;

import { z } from 'zod';
import { accessGroupSchema, accessLevelSchema, doorSchema, scheduleSchema, zoneSchema } from '../domain/access';
import { userSchema } from '../domain/user';

/**
 * The protocol between the console core and the database host (DESIGN.md §2, the data plane):
 * one request per operation of the core's Store port, answered by one response, plus a pushed
 * `changed` message after every committed master-data write.
 *
 *   core → host  {"type":"request","id":7,"name":"users.put","args":{"users":[...],"idPolicy":"numeric"}}
 *   host → core  {"type":"changed","change":{"table":"users","ids":["1001"]}}
 *                {"type":"response","id":7,"ok":true,"result":{"stored":["1001"],"refused":[]}}
 *                {"type":"response","id":8,"ok":false,"error":{"kind":"refused","message":"..."}}
 *
 * Every message is plain JSON (bytes are base64 text in the domain), because the dev/test host
 * carries them over a WebSocket; Electron's MessagePort carries the same objects. Neither side
 * trusts the other: the host validates every request with these schemas before it touches the
 * database, and the core validates every result before the engine sees it.
 */

/** Upper bounds of one request, so that one message stays a reasonable size on any link. */
export const DB_LIMITS = {
  /** Users in one users.put (one transaction on the host). */
  usersPerPut: 10_000,
  /** IDs in one users.get / users.delete / journal removal list. */
  idsPerRequest: 10_000,
  scanPageMax: 5_000,
  /** Access groups, levels, schedules, doors or zones in one put. */
  recordsPerPut: 10_000,
  journalEntriesPerRecord: 100_000,
  /** Devices that confirmed one journal change together (one EnrollMulti reaches at most this many). */
  devicesPerJournalRecord: 10_000,
  eventsPerAdd: 10_000,
  /** Events one events.prune may remove (one short transaction). */
  eventsPerPrune: 10_000,
  settingKeyMaxChars: 200,
  /** A setting's value as JSON text. */
  settingMaxChars: 1_000_000,
} as const;

export const accessTableNames = ['accessGroups', 'accessLevels', 'schedules', 'doors', 'zones'] as const;
export type AccessTableName = (typeof accessTableNames)[number];

/** User IDs on the wire: bounded here; whether one is valid is the domain's check (userProblems). */
const userId = z.string().min(1).max(64);
const userIds = z.array(userId).max(DB_LIMITS.idsPerRequest);
const recordId = z.number().int().positive().max(0xffff_fffe);
const deviceId = z.number().int().nonnegative().max(0xffff_ffff);
/** A device's own event ID (uint32 on the wire). */
const eventId = z.number().int().nonnegative().max(0xffff_ffff);
const recordHash = z.string().min(1).max(128);
const settingKey = z.string().min(1).max(DB_LIMITS.settingKeyMaxChars);
/** Any JSON value, no larger than a setting may be. */
export const settingValueSchema = z.json().refine((value) => JSON.stringify(value).length <= DB_LIMITS.settingMaxChars, 'the value is too large');

const noArgs = z.undefined();

export const storeChangeSchema = z.discriminatedUnion('table', [
  z.strictObject({ table: z.literal('users'), ids: z.array(userId) }),
  z.strictObject({ table: z.enum(accessTableNames), ids: z.array(recordId) }),
]);

export const userProblemSchema = z.strictObject({ field: z.string().max(200), message: z.string().max(500) });
export const putResultSchema = z.strictObject({
  stored: z.array(userId),
  refused: z.array(z.strictObject({ id: z.string().max(64), problems: z.array(userProblemSchema) })),
});

/** A batch for an access table: each record is checked against its domain schema on the host. */
const tablePut = { args: z.strictObject({ records: z.array(z.unknown()).max(DB_LIMITS.recordsPerPut) }), result: z.null(), write: true } as const;
const tableDelete = { args: z.strictObject({ ids: z.array(recordId).max(DB_LIMITS.idsPerRequest) }), result: z.null(), write: true } as const;
/** A new record without its ID, checked on the host; the host gives it the next free ID and answers with it. */
const tableCreate = { args: z.strictObject({ record: z.unknown() }), result: z.strictObject({ id: recordId }), write: true } as const;
const tableAll = <T extends z.ZodType>(record: T) => ({ args: noArgs, result: z.array(record), write: false }) as const;

/**
 * Every request: its arguments (checked by the host), its result (checked by the core), and
 * whether it writes (the host applies writes one at a time, in the order they arrive).
 */
export const dbRequests = {
  /** One page of users in ID order (IndexedDB's string order), after `afterId`. */
  'users.scan': {
    args: z.strictObject({ afterId: userId.nullable(), limit: z.number().int().min(1).max(DB_LIMITS.scanPageMax) }),
    /** `more` is false once the last user was returned. */
    result: z.strictObject({ users: z.array(userSchema), more: z.boolean() }),
    write: false,
  },
  /** null where no user has that ID (JSON has no undefined). */
  'users.get': { args: z.strictObject({ ids: userIds }), result: z.array(userSchema.nullable()), write: false },
  'users.count': { args: noArgs, result: z.number().int().nonnegative(), write: false },
  /**
   * Records are untrusted here: the host validates each and reports the refused ones.
   * `createOnly`: a user whose ID is already stored is refused instead of replaced, checked
   * inside the write's own transaction.
   */
  'users.put': {
    args: z.strictObject({
      users: z.array(z.unknown()).max(DB_LIMITS.usersPerPut),
      idPolicy: z.enum(['numeric', 'alphanumeric']),
      createOnly: z.boolean().optional(),
    }),
    result: putResultSchema,
    write: true,
  },
  'users.delete': { args: z.strictObject({ ids: userIds }), result: z.null(), write: true },
  'accessGroups.all': tableAll(accessGroupSchema),
  'accessGroups.put': tablePut,
  'accessGroups.create': tableCreate,
  'accessGroups.delete': tableDelete,
  'accessLevels.all': tableAll(accessLevelSchema),
  'accessLevels.put': tablePut,
  'accessLevels.create': tableCreate,
  'accessLevels.delete': tableDelete,
  'schedules.all': tableAll(scheduleSchema),
  'schedules.put': tablePut,
  'schedules.create': tableCreate,
  'schedules.delete': tableDelete,
  'doors.all': tableAll(doorSchema),
  'doors.put': tablePut,
  'doors.create': tableCreate,
  'doors.delete': tableDelete,
  'zones.all': tableAll(zoneSchema),
  'zones.put': tablePut,
  'zones.create': tableCreate,
  'zones.delete': tableDelete,
  /** [user ID, hash] pairs (a Map does not survive JSON). */
  'journal.read': { args: z.strictObject({ deviceId }), result: z.array(z.tuple([userId, recordHash])), write: false },
  /** One change confirmed by every device of `deviceIds` (stored once, linked to each). */
  'journal.record': {
    args: z.strictObject({
      deviceIds: z.array(deviceId).max(DB_LIMITS.devicesPerJournalRecord),
      written: z.array(z.tuple([userId, recordHash])).max(DB_LIMITS.journalEntriesPerRecord),
      removed: z.array(userId).max(DB_LIMITS.journalEntriesPerRecord),
    }),
    result: z.null(),
    write: true,
  },
  'journal.clear': { args: z.strictObject({ deviceId }), result: z.null(), write: true },
  /** Device events already stored (same device and device event ID) are skipped: `added` counts the rest. */
  'events.add': {
    args: z.strictObject({ events: z.array(z.unknown()).max(DB_LIMITS.eventsPerAdd) }),
    result: z.strictObject({ added: z.number().int().nonnegative() }),
    write: true,
  },
  /** One bounded step of the retention: see renderer/dbhost/pruneEvents.ts. */
  'events.prune': {
    args: z.strictObject({
      keepNewest: z.number().int().min(1).max(1_000_000_000),
      olderThan: z.number().int().nonnegative(),
      limit: z.number().int().min(1).max(DB_LIMITS.eventsPerPrune),
    }),
    result: z.strictObject({ deleted: z.number().int().nonnegative(), more: z.boolean() }),
    write: true,
  },
  /** A stored device event by its device, ID and run of IDs: see Store.events.deviceEvent. */
  'events.deviceEvent': {
    args: z.strictObject({ deviceId, eventId, epoch: z.number().int().nonnegative().max(0xffff_ffff) }),
    result: z.strictObject({
      event: z.strictObject({ time: z.number(), kind: z.string().max(64), userId: z.string().max(32).nullable() }).nullable(),
    }),
    write: false,
  },
  'eventCursors.get': { args: z.strictObject({ deviceId }), result: z.strictObject({ lastEventId: eventId.nullable() }), write: false },
  'eventCursors.put': { args: z.strictObject({ deviceId, lastEventId: eventId }), result: z.null(), write: true },
  'settings.get': {
    args: z.strictObject({ key: settingKey }),
    result: z.discriminatedUnion('found', [z.strictObject({ found: z.literal(true), value: z.json() }), z.strictObject({ found: z.literal(false) })]),
    write: false,
  },
  'settings.put': { args: z.strictObject({ key: settingKey, value: settingValueSchema }), result: z.null(), write: true },
} as const satisfies Record<string, { args: z.ZodType; result: z.ZodType; write: boolean }>;

export type DbRequestName = keyof typeof dbRequests;
export type DbArgs<K extends DbRequestName> = z.infer<(typeof dbRequests)[K]['args']>;
export type DbResult<K extends DbRequestName> = z.infer<(typeof dbRequests)[K]['result']>;
export type StoreChangeMessage = z.infer<typeof storeChangeSchema>;
export type PutResultMessage = z.infer<typeof putResultSchema>;

/** What the database host implements: one async handler per request. */
export type DbHandlers = { [K in DbRequestName]: (args: DbArgs<K>) => Promise<DbResult<K>> };

export function isDbRequestName(name: string): name is DbRequestName {
  return Object.hasOwn(dbRequests, name);
}

/**
 * Why a request failed. `invalid-request`: off the protocol (a bug or a hostile peer), nothing
 * ran. `refused`: the data broke a rule of the domain (a record that does not validate), nothing
 * was stored. `failed`: the database itself failed (quota, aborted transaction).
 */
export const dbErrorKinds = ['invalid-request', 'refused', 'failed'] as const;
export type DbErrorKind = (typeof dbErrorKinds)[number];

const requestId = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

export const dbRequestEnvelopeSchema = z.strictObject({
  type: z.literal('request'),
  id: requestId,
  name: z.string().max(64),
  args: z.unknown().optional(),
});

export const dbResponseSchema = z.discriminatedUnion('ok', [
  z.strictObject({ type: z.literal('response'), id: requestId, ok: z.literal(true), result: z.unknown() }),
  z.strictObject({
    type: z.literal('response'),
    /** null when the host could not tell which request a malformed message was. */
    id: requestId.nullable(),
    ok: z.literal(false),
    error: z.strictObject({ kind: z.enum(dbErrorKinds), message: z.string().max(2_000) }),
  }),
]);

export const dbChangedSchema = z.strictObject({ type: z.literal('changed'), change: storeChangeSchema });

/** Everything the core accepts from a database host. */
export const dbHostMessageSchema = z.union([dbResponseSchema, dbChangedSchema]);

export type DbRequest = { type: 'request'; id: number; name: DbRequestName; args?: unknown };
export type DbResponse = z.infer<typeof dbResponseSchema>;
export type DbChanged = z.infer<typeof dbChangedSchema>;
export type DbMessage = DbRequest | DbResponse | DbChanged;

/** The first problem zod found, with where it is, in a sentence. */
export function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'rejected';
  return issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message;
}

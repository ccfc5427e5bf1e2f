import { z } from 'zod';
import { deviceViewSchema, gatewayViewSchema } from '../devices';
import {
  accessGroupSchema,
  accessLevelSchema,
  doorSchema,
  newAccessGroupSchema,
  newAccessLevelSchema,
  newDoorSchema,
  newScheduleSchema,
  newZoneSchema,
  scheduleSchema,
  zoneSchema,
} from '../domain/access';
import { syncModePreviewSchema, syncModeSchema } from '../domain/syncMode';
import { userSchema } from '../domain/user';
import { requestNames, type EventName, type EventSubscriberName, type RequestName } from './channels';

export { eventNames, requestNames, subscriberName, ipcEventChannel, ipcRequestChannel } from './channels';
export type { EventName, EventSubscriberName, RequestName } from './channels';

/**
 * The one contract between the operator's window and the console core. Electron's preload and
 * the dev/test host's WebSocket bridge both implement it; the core implements its handlers.
 * Every request's arguments are validated with its schema on the core side before a handler
 * runs, because the renderer is not trusted to send well-formed data.
 */

const noArgs = z.undefined();
const deviceId = z.number().int().positive().max(0xffff_ffff);
const deviceArgs = z.object({ deviceId }).strict();
const deviceUsersArgs = z.object({ deviceId, userIds: z.array(z.string().min(1).max(32)).min(1).max(10_000) }).strict();

const recordId = z.number().int().positive();
/** A new access record carries no ID: the database gives it one and the answer says which. */
function createRequest<T extends z.ZodType>(record: T) {
  return { args: z.object({ record }).strict(), result: z.object({ id: recordId }).strict() };
}
/** IDs in one delete request (deleteUsers, deleteDoors, ...): callers with more send several. */
export const MAX_IDS_PER_REQUEST = 10_000;
function idsArgs<T extends z.ZodType>(id: T) {
  return z.object({ ids: z.array(id).min(1).max(MAX_IDS_PER_REQUEST) }).strict();
}
/** 20 MB of CSV is about 200,000 users: the largest import we accept in one go. */
export const MAX_CSV_CHARS = 20 * 1024 * 1024;
/**
 * The largest request of the contract as one JSON frame: the CSV import, at up to 3 bytes of
 * UTF-8 per character (any name in the Basic Multilingual Plane, and a quote or line break
 * escaped as two), plus the envelope. Links that cap frames (the dev/test host's bridge) use it.
 */
export const MAX_REQUEST_FRAME_BYTES = 3 * MAX_CSV_CHARS + 64 * 1024;

export const saveUserResultSchema = z.object({
  stored: z.boolean(),
  problems: z.array(z.object({ field: z.string(), message: z.string() })),
});
export type SaveUserResult = z.infer<typeof saveUserResultSchema>;

export const deviceUserStatuses = ['same', 'different', 'new', 'missing'] as const;
export const deviceUserComparisonSchema = z.object({
  userId: z.string(),
  /** The console's name, or the device's for a user only on the device. */
  name: z.string(),
  /** same: identical; different: both have it, contents differ; new: only on the device; missing: only in the console. */
  status: z.enum(deviceUserStatuses),
});
export type DeviceUserComparison = z.infer<typeof deviceUserComparisonSchema>;

/** User IDs in one explainPlacement request: an explanation is for the rows an operator looks at. */
export const MAX_PLACEMENT_USER_IDS = 200;
export const placementChainSchema = z
  .object({
    groupId: recordId,
    groupName: z.string(),
    levelId: recordId,
    levelName: z.string(),
    doorId: recordId,
    doorName: z.string(),
    /** The device is this door's entry or exit reader. */
    role: z.enum(['entry', 'exit']),
  })
  .strict();
export type PlacementChain = z.infer<typeof placementChainSchema>;
export const userPlacementSchema = z
  .object({
    userId: z.string(),
    /** In the console's journal for the device: the console wrote this user there and the device confirmed it. */
    placed: z.boolean(),
    /** The mode in force sends this user to the device now (the next sync writes or keeps it). */
    wanted: z.boolean(),
    /** The user in the master copy: a disabled or absent user goes to no device. */
    user: z.enum(['enabled', 'disabled', 'absent']),
    mode: syncModeSchema,
    /**
     * In Specific devices, every chain by which one of the user's access groups reaches the
     * device; empty in the other modes, where every user goes to every device.
     */
    because: z.array(placementChainSchema),
  })
  .strict();
export type UserPlacement = z.infer<typeof userPlacementSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  /** How the console runs: inside Electron, or in a browser through the dev/test host. */
  shell: z.enum(['electron', 'host']),
  /** The built-in virtual site's ports, when the console started one. */
  virtualSite: z.object({ grpcPort: z.number().int(), controlPort: z.number().int() }).nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const requests = {
  getAppInfo: { args: noArgs, result: appInfoSchema },
  listDevices: { args: noArgs, result: z.array(deviceViewSchema) },
  listGateways: { args: noArgs, result: z.array(gatewayViewSchema) },
  /** Drop the backoff wait and try a gateway again now. */
  retryGateway: { args: z.object({ gatewayId: z.string().min(1).max(200) }).strict(), result: z.null() },
  /** Queue a sync of one device (returns when queued; progress arrives as devicesChanged). */
  syncDevice: { args: deviceArgs, result: z.null() },
  syncAll: { args: noArgs, result: z.object({ queued: z.number().int() }) },
  /** Delete every user the console placed on the device, forget its journal, and sync it from scratch. */
  wipeAndResync: { args: deviceArgs, result: z.null() },
  /** Deep check: read every user back from the device, hash and compare. */
  checkDevice: { args: deviceArgs, result: z.null() },
  /** "Manage users in device": the device's users beside the console's. */
  compareDeviceUsers: { args: deviceArgs, result: z.array(deviceUserComparisonSchema) },
  /** Merge users found only on (or different on) the device into the master copy. */
  uploadDeviceUsers: { args: deviceUsersArgs, result: z.object({ stored: z.array(z.string()), refused: z.array(z.object({ id: z.string(), reason: z.string() })) }) },
  /** Delete users from the device only (the master copy is not touched). */
  deleteDeviceUsers: { args: deviceUsersArgs, result: z.null() },
  /** The automatic user synchronization mode in force (shared/domain/syncMode.ts). */
  getSyncMode: { args: noArgs, result: z.object({ mode: syncModeSchema }).strict() },
  /** Store and switch to a mode; every device is checked again, and synced when the mode pushes. */
  setSyncMode: { args: z.object({ mode: syncModeSchema }).strict(), result: z.null() },
  /** Why each user is (or should be) on the device under the mode in force; answered from the master copy and the journal. */
  explainPlacement: {
    args: z.object({ deviceId, userIds: z.array(z.string().min(1).max(32)).min(1).max(MAX_PLACEMENT_USER_IDS) }).strict(),
    result: z.array(userPlacementSchema),
  },
  /** What switching to a mode would write to each connected device, without switching (the settings panel's preview). */
  previewSyncMode: { args: z.object({ mode: syncModeSchema }).strict(), result: syncModePreviewSchema },

  // Master data. The renderer reads the database itself (Dexie liveQuery); every write goes
  // through here so it is validated in the core and reaches the sync engine.
  /**
   * Add or replace a user; refused with the reasons, each naming its field. `createOnly`: add
   * only; a user with that ID already stored is refused ("user ID 123 already exists", field
   * `id`), never replaced.
   */
  saveUser: { args: z.object({ user: userSchema, createOnly: z.boolean().optional() }).strict(), result: saveUserResultSchema },
  deleteUsers: { args: idsArgs(z.string().min(1).max(32)), result: z.null() },
  /** Users from CSV (see shared/domain/userCsv.ts); a report per refused row. */
  importUsers: {
    args: z.object({ csv: z.string().max(MAX_CSV_CHARS) }).strict(),
    result: z.object({ imported: z.number().int(), refused: z.array(z.object({ line: z.number().int(), message: z.string() })) }),
  },
  // Access records: create (the database chooses the ID), save (replace the record with that ID), delete.
  createAccessGroup: createRequest(newAccessGroupSchema),
  saveAccessGroup: { args: z.object({ record: accessGroupSchema }).strict(), result: z.null() },
  deleteAccessGroups: { args: idsArgs(recordId), result: z.null() },
  createAccessLevel: createRequest(newAccessLevelSchema),
  saveAccessLevel: { args: z.object({ record: accessLevelSchema }).strict(), result: z.null() },
  deleteAccessLevels: { args: idsArgs(recordId), result: z.null() },
  createSchedule: createRequest(newScheduleSchema),
  saveSchedule: { args: z.object({ record: scheduleSchema }).strict(), result: z.null() },
  deleteSchedules: { args: idsArgs(recordId), result: z.null() },
  createDoor: createRequest(newDoorSchema),
  saveDoor: { args: z.object({ record: doorSchema }).strict(), result: z.null() },
  deleteDoors: { args: idsArgs(recordId), result: z.null() },
  createZone: createRequest(newZoneSchema),
  saveZone: { args: z.object({ record: zoneSchema }).strict(), result: z.null() },
  deleteZones: { args: idsArgs(recordId), result: z.null() },
} as const satisfies Record<RequestName, { args: z.ZodType; result: z.ZodType }>;

export const deviceDeltaSchema = z.object({
  upserted: z.array(deviceViewSchema),
  removed: z.array(z.string()),
});
export type DeviceDelta = z.infer<typeof deviceDeltaSchema>;

export const events = {
  /** Devices that appeared or changed, and the keys of devices that went away. */
  devicesChanged: deviceDeltaSchema,
  /** Every configured gateway, whenever one of them changes. */
  gatewaysChanged: z.array(gatewayViewSchema),
} as const satisfies Record<EventName, z.ZodType>;

// The name lists in channels.ts and the schema maps here must name the same things.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const requestNamesMatch: Same<keyof typeof requests, RequestName> = true;
const eventNamesMatch: Same<keyof typeof events, EventName> = true;
void requestNamesMatch;
void eventNamesMatch;

export type RequestArgs<K extends RequestName> = z.infer<(typeof requests)[K]['args']>;
export type RequestResult<K extends RequestName> = z.infer<(typeof requests)[K]['result']>;
export type EventPayload<K extends EventName> = z.infer<(typeof events)[K]>;

export function isRequestName(name: string): name is RequestName {
  return (requestNames as readonly string[]).includes(name);
}

/** What the core implements: one async handler per request. */
export type RequestHandlers = { [K in RequestName]: (args: RequestArgs<K>) => Promise<RequestResult<K>> };

/** The core's outgoing side: pushed events, fanned out to every connected window. */
export interface EventSink {
  emit<K extends EventName>(name: K, payload: EventPayload<K>): void;
}

type RequestFunction<K extends RequestName> =
  RequestArgs<K> extends undefined ? () => Promise<RequestResult<K>> : (args: RequestArgs<K>) => Promise<RequestResult<K>>;

export type Unsubscribe = () => void;

/**
 * What the renderer sees: one named function per request and one `onX` per event. The
 * Electron preload exposes exactly this object; the browser build builds the same one over
 * WebSocket. Nothing generic (no `invoke(channel)`) is ever exposed.
 */
export type ConsoleApi = { [K in RequestName]: RequestFunction<K> } & {
  [K in EventName as EventSubscriberName<K>]: (listener: (payload: EventPayload<K>) => void) => Unsubscribe;
};

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
import { eventLevels } from '../domain/consoleEvent';
import { eventRetentionSchema } from '../domain/eventRetention';
import {
  givenPasswordSchema,
  idleLockMinutesSchema,
  newPasswordSchema,
  operatorIdSchema,
  operatorNameSchema,
  operatorRoleSchema,
  operatorViewSchema,
  sessionViewSchema,
  type OperatorIdentity,
} from '../domain/operators';
import { trafficRequestSchema, trafficStateSchema } from '../domain/siteTraffic';
import { savedEventFilterSchema } from '../domain/eventFilter';
import { syncModePreviewSchema, syncModeSchema } from '../domain/syncMode';
import { userSchema } from '../domain/user';
import {
  addDeviceArgsSchema,
  caCertPemSchema,
  gatewayEditSchema,
  gatewayEntrySchema,
  gatewayHostSchema,
  gatewayIdSchema,
  gatewaySettingsViewSchema,
  gatewayTestResultSchema,
  portSchema,
} from '../domain/gatewaySettings';
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

/**
 * Acting at a device of the built-in virtual site, as a person at its keypad would (DESIGN.md §1,
 * "Virtual site"): the credentials a person presents when enrolling, generated by the site.
 */
export const credentialKinds = ['card', 'fingerprint', 'face'] as const;
export type CredentialKind = (typeof credentialKinds)[number];
const credentialList = z
  .array(z.enum(credentialKinds))
  .max(credentialKinds.length)
  .refine((kinds) => new Set(kinds).size === kinds.length, { message: 'names a credential twice' });
/**
 * Loose on purpose: the device judges a user ID and a name by its own rules (numeric IDs, 48
 * characters), and its refusal is the answer the operator reads. These bounds only keep a
 * request small.
 */
const atDeviceUserId = z.string().min(1).max(200);
const atDeviceName = z.string().max(200);

export const virtualDeviceSchema = z
  .object({
    deviceId: z.number().int().nonnegative(),
    name: z.string(),
    model: z.string(),
    /** The network cable is plugged in (the console may still be reconnecting to it). */
    online: z.boolean(),
    userCount: z.number().int().nonnegative(),
    capacity: z.number().int().nonnegative(),
    /** The credentials its model stores (every model reads cards). */
    credentials: z.array(z.enum(credentialKinds)),
    /** Numeric user IDs, unless the device allows letters too. */
    userIdPolicy: z.enum(['numeric', 'alphanumeric']),
  })
  .strict();
export type VirtualDevice = z.infer<typeof virtualDeviceSchema>;

/** An event the device logged for the action, worded by the event catalog. */
export const loggedEventSchema = z.object({ eventId: z.number().int().positive(), words: z.string(), level: z.enum(eventLevels) }).strict();
export type LoggedEvent = z.infer<typeof loggedEventSchema>;

/**
 * What happened at the device: done (with what it logged), or refused by the device itself with
 * its reason (a bad user ID, a user already there or not there, a credential the model cannot
 * store, a full device). Anything else (not the virtual site, no such device) fails the request.
 */
export const deviceActionResultSchema = z.discriminatedUnion('outcome', [
  z
    .object({
      outcome: z.literal('done'),
      deviceName: z.string(),
      /** The user acted on; null for the network cable. */
      userId: z.string().nullable(),
      /** Credentials given to the user (enrolled, or added by an edit). */
      added: z.array(z.enum(credentialKinds)),
      /** The new card's number in hex, as the Users page searches for it; null when no card was added. */
      cardNumber: z.string().nullable(),
      /** The cable after the action. */
      online: z.boolean(),
      logged: z.array(loggedEventSchema),
    })
    .strict(),
  z.object({ outcome: z.literal('refused'), deviceName: z.string(), reason: z.string() }).strict(),
]);
export type DeviceActionResult = z.infer<typeof deviceActionResultSchema>;

export const appInfoSchema = z.object({
  version: z.string(),
  /** How the console runs: inside Electron, or in a browser through the dev/test host. */
  shell: z.enum(['electron', 'host']),
  /** The built-in virtual site's ports, when the console started one. */
  virtualSite: z.object({ grpcPort: z.number().int(), controlPort: z.number().int() }).nullable(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const requests = {
  // Operators. Who may make which request is shared/ipc/requestAccess.ts; the dispatcher
  // enforces it per session (the Electron window, a WebSocket connection).
  /** This session's state: first start (no account yet), signed out, locked, or signed in as whom. */
  getSession: { args: noArgs, result: sessionViewSchema },
  /** Only while no account exists: creates the administrator and signs this session in. */
  createFirstAdministrator: { args: z.object({ name: operatorNameSchema, password: newPasswordSchema }).strict(), result: sessionViewSchema },
  /** Refused with the same words for an unknown name and a wrong password. */
  signIn: { args: z.object({ name: operatorNameSchema, password: givenPasswordSchema }).strict(), result: sessionViewSchema },
  signOut: { args: noArgs, result: sessionViewSchema },
  /** Lock the screen now (the core also locks it after the idle time). */
  lockSession: { args: noArgs, result: sessionViewSchema },
  /** The signed-in operator's password again, after a lock. */
  unlockSession: { args: z.object({ password: givenPasswordSchema }).strict(), result: sessionViewSchema },
  /** The operator touched the keyboard or mouse: the idle time starts again (the window sends it at most every few seconds). */
  noteOperatorActivity: { args: noArgs, result: z.null() },
  changeOwnPassword: { args: z.object({ currentPassword: givenPasswordSchema, newPassword: newPasswordSchema }).strict(), result: z.null() },
  listOperators: { args: noArgs, result: z.array(operatorViewSchema) },
  addOperator: {
    args: z.object({ name: operatorNameSchema, role: operatorRoleSchema, password: newPasswordSchema }).strict(),
    result: z.object({ id: operatorIdSchema }).strict(),
  },
  /** A new name or role; refused when it would leave no administrator. */
  saveOperator: { args: z.object({ id: operatorIdSchema, name: operatorNameSchema, role: operatorRoleSchema }).strict(), result: z.null() },
  resetOperatorPassword: { args: z.object({ id: operatorIdSchema, password: newPasswordSchema }).strict(), result: z.null() },
  /** Refused for the last administrator; the operator's open sessions end. */
  removeOperator: { args: z.object({ id: operatorIdSchema }).strict(), result: z.null() },
  /** Minutes without input before a session locks (every session, from now on). */
  setIdleLock: { args: z.object({ minutes: idleLockMinutesSchema }).strict(), result: z.null() },

  getAppInfo: { args: noArgs, result: appInfoSchema },
  listDevices: { args: noArgs, result: z.array(deviceViewSchema) },
  listGateways: { args: noArgs, result: z.array(gatewayViewSchema) },
  /** Drop the backoff wait and try a gateway again now. */
  retryGateway: { args: z.object({ gatewayId: z.string().min(1).max(200) }).strict(), result: z.null() },

  // Settings → Device gateways (shared/domain/gatewaySettings.ts). Kept by the core in its own
  // settings file; every change takes effect at once (the gateway is connected, reconnected or let go).
  getGatewaySettings: { args: noArgs, result: gatewaySettingsViewSchema },
  /** Try a gateway (a new one, or new values for one) without saving: TLS with that CA, then its device list. */
  testGateway: { args: z.object({ host: gatewayHostSchema, port: portSchema, caCertPem: caCertPemSchema }).strict(), result: gatewayTestResultSchema },
  addGateway: { args: gatewayEntrySchema, result: z.object({ id: gatewayIdSchema }).strict() },
  /** New name, address or CA for a saved gateway; it reconnects with them. */
  updateGateway: { args: gatewayEditSchema, result: z.null() },
  /** Forget a saved gateway; its devices leave the console's list (nothing on them changes). */
  removeGateway: { args: z.object({ id: gatewayIdSchema }).strict(), result: z.null() },
  /** Switch the built-in virtual site off (its devices leave the list) or on again. */
  setVirtualSiteEnabled: { args: z.object({ enabled: z.boolean() }).strict(), result: z.null() },
  /**
   * The desktop app's native Open dialog for a CA certificate; the file's text comes back (a CA
   * is public). null when the operator cancelled. Refused in the browser, which reads the file itself.
   */
  chooseCaCertificate: { args: noArgs, result: z.object({ fileName: z.string(), pem: caCertPemSchema }).strict().nullable() },
  /**
   * Connect a device through a gateway by its IP address and port (the one place an address is
   * entered for a device); the gateway keeps reconnecting it. Answers with the device's ID.
   */
  addDeviceByAddress: { args: addDeviceArgsSchema, result: z.object({ deviceId }).strict() },
  /** Let the device's gateway drop it (G-SDK DeleteAsyncConnection / Disconnect); it leaves the list. Users on it stay. */
  removeDevice: { args: deviceArgs, result: z.null() },
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
  /** How much of the event log is kept (shared/domain/eventRetention.ts); the defaults until one is stored. */
  getEventRetention: { args: noArgs, result: eventRetentionSchema },
  /** Stores the retention and prunes to it at once, in the background. */
  setEventRetention: { args: eventRetentionSchema, result: z.null() },

  // Monitoring → Event log. The saved filters are a database setting (shared/domain/eventFilter.ts);
  // the window reads them itself and saves or deletes them through here.
  /** Save the filter under its name, replacing a saved filter of that name. */
  saveEventFilter: { args: savedEventFilterSchema, result: z.null() },
  /** Forget the saved filter of that name (nothing happens when there is none). */
  deleteEventFilter: { args: z.object({ name: savedEventFilterSchema.shape.name }).strict(), result: z.null() },

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

  // The built-in virtual site only: acting AT one of its devices (not through the gateway), so
  // the device logs the change as made at the device and the console reacts as it would to a
  // person at a real reader. Refused, with the reason, when the console runs on a real gateway.
  /** The virtual device as the site holds it: cable, users, what its model stores. */
  describeVirtualDevice: { args: deviceArgs, result: virtualDeviceSchema },
  /** Enrol a new user at the device with generated credentials of the kinds named. */
  enrollAtVirtualDevice: {
    args: z.object({ deviceId, userId: atDeviceUserId, name: atDeviceName, credentials: credentialList }).strict(),
    result: deviceActionResultSchema,
  },
  /** Change a user at the device: a new name (absent: kept) and/or generated credentials added. */
  editAtVirtualDevice: {
    args: z
      .object({ deviceId, userId: atDeviceUserId, name: atDeviceName.optional(), addCredentials: credentialList })
      .strict()
      .refine((edit) => edit.name !== undefined || edit.addCredentials.length > 0, { message: 'nothing to change: give a name or a credential to add' }),
    result: deviceActionResultSchema,
  },
  deleteAtVirtualDevice: { args: z.object({ deviceId, userId: atDeviceUserId }).strict(), result: deviceActionResultSchema },
  /** Pull (online false) or plug back (true) the device's network cable. */
  setVirtualDeviceNetwork: { args: z.object({ deviceId, online: z.boolean() }).strict(), result: deviceActionResultSchema },
  /** Site traffic (shared/domain/siteTraffic.ts): everyday events across every virtual device, at a rate. */
  describeSiteTraffic: { args: noArgs, result: trafficStateSchema },
  /** Starts the stream, or changes the rate and mix of the one running. */
  startSiteTraffic: { args: trafficRequestSchema, result: trafficStateSchema },
  stopSiteTraffic: { args: noArgs, result: trafficStateSchema },
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
  /** This session only: it signed in or out, locked or unlocked, or its operator's role changed. */
  sessionChanged: sessionViewSchema,
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

/**
 * Who makes a request, as the dispatcher hands it to a handler: the session it came on (the
 * shell's window or connection; its type is the core's) and the operator signed in there, null
 * for the requests anyone may make before signing in. In-process callers (tests, benchmarks)
 * leave it out and act as the console itself; only the dispatcher is reachable from a window,
 * and it always passes one.
 */
export interface Caller<S = unknown> {
  readonly session: S;
  readonly operator: OperatorIdentity | null;
}

/** What the core implements: one async handler per request. */
export type RequestHandlers<S = unknown> = { [K in RequestName]: (args: RequestArgs<K>, caller?: Caller<S>) => Promise<RequestResult<K>> };

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

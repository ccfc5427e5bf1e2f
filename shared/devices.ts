import { z } from 'zod';
import { syncModeSchema } from './domain/syncMode';

/**
 * How the console sees a device's link, in the words an operator reads. Derived from the
 * gateway's `Connect.SubscribeStatus` and from the health of the gateway connection itself.
 */
export const connectionStates = ['connected', 'connecting', 'disconnected', 'cannot-connect'] as const;
export type ConnectionState = (typeof connectionStates)[number];

/**
 * Whether a device holds what the console says it should (DESIGN.md §4). `unknown` until the
 * first check after (re)connect; `out-of-sync` carries the reasons the yellow mark explains.
 */
export const syncStates = ['unknown', 'checking', 'in-sync', 'out-of-sync', 'syncing', 'error'] as const;
export type SyncState = (typeof syncStates)[number];

/** How a device reads for a door: the door's entry reader, its exit reader, or both. */
export const doorRoles = ['entry', 'exit'] as const;

/** Doors listed in a placement; a reader serves one or two doors, so more is a misconfigured site. */
export const MAX_PLACEMENT_DOORS = 50;

/** One door through which "Specific devices" routes users to a device. */
export const placementDoorSchema = z.object({
  doorId: z.number().int(),
  name: z.string(),
  roles: z.array(z.enum(doorRoles)).min(1).max(2),
  /** Users wanted on the device whose access groups reach this door (a user reaching two doors counts for both). */
  users: z.number().int().nonnegative(),
});
export type PlacementDoor = z.infer<typeof placementDoorSchema>;

/**
 * Which users the console wants on a device and why, as worked out at its last check: the mode
 * in force then, how many users (each once), and in "Specific devices" the doors of this device
 * that bring them, most users first. In the other modes every user goes to every device: no doors.
 */
export const devicePlacementSchema = z.object({
  mode: syncModeSchema,
  users: z.number().int().nonnegative(),
  doors: z.array(placementDoorSchema).max(MAX_PLACEMENT_DOORS),
  /** Doors that route users here beyond the MAX_PLACEMENT_DOORS listed (those with the fewest users). */
  moreDoors: z.number().int().nonnegative(),
});
export type DevicePlacement = z.infer<typeof devicePlacementSchema>;

export const deviceSyncSchema = z.object({
  state: z.enum(syncStates),
  /** Users the device should hold but does not. */
  missing: z.number().int().nonnegative(),
  /** Users the device holds in an older or altered form. */
  outdated: z.number().int().nonnegative(),
  /** Users the device should no longer hold that the console placed there. */
  extra: z.number().int().nonnegative(),
  /** Users found only on the device (never removed automatically: "New user"). */
  onlyOnDevice: z.number().int().nonnegative(),
  /** Access data that differs, in words: "2 access groups", "door Main entrance". */
  accessDiffers: z.array(z.string()),
  /** While syncing: users written so far, of how many, and the estimated time left. */
  progress: z.object({ done: z.number().int(), total: z.number().int(), etaMs: z.number().nullable() }).nullable(),
  /** The last error, in words, when state is 'error' (full device, refused record, ...). */
  message: z.string().nullable(),
  /** Epoch ms of the last completed check (cheap or deep). */
  checkedAt: z.number().nullable(),
  /** Which mode placed users here and through which doors; null until the first check. */
  placement: devicePlacementSchema.nullable(),
});
export type DeviceSync = z.infer<typeof deviceSyncSchema>;

export const UNKNOWN_SYNC: DeviceSync = {
  state: 'unknown',
  missing: 0,
  outdated: 0,
  extra: 0,
  onlyOnDevice: 0,
  accessDiffers: [],
  progress: null,
  message: null,
  checkedAt: null,
  placement: null,
};

export const deviceViewSchema = z.object({
  /** Unique across gateways: `${gatewayId}/${deviceID}`. */
  key: z.string(),
  gatewayId: z.string(),
  deviceID: z.number().int().nonnegative(),
  name: z.string(),
  model: z.string(),
  ip: z.string(),
  port: z.number().int().nonnegative(),
  firmware: z.string().nullable(),
  /** Users the device holds, as it last reported; null until known. */
  userCount: z.number().int().nonnegative().nullable(),
  connection: z.enum(connectionStates),
  /** Extra words for the state (e.g. "TLS", "TCP", "gateway unreachable"). */
  connectionDetail: z.string().nullable(),
  /** Epoch ms of the last connection-state change. */
  since: z.number(),
  sync: deviceSyncSchema,
});
export type DeviceView = z.infer<typeof deviceViewSchema>;

export const gatewayStates = ['connecting', 'connected', 'unreachable', 'untrusted', 'failed'] as const;
export type GatewayState = (typeof gatewayStates)[number];

export const gatewayViewSchema = z.object({
  id: z.string(),
  label: z.string(),
  /** host:port */
  address: z.string(),
  kind: z.enum(['virtual', 'remote']),
  tls: z.boolean(),
  state: z.enum(gatewayStates),
  /** What went wrong, in words for the operator; null while healthy. */
  message: z.string().nullable(),
  /** Epoch ms of the next automatic retry, when one is scheduled. */
  nextRetryAt: z.number().nullable(),
});
export type GatewayView = z.infer<typeof gatewayViewSchema>;

export function deviceKey(gatewayId: string, deviceID: number): string {
  return `${gatewayId}/${deviceID}`;
}

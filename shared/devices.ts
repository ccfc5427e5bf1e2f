import { z } from 'zod';

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

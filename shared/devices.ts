import { z } from 'zod';

/**
 * How the console sees a device's link, in the words an operator reads. Derived from the
 * gateway's `Connect.SubscribeStatus` and from the health of the gateway connection itself.
 */
export const connectionStates = ['connected', 'connecting', 'disconnected', 'cannot-connect'] as const;
export type ConnectionState = (typeof connectionStates)[number];

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

import { z } from 'zod';

/**
 * The dev/test host's WebSocket bridge (`ws://127.0.0.1:<port>/bridge`): the same contract as
 * the Electron preload, carried in one envelope. A script can drive the console headless with it.
 *
 *   client → host  {"type":"request","id":1,"name":"listDevices"}
 *                  {"type":"request","id":2,"name":"retryGateway","args":{"gatewayId":"virtual"}}
 *   host → client  {"type":"response","id":1,"ok":true,"result":[...]}
 *                  {"type":"response","id":2,"ok":false,"error":{"message":"..."}}
 *                  {"type":"event","name":"devicesChanged","payload":{...}}
 */
export const bridgeRequestSchema = z.object({
  type: z.literal('request'),
  id: z.number().int().nonnegative(),
  name: z.string().max(100),
  args: z.unknown().optional(),
});
export type BridgeRequest = z.infer<typeof bridgeRequestSchema>;

export const bridgeResponseSchema = z.discriminatedUnion('ok', [
  z.object({ type: z.literal('response'), id: z.number(), ok: z.literal(true), result: z.unknown() }),
  z.object({ type: z.literal('response'), id: z.number(), ok: z.literal(false), error: z.object({ message: z.string() }) }),
]);
export type BridgeResponse = z.infer<typeof bridgeResponseSchema>;

export const bridgeEventSchema = z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() });
export type BridgeEvent = z.infer<typeof bridgeEventSchema>;

export const bridgeServerMessageSchema = z.union([bridgeResponseSchema, bridgeEventSchema]);
export type BridgeServerMessage = z.infer<typeof bridgeServerMessageSchema>;

export const BRIDGE_PATH = '/bridge';

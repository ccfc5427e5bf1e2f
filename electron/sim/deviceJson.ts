import { z } from 'zod';
import { MODEL_NAMES } from './models';
import type { ModelName } from './models';
import type { SimDeviceSpec } from './simDevice';
import { userFromJson, userJsonSchema } from './userJson';

/*
 * A device in JSON, as POST /devices and the seed file take it (all fields optional):
 *   { "deviceID": 541531029, "name": "Main entrance", "model": "BioStation 2",
 *     "ip": "192.168.10.11", "port": 51211, "capacity": 100000, "latencyMs": 0,
 *     "online": true, "userIdPolicy": "numeric", "firmwareVersion": "1.10.3", "link": "async" }
 * "link": "none" puts the device on the site network without the gateway holding it: a client
 * adds it with Connect.Connect by its IP (and AddAsyncConnection).
 * The seed file adds "users": [<user JSON, see userJson.ts>].
 */

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

const modelName = z.string().refine((name): name is ModelName => (MODEL_NAMES as string[]).includes(name), {
  message: `unknown model; one of ${MODEL_NAMES.join(', ')}`,
});

export const deviceJsonSchema = z.strictObject({
  deviceID: z.number().int().min(1).max(0xffffffff).optional(),
  name: z.string().min(1).max(64).optional(),
  model: modelName.optional(),
  ip: z.string().regex(IPV4, 'is not an IPv4 address').optional(),
  port: z.number().int().min(1).max(65535).optional(),
  capacity: z.number().int().min(0).max(10_000_000).optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  online: z.boolean().optional(),
  userIdPolicy: z.enum(['numeric', 'alphanumeric']).optional(),
  firmwareVersion: z.string().max(32).optional(),
  link: z.enum(['async', 'none']).optional(),
});

export const seedDeviceJsonSchema = deviceJsonSchema.extend({ users: z.array(userJsonSchema).optional() });

export function deviceSpecFromJson(json: z.output<typeof seedDeviceJsonSchema>): SimDeviceSpec {
  const { users, model, ...rest } = json;
  const spec: SimDeviceSpec = { ...rest };
  // The refinement checked the name; zod's output type does not carry the narrowing.
  if (model !== undefined) spec.model = model as ModelName;
  if (users !== undefined) spec.users = users.map(userFromJson);
  return spec;
}

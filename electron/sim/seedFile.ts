import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { deviceSpecFromJson, seedDeviceJsonSchema } from './deviceJson';
import type { SimDeviceSpec } from './simDevice';
import { describeIssues } from './userJson';

/*
 * The seed file (`--seed <file>`): the devices to start with, each optionally with its users,
 * in the same JSON as the control API's bodies:
 *   { "devices": [
 *       { "name": "Main entrance", "model": "BioStation 2", "capacity": 5000,
 *         "users": [{ "ID": "1", "name": "Ada", "cards": [{ "data": "AQIDBA==" }] }] } ] }
 * Users listed here are on the device from the start: no events are logged for them.
 */
export const seedFileSchema = z.strictObject({ devices: z.array(seedDeviceJsonSchema) });

export function parseSeed(json: unknown): SimDeviceSpec[] {
  const parsed = seedFileSchema.safeParse(json);
  if (!parsed.success) throw new Error(`seed file: ${describeIssues(parsed.error)}`);
  return parsed.data.devices.map(deviceSpecFromJson);
}

export async function readSeedFile(path: string): Promise<SimDeviceSpec[]> {
  const text = await readFile(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`seed file ${path} is not JSON: ${(error as Error).message}`, { cause: error });
  }
  return parseSeed(json);
}

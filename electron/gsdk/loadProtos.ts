import { fileURLToPath } from 'node:url';
import * as protoLoader from '@grpc/proto-loader';
import type { PackageDefinition, ServiceDefinition } from '@grpc/proto-loader';

/**
 * The built app copies the `proto` folder next to the bundle, so it is resolved relative to this
 * module, never relative to the working directory.
 */
export const PROTO_DIR = fileURLToPath(new URL('./proto/', import.meta.url));

export const PROTO_FILES = [
  'connect.proto',
  'device.proto',
  'user.proto',
  'card.proto',
  'finger.proto',
  'face.proto',
  'tna.proto',
  'event.proto',
  'access.proto',
  'door.proto',
  'schedule.proto',
  'apb_zone.proto',
  'err.proto',
  'google/rpc/status.proto',
] as const;

/**
 * How messages look in JavaScript; messages.ts describes exactly this shape. Enums stay numbers
 * because devices send values no .proto names, and those must survive.
 */
export const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: true,
  longs: Number,
  enums: Number,
  defaults: true,
  arrays: true,
  oneofs: true,
  // google/protobuf/*.proto (any.proto for google.rpc.Status) come with protobufjs, which
  // proto-loader consults before the include path; PROTO_DIR holds everything else.
  includeDirs: [PROTO_DIR],
};

export const SERVICE_NAMES = {
  connect: 'gsdk.connect.Connect',
  device: 'gsdk.device.Device',
  user: 'gsdk.user.User',
  event: 'gsdk.event.Event',
  access: 'gsdk.access.Access',
  door: 'gsdk.door.Door',
  schedule: 'gsdk.schedule.Schedule',
  apbZone: 'gsdk.apb_zone.APBZone',
} as const;

export type GsdkServiceKey = keyof typeof SERVICE_NAMES;

export interface GsdkProtos {
  packageDefinition: PackageDefinition;
  /** Usable by a grpc-js Client (method paths and codecs) and by Server.addService. */
  services: Record<GsdkServiceKey, ServiceDefinition>;
}

let loaded: GsdkProtos | undefined;

/** Parses the .proto files once per process; both the client and the virtual gateway share it. */
export function loadGsdkProtos(): GsdkProtos {
  if (loaded) return loaded;
  const packageDefinition = protoLoader.loadSync([...PROTO_FILES], LOADER_OPTIONS);
  const services = Object.fromEntries(
    Object.entries(SERVICE_NAMES).map(([key, name]) => [key, serviceDefinition(packageDefinition, name)]),
  ) as Record<GsdkServiceKey, ServiceDefinition>;
  loaded = { packageDefinition, services };
  return loaded;
}

function serviceDefinition(definition: PackageDefinition, name: string): ServiceDefinition {
  const found = definition[name];
  // Message and enum definitions carry a `format`; services do not.
  if (!found || 'format' in found) throw new Error(`${name} is not a service in ${PROTO_DIR}`);
  return found as ServiceDefinition;
}

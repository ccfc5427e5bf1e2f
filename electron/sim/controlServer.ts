import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { z } from 'zod';
import { trafficRequestSchema } from '../../shared/domain/siteTraffic';
import { deviceSpecFromJson, deviceJsonSchema } from './deviceJson';
import { controlRequestRefusal } from './controlAccess';
import { fillStorage, presentCredential } from './deviceActions';
import { HttpError, readJsonBody, sendJson, sendNoContent } from './httpJson';
import { SimError } from './simError';
import type { SimDevice } from './simDevice';
import {
  base64Bytes,
  describeIssues,
  userFromJson,
  userJsonSchema,
  userPatchFromJson,
  userPatchJsonSchema,
  userToJson,
} from './userJson';
import type { VirtualGateway } from './virtualGateway';

/*
 * The virtual gateway's control API: HTTP + JSON, for acting *at* simulated devices (see
 * README.md for every route). Not part of G-SDK; the console's Virtual site panel, tests and
 * benchmarks use it.
 */

export interface ControlServer {
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 1024 * 1024;

const networkBody = z.strictObject({ online: z.boolean() });
const faultsBody = z.strictObject({
  failWrites: z.boolean().optional(),
  failLogReads: z.boolean().optional(),
  dropLiveEvents: z.number().int().min(0).max(1_000_000).optional(),
  latencyMs: z.number().int().min(0).max(600_000).optional(),
  /** null clears a pending one. */
  failAfterUsers: z.number().int().min(0).max(1_000_000).nullable().optional(),
  /** Events the device's log keeps (0: all); the oldest are overwritten beyond. */
  logCapacity: z.number().int().min(0).max(100_000_000).optional(),
});
const rebootBody = z.strictObject({ clearLog: z.boolean().optional() });
const fillBody = z.strictObject({ count: z.number().int().min(0).max(10_000_000).optional() });
/**
 * Many enrollments at the device in one request, so a benchmark's burst of hundreds a second is
 * paced by the gateway itself rather than by one HTTP request per user. The answer comes after
 * the last enrollment, hence the cap on the spread.
 */
const enrollBody = z.strictObject({ users: z.array(userJsonSchema).min(1), spreadMs: z.number().int().min(0).max(120_000).optional() });
/** Any event the device could log, known code or not (a firmware newer than the catalog). */
const logEventBody = z.strictObject({
  eventCode: z.number().int().min(0).max(0xffff),
  subCode: z.number().int().min(0).max(0xff).optional(),
  userID: z.string().max(32).optional(),
  entityID: z.number().int().min(0).max(0xffffffff).optional(),
});
/**
 * POST /devices/{id}/users: a user enrolled at the device, checked as the device checks one; or,
 * with `raw`, a record the firmware holds unchecked (a bad record for the console to meet), whose
 * `nameBytes` (base64) may put a name on the wire that is not UTF-8 text, and which `undecodable`
 * garbles on the wire (User.Get answers holding it do not decode).
 */
const postedUserSchema = userJsonSchema.extend({ raw: z.boolean().optional(), nameBytes: base64Bytes.optional(), undecodable: z.boolean().optional() });
const cutRealtimeBody = z.strictObject({ how: z.enum(['end', 'fail']).optional() });
const presentBody = z.discriminatedUnion('credential', [
  z.strictObject({ credential: z.literal('card'), cardData: base64Bytes }),
  z.strictObject({ credential: z.enum(['finger', 'face']), userId: z.string() }),
]);

/** The summary GET /devices gives for each device. */
export function deviceSummary(device: SimDevice) {
  return {
    deviceID: device.deviceID,
    name: device.name,
    model: device.model.name,
    type: device.model.type,
    ip: device.ip,
    port: device.port,
    firmware: device.firmwareVersion,
    online: device.online,
    connected: device.connected,
    link: device.link,
    monitoring: device.monitoring,
    userCount: device.userCount,
    capacity: device.capacity,
    latencyMs: device.latencyMs,
    failWrites: device.failWrites,
    failLogReads: device.failLogReads,
    dropLiveEvents: device.dropLiveEvents,
    failAfterUsers: device.failAfterUsers,
    logCapacity: device.logCapacity,
    lastEventID: device.lastEventID,
  };
}

export async function startControlServer(
  gateway: VirtualGateway,
  options: { host?: string; port: number },
): Promise<ControlServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer((request, response) => {
    const refusal = controlRequestRefusal(request.headers, host);
    if (refusal) {
      // Its body is not read: the connection cannot carry another request.
      response.setHeader('connection', 'close');
      sendJson(response, 403, { error: refusal });
      return;
    }
    handle(gateway, request, response).catch((error: unknown) => sendError(response, error));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : options.port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function sendError(response: ServerResponse, error: unknown): void {
  if (response.headersSent) {
    response.destroy();
    return;
  }
  const status = httpStatusOf(error);
  // A refused body was not read to its end: the connection cannot carry another request.
  if (status === 413) response.setHeader('connection', 'close');
  const message = error instanceof Error ? error.message : String(error);
  sendJson(response, status, { error: message });
}

function httpStatusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (!(error instanceof SimError)) return 500;
  switch (error.code) {
    case GrpcStatus.INVALID_ARGUMENT:
      return 400;
    case GrpcStatus.NOT_FOUND:
      return 404;
    case GrpcStatus.ALREADY_EXISTS:
      return 409;
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return 507;
    case GrpcStatus.UNAVAILABLE:
      return 503;
    default:
      return 500;
  }
}

async function body<T extends z.ZodType>(request: IncomingMessage, schema: T): Promise<z.output<T>> {
  const json = await readJsonBody(request, MAX_BODY_BYTES);
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new HttpError(400, describeIssues(parsed.error));
  return parsed.data;
}

function parseDeviceID(segment: string): number {
  if (!/^\d{1,10}$/.test(segment) || Number(segment) > 0xffffffff) {
    throw new HttpError(400, `device ID "${segment.slice(0, 40)}" is not a uint32`);
  }
  return Number(segment);
}

function requireDevice(gateway: VirtualGateway, deviceID: number): SimDevice {
  const device = gateway.device(deviceID);
  if (!device) throw new HttpError(404, `device ${deviceID} not found`);
  return device;
}

function methodNotAllowed(method: string, path: string): never {
  throw new HttpError(405, `${method} is not supported on ${path}`);
}

async function handle(gateway: VirtualGateway, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const method = request.method ?? 'GET';
  const path = new URL(request.url ?? '/', 'http://control').pathname;
  const segments = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [root, idSegment, collection, userSegment, ...rest] = segments;

  if (root === 'gateway' && idSegment === 'restart' && segments.length === 2) {
    if (method !== 'POST') methodNotAllowed(method, path);
    await gateway.restart();
    sendJson(response, 200, { restarted: true, grpcPort: gateway.grpcPort });
    return;
  }
  if (root === 'gateway' && idSegment === 'renew-certificate' && segments.length === 2) {
    if (method !== 'POST') methodNotAllowed(method, path);
    if (!gateway.caCert) throw new HttpError(409, 'the gateway runs without TLS: it has no certificate to renew');
    const caCert = await gateway.renewCertificates();
    return sendJson(response, 200, { renewed: true, grpcPort: gateway.grpcPort, caCert: caCert.toString('utf8') });
  }
  if (root === 'gateway' && idSegment === 'cut-realtime' && segments.length === 2) {
    if (method !== 'POST') methodNotAllowed(method, path);
    const { how } = await body(request, cutRealtimeBody);
    return sendJson(response, 200, { cut: gateway.cutRealtimeStreams(how ?? 'fail') });
  }
  if (root === 'traffic' && segments.length === 1) {
    if (method === 'GET') return sendJson(response, 200, gateway.traffic.state());
    if (method === 'POST') return sendJson(response, 200, gateway.traffic.start(await body(request, trafficRequestSchema)));
    if (method === 'DELETE') return sendJson(response, 200, gateway.traffic.stop());
    methodNotAllowed(method, path);
  }
  if (root === 'stats' && segments.length === 1) {
    if (method !== 'GET') methodNotAllowed(method, path);
    return sendJson(response, 200, { calls: gateway.callCounts(), realtimeDiscarded: gateway.realtimeDiscards() });
  }
  if (root !== 'devices' || rest.length > 0) throw new HttpError(404, `no route ${path}`);

  if (idSegment === undefined) {
    if (method === 'GET') return sendJson(response, 200, gateway.devices().map(deviceSummary));
    if (method === 'POST') {
      const device = gateway.addDevice(deviceSpecFromJson(await body(request, deviceJsonSchema)));
      return sendJson(response, 201, { deviceID: device.deviceID });
    }
    methodNotAllowed(method, path);
  }

  const deviceID = parseDeviceID(idSegment);
  const device = requireDevice(gateway, deviceID);

  if (collection === undefined) {
    if (method === 'GET') return sendJson(response, 200, deviceSummary(device));
    if (method === 'DELETE') {
      gateway.removeDevice(deviceID);
      return sendNoContent(response);
    }
    methodNotAllowed(method, path);
  }

  if (collection === 'users') {
    if (userSegment === undefined) {
      if (method === 'GET') return sendJson(response, 200, device.users().map(userToJson));
      if (method === 'POST') {
        const posted = await body(request, postedUserSchema);
        if (posted.raw) {
          // As the firmware could hold it: no checks beyond the JSON's shape; an existing ID is replaced.
          const { raw: _raw, nameBytes, undecodable, ...user } = posted;
          gateway.enrollRawAtDevice(deviceID, userFromJson(user), { ...(nameBytes ? { nameBytes } : {}), undecodable: undecodable ?? false });
          const stored = device.user(user.ID);
          return sendJson(response, 201, stored ? userToJson(stored) : { ID: user.ID });
        }
        if (posted.nameBytes !== undefined || posted.undecodable !== undefined) throw new HttpError(400, 'nameBytes, undecodable: only with "raw": true');
        const user = userFromJson(posted);
        if (device.user(user.hdr.ID)) throw new HttpError(409, `device ${deviceID}: user ${user.hdr.ID} already exists`);
        gateway.enrollAtDevice(deviceID, user);
        const stored = device.user(user.hdr.ID);
        return sendJson(response, 201, stored ? userToJson(stored) : { ID: user.hdr.ID });
      }
      methodNotAllowed(method, path);
    }
    const stored = device.user(userSegment);
    if (!stored) throw new HttpError(404, `device ${deviceID}: user ${userSegment.slice(0, 40)} not found`);
    if (method === 'GET') return sendJson(response, 200, userToJson(stored));
    if (method === 'PUT') {
      const patch = userPatchFromJson(await body(request, userPatchJsonSchema));
      return sendJson(response, 200, userToJson(gateway.editAtDevice(deviceID, userSegment, patch)));
    }
    if (method === 'DELETE') {
      gateway.deleteAtDevice(deviceID, userSegment);
      return sendNoContent(response);
    }
    methodNotAllowed(method, path);
  }

  if (userSegment !== undefined) throw new HttpError(404, `no route ${path}`);
  if (collection === 'access') {
    // Read-only: access rules reach a device only through gRPC, as from the console.
    if (method !== 'GET') methodNotAllowed(method, path);
    return sendJson(response, 200, device.access.snapshot());
  }
  if (method !== 'POST') methodNotAllowed(method, path);

  switch (collection) {
    case 'network': {
      const { online } = await body(request, networkBody);
      gateway.setNetwork(deviceID, online);
      return sendJson(response, 200, deviceSummary(device));
    }
    case 'faults': {
      const faults = await body(request, faultsBody);
      if (faults.failWrites !== undefined) device.failWrites = faults.failWrites;
      if (faults.failLogReads !== undefined) device.failLogReads = faults.failLogReads;
      if (faults.dropLiveEvents !== undefined) device.dropLiveEvents = faults.dropLiveEvents;
      if (faults.latencyMs !== undefined) device.latencyMs = faults.latencyMs;
      if (faults.failAfterUsers !== undefined) device.failAfterUsers = faults.failAfterUsers;
      if (faults.logCapacity !== undefined) device.logCapacity = faults.logCapacity;
      return sendJson(response, 200, deviceSummary(device));
    }
    case 'reboot': {
      const { clearLog } = await body(request, rebootBody);
      gateway.rebootDevice(deviceID, clearLog ?? false);
      return sendJson(response, 200, deviceSummary(device));
    }
    case 'fill': {
      const { count } = await body(request, fillBody);
      const added = fillStorage(device, count);
      return sendJson(response, 200, { added, userCount: device.userCount, capacity: device.capacity });
    }
    case 'enroll': {
      const { users, spreadMs } = await body(request, enrollBody);
      return sendJson(response, 200, await gateway.enrollOverTime(deviceID, users.map(userFromJson), spreadMs ?? 0));
    }
    case 'present': {
      const presented = await body(request, presentBody);
      return sendJson(response, 200, presentCredential(device, presented));
    }
    case 'events': {
      return sendJson(response, 200, device.logEvent(await body(request, logEventBody)));
    }
    default:
      throw new HttpError(404, `no route ${path}`);
  }
}

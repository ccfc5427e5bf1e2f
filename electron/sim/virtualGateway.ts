import { Server, ServerCredentials, status as GrpcStatus } from '@grpc/grpc-js';
import type { ServiceDefinition, UntypedHandleCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import { DeviceStatus } from '../gsdk/messages';
import type { EventLog, StatusChange, UserInfo } from '../gsdk/messages';
import { loadGsdkProtos } from '../gsdk/loadProtos';
import { ensureGatewayCerts, renewGatewayCerts } from './certs';
import type { GatewayCerts } from './certs';
import { DEFAULT_DEMO_DEVICES, demoDevices } from './demoSite';
import { readSeedFile } from './seedFile';
import { accessService } from './services/accessService';
import { connectService } from './services/connectService';
import { deviceService } from './services/deviceService';
import { apbZoneService, doorService, scheduleService } from './services/doorScheduleZoneServices';
import { eventService } from './services/eventService';
import type { GatewayState, RealtimeCut } from './services/gatewayState';
import { userService } from './services/userService';
import { userServiceWithWireFaults, withWireFaults, type WireFaults } from './rawUsers';
import { normalizeUser } from './userRules';
import { SimError } from './simError';
import { SiteTraffic } from './siteTraffic';
import { SimDevice } from './simDevice';
import type { SimDeviceSpec, UserPatch } from './simDevice';

export { SimDevice } from './simDevice';
export type { SimDeviceSpec, UserPatch } from './simDevice';
export type { RealtimeCut } from './services/gatewayState';

export interface VirtualGatewayOptions {
  /** Default 127.0.0.1. */
  host?: string;
  /** 0 = a free port. */
  port?: number;
  /** null = plaintext gRPC (tests). */
  tls: { certDir: string } | null;
  /** A number = that many demo devices; default 12, or none when a seed file is given. */
  devices?: number | SimDeviceSpec[];
  /** Devices (and their users) to add after `devices`; see seedFile.ts for the format. */
  seedFile?: string;
}

/**
 * The gRPC calls the gateway received for one method (read-only figures for benchmarks and
 * tests): how many, and when it last answered one (epoch ms; null before the first answer).
 */
export interface MethodCalls {
  count: number;
  /** Devices the calls named, summed (a ...Multi call to 50 devices counts 50, an Enroll 1). */
  devicesNamed: number;
  lastAnsweredAt: number | null;
}

/**
 * Realtime events the gateway discarded because a subscriber's queue was full (summed over
 * subscribers), and how many of those were changes made at a device: what a client lost live
 * and can only read back from the device's log.
 */
export interface RealtimeDiscards {
  events: number;
  changedOnDevice: number;
}

/** One call a recording saw (recordCalls), in the order the gateway received them. */
export interface RecordedCall {
  /** Method path, e.g. "/gsdk.event.Event/GetLog". */
  path: string;
  /** The devices its request names. */
  deviceIDs: number[];
  /** The decoded request (for a client stream: null). */
  request: unknown;
}

const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const FIRST_GENERATED_ID = 547_000_001;

/**
 * A G-SDK device gateway for simulated devices: the same gRPC services, paths and messages as a
 * real gateway, plus methods to act *at* a device (as an operator at its keypad would) and to
 * cut its network, used by the control API, tests and benchmarks.
 */
export class VirtualGateway {
  /** Set once the server is bound; kept across restart(). */
  grpcPort = 0;
  /** Everyday events across the site on demand (control API `/traffic`, the console's Site traffic). */
  readonly traffic: SiteTraffic;

  private readonly fleet = new Map<number, SimDevice>();
  private readonly statusListeners = new Set<(change: StatusChange) => void>();
  private readonly eventListeners = new Set<(event: EventLog) => void>();
  /** One per open SubscribeRealtimeLog stream: ends it (cutRealtimeStreams). */
  private readonly realtimeCutters = new Set<(how: RealtimeCut) => void>();
  /** The status each device was last announced with, so only real changes are sent. */
  private readonly announced = new Map<number, number>();
  private server: Server | null = null;
  /** By method path ("/gsdk.user.User/EnrollMulti"); kept across restart(). */
  private readonly calls = new Map<string, MethodCalls>();
  private readonly recordings = new Set<RecordedCall[]>();
  /** Kept across restart(), like the call counts. */
  private readonly discards: RealtimeDiscards = { events: 0, changedOnDevice: 0 };
  private nextDeviceID = FIRST_GENERATED_ID;

  private constructor(
    private readonly host: string,
    private certs: GatewayCerts | null,
    /** Where the certificates are kept (null without TLS). */
    private readonly certDir: string | null,
  ) {
    this.traffic = new SiteTraffic(() => this.devices());
  }

  static async start(options: VirtualGatewayOptions): Promise<VirtualGateway> {
    const certs = options.tls ? await ensureGatewayCerts(options.tls.certDir) : null;
    const gateway = new VirtualGateway(options.host ?? '127.0.0.1', certs, options.tls?.certDir ?? null);
    const devices = options.devices ?? (options.seedFile ? 0 : DEFAULT_DEMO_DEVICES);
    const specs = typeof devices === 'number' ? demoDevices(devices) : [...devices];
    if (options.seedFile) specs.push(...(await readSeedFile(options.seedFile)));
    for (const spec of specs) gateway.addDevice(spec);
    await gateway.listen(options.port ?? 0);
    return gateway;
  }

  /** The CA certificate clients pin (null without TLS); renewCertificates() replaces it. */
  get caCert(): Buffer | null {
    return this.certs?.caCert ?? null;
  }

  get caCertPath(): string | null {
    return this.certs?.caCertPath ?? null;
  }

  // --- the fleet -------------------------------------------------------------------------------

  devices(): SimDevice[] {
    return [...this.fleet.values()];
  }

  device(deviceID: number): SimDevice | undefined {
    return this.fleet.get(deviceID);
  }

  /** Adds a device (connected at once unless spec.online is false); ALREADY_EXISTS for a taken ID. */
  addDevice(spec: SimDeviceSpec): SimDevice {
    const deviceID = spec.deviceID ?? this.freeDeviceID();
    if (this.fleet.has(deviceID)) throw new SimError(GrpcStatus.ALREADY_EXISTS, `device ${deviceID} already exists`);
    const device = new SimDevice({ ...spec, deviceID, ip: spec.ip ?? this.freeIp() }, {
      onEvent: (origin, event) => this.publishEvent(origin, event),
      onLinkChange: (changed) => this.announceStatus(changed),
    });
    this.fleet.set(deviceID, device);
    this.announceStatus(device);
    return device;
  }

  /** Removes a device for good; subscribers see it DISCONNECTED. */
  removeDevice(deviceID: number): void {
    const device = this.requireDevice(deviceID);
    this.fleet.delete(deviceID);
    if ((this.announced.get(deviceID) ?? DeviceStatus.DISCONNECTED) !== DeviceStatus.DISCONNECTED) {
      this.emitStatus({ deviceID, status: DeviceStatus.DISCONNECTED, timestamp: unixNow() });
    }
    this.announced.delete(device.deviceID);
  }

  /** Plugs (true) or pulls (false) the device's network cable. */
  setNetwork(deviceID: number, online: boolean): void {
    this.requireDevice(deviceID).setOnline(online);
  }

  /**
   * Drops every open SubscribeRealtimeLog stream while the gateway stays up (its other calls and
   * streams go on): closed with OK (`end`) or UNAVAILABLE (`fail`). What the devices log until a
   * client subscribes again reaches no stream, only the devices' logs; monitoring stays enabled.
   * Returns how many streams were dropped.
   */
  cutRealtimeStreams(how: RealtimeCut): number {
    const cutters = [...this.realtimeCutters];
    for (const cut of cutters) cut(how);
    return cutters.length;
  }

  /** Open SubscribeStatus and SubscribeRealtimeLog streams (tests wait for a subscription to be live). */
  subscriberCounts(): { status: number; realtime: number } {
    return { status: this.statusListeners.size, realtime: this.eventListeners.size };
  }

  /**
   * Every gRPC call received since the gateway started, by method path. Only counts: a benchmark
   * reads how many calls a client made (e.g. EnrollMulti vs one Enroll per edit) and when the
   * last write was answered, without the gateway behaving any differently.
   */
  /**
   * Records every call from now until `stop()`, in order: for tests of what a client asks and in
   * which order (e.g. the log caught up before the check, the check before the push).
   */
  recordCalls(): { readonly calls: readonly RecordedCall[]; stop(): void } {
    const calls: RecordedCall[] = [];
    this.recordings.add(calls);
    return { calls, stop: () => this.recordings.delete(calls) };
  }

  callCounts(): Record<string, MethodCalls> {
    return Object.fromEntries([...this.calls].map(([path, calls]) => [path, { ...calls }]));
  }

  realtimeDiscards(): RealtimeDiscards {
    return { ...this.discards };
  }

  // --- acting at a device (works offline too; events have changedOnDevice = true) ---------------

  enrollAtDevice(deviceID: number, user: UserInfo): void {
    this.requireDevice(deviceID).enroll([user], false, 'device');
  }

  /**
   * A record the device's firmware holds unchecked (SimDevice.enrollRaw), e.g. an ID of "0" or 9
   * cards; `wire` puts on the wire what a UserInfo cannot hold (a name that is not UTF-8, bytes
   * that do not decode).
   */
  enrollRawAtDevice(deviceID: number, user: UserInfo, wire: WireFaults = {}): void {
    // Counted first: the faults belong to the very object stored.
    const counted = normalizeUser(user);
    this.requireDevice(deviceID).enrollRaw(wire.nameBytes || wire.undecodable ? withWireFaults(counted, wire) : counted);
  }

  /**
   * Someone enrolls `users` at the device one after another, as a shift is enrolled at a reader:
   * each is its own enrollment (USER_ENROLL_SUCCESS, changedOnDevice), user i at
   * i × spreadMs / users.length after the first (0: all at once). The whole list is checked
   * first, so a list the device would refuse enrolls nobody; should a later enrollment fail
   * anyway (the device removed, the ID enrolled meanwhile), the run stops there and says how
   * many went in. Resolves with when the first and last were enrolled (epoch ms).
   */
  async enrollOverTime(deviceID: number, users: readonly UserInfo[], spreadMs: number): Promise<{ enrolled: number; firstAt: number | null; lastAt: number | null }> {
    this.requireDevice(deviceID).checkEnroll(users, false);
    const started = Date.now();
    let firstAt: number | null = null;
    let lastAt: number | null = null;
    for (const [position, user] of users.entries()) {
      // Paced by due time, not by sleeps in a row, so a late timer does not push every later one back.
      const wait = started + (position * spreadMs) / users.length - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      try {
        this.requireDevice(deviceID).enroll([user], false, 'device');
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        throw new SimError(error instanceof SimError ? error.code : GrpcStatus.INTERNAL, `${message} (after ${position} of ${users.length} were enrolled)`);
      }
      lastAt = Date.now();
      firstAt ??= lastAt;
    }
    return { enrolled: users.length, firstAt, lastAt };
  }

  /** The device restarts (link down and up); with `clearLog` its event IDs start again from 1 (SimDevice.reboot). */
  rebootDevice(deviceID: number, clearLog: boolean): void {
    this.requireDevice(deviceID).reboot(clearLog);
  }

  editAtDevice(deviceID: number, userID: string, patch: UserPatch): UserInfo {
    return this.requireDevice(deviceID).edit(userID, patch, 'device');
  }

  deleteAtDevice(deviceID: number, userID: string): void {
    const device = this.requireDevice(deviceID);
    if (!device.user(userID)) throw new SimError(GrpcStatus.NOT_FOUND, `device ${deviceID}: user ${userID} not found`);
    device.delete([userID], 'device');
  }

  // --- the gRPC server -------------------------------------------------------------------------

  /** Stops the server: open streams break, calls fail as with a gateway that went away. */
  async stop(): Promise<void> {
    this.traffic.stop();
    this.shutdownServer();
    // Let the sockets close before a caller reuses the port or the process exits.
    await new Promise((resolve) => setImmediate(resolve));
  }

  /**
   * Stops the gRPC server (open streams break) and starts it again on the same port. Monitoring is
   * lost as on a real gateway restart: clients enable it again after they reconnect.
   */
  async restart(): Promise<void> {
    this.shutdownServer();
    for (const device of this.fleet.values()) device.setMonitoring(false);
    await this.listen(this.grpcPort);
  }

  /**
   * The gateway gets a new CA and server certificate (written over the old ones in its certificate
   * folder) and restarts with them, as a gateway whose certificates were reissued: a client that
   * pinned the old CA no longer trusts it. FAILED_PRECONDITION without TLS.
   */
  async renewCertificates(): Promise<Buffer> {
    if (!this.certDir) throw new SimError(GrpcStatus.FAILED_PRECONDITION, 'the gateway runs without TLS');
    this.certs = await renewGatewayCerts(this.certDir);
    await this.restart();
    return this.certs.caCert;
  }

  private shutdownServer(): void {
    this.server?.forceShutdown();
    this.server = null;
    this.statusListeners.clear();
    this.eventListeners.clear();
    this.realtimeCutters.clear();
  }

  private async listen(port: number): Promise<void> {
    const protos = loadGsdkProtos();
    const state = this.state();
    const server = new Server({
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      // Clients may ping every 10 s to notice a dead gateway; the default policy would GOAWAY them.
      'grpc.keepalive_permit_without_calls': 1,
      'grpc.http2.min_ping_interval_without_data_ms': 10_000,
    });
    server.addService(protos.services.connect, this.counted(protos.services.connect, connectService(state)));
    server.addService(protos.services.device, this.counted(protos.services.device, deviceService(state)));
    server.addService(userServiceWithWireFaults(protos.services.user), this.counted(protos.services.user, userService(state)));
    server.addService(protos.services.event, this.counted(protos.services.event, eventService(state)));
    server.addService(protos.services.access, this.counted(protos.services.access, accessService(state)));
    server.addService(protos.services.door, this.counted(protos.services.door, doorService(state)));
    server.addService(protos.services.schedule, this.counted(protos.services.schedule, scheduleService(state)));
    server.addService(protos.services.apbZone, this.counted(protos.services.apbZone, apbZoneService(state)));
    const credentials = this.certs
      ? ServerCredentials.createSsl(null, [{ private_key: this.certs.serverKey, cert_chain: this.certs.serverCert }], false)
      : ServerCredentials.createInsecure();
    this.grpcPort = await bindWithRetry(server, `${formatHost(this.host)}:${port}`, credentials, port !== 0);
    this.server = server;
  }

  /** The same service, each handler counting its calls first (callCounts). */
  private counted(definition: ServiceDefinition, implementation: UntypedServiceImplementation): UntypedServiceImplementation {
    return Object.fromEntries(
      Object.entries(implementation).map(([method, handler]) => {
        const path = definition[method]?.path ?? method;
        return [method, countingHandler(handler, this.methodCalls(path), (call) => this.record(path, call))];
      }),
    );
  }

  private record(path: string, call: unknown): void {
    if (this.recordings.size === 0) return;
    const request = requestOf(call);
    const entry: RecordedCall = { path, deviceIDs: deviceIDsOf(request), request };
    for (const calls of this.recordings) calls.push(entry);
  }

  private methodCalls(path: string): MethodCalls {
    let calls = this.calls.get(path);
    if (!calls) {
      calls = { count: 0, devicesNamed: 0, lastAnsweredAt: null };
      this.calls.set(path, calls);
    }
    return calls;
  }

  /** The narrow view the gRPC services get. */
  private state(): GatewayState {
    return {
      devices: () => this.devices(),
      device: (deviceID) => this.device(deviceID),
      statusOf: (device) => this.statusOf(device),
      usesTls: this.certs !== null,
      onStatusChange: (listener) => subscribe(this.statusListeners, listener),
      onRealtimeEvent: (listener) => subscribe(this.eventListeners, listener),
      onRealtimeCut: (cut) => subscribe(this.realtimeCutters, cut),
      realtimeDiscarded: (event) => this.countDiscard(event),
    };
  }

  private statusOf(device: SimDevice): number {
    if (!device.connected) return DeviceStatus.DISCONNECTED;
    return this.certs ? DeviceStatus.TLS_CONNECTED : DeviceStatus.TCP_CONNECTED;
  }

  private announceStatus(device: SimDevice): void {
    if (!this.fleet.has(device.deviceID)) return;
    const status = this.statusOf(device);
    const previous = this.announced.get(device.deviceID) ?? DeviceStatus.DISCONNECTED;
    this.announced.set(device.deviceID, status);
    if (status !== previous) this.emitStatus({ deviceID: device.deviceID, status, timestamp: unixNow() });
  }

  private emitStatus(change: StatusChange): void {
    for (const listener of [...this.statusListeners]) listener(change);
  }

  private publishEvent(device: SimDevice, event: EventLog): void {
    if (!device.monitoring || !device.connected || !this.fleet.has(device.deviceID)) return;
    if (device.dropLiveEvents > 0) {
      device.dropLiveEvents -= 1;
      for (let listener = 0; listener < this.eventListeners.size; listener += 1) this.countDiscard(event);
      return;
    }
    for (const listener of [...this.eventListeners]) listener(event);
  }

  private countDiscard(event: EventLog): void {
    this.discards.events += 1;
    if (event.changedOnDevice) this.discards.changedOnDevice += 1;
  }

  private requireDevice(deviceID: number): SimDevice {
    const device = this.fleet.get(deviceID);
    if (!device) throw new SimError(GrpcStatus.NOT_FOUND, `device ${deviceID} not found`);
    return device;
  }

  private freeDeviceID(): number {
    while (this.fleet.has(this.nextDeviceID)) this.nextDeviceID += 1;
    const deviceID = this.nextDeviceID;
    this.nextDeviceID += 1;
    return deviceID;
  }

  private freeIp(): string {
    const taken = new Set([...this.fleet.values()].map((device) => device.ip));
    for (let n = 0; ; n++) {
      const ip = `192.168.${20 + Math.floor(n / 250)}.${(n % 250) + 1}`;
      if (!taken.has(ip)) return ip;
    }
  }
}

/**
 * Counts each call (and the devices it names) before `handler` runs; for a unary or client-streaming call (the ones with a
 * callback) also notes when it was answered, so a benchmark can tell when the last write landed.
 */
function countingHandler(handler: UntypedHandleCall, calls: MethodCalls, onCall: (call: unknown) => void): UntypedHandleCall {
  // grpc-js picks the call's kind from the service definition, not from the handler, so one
  // wrapper of two parameters serves all four kinds; the callback is there only for some.
  const run = handler as (call: unknown, callback?: (...answer: unknown[]) => void) => void;
  return (call: unknown, callback?: (...answer: unknown[]) => void): void => {
    calls.count += 1;
    calls.devicesNamed += deviceIDsOf(requestOf(call)).length;
    onCall(call);
    if (!callback) return run(call);
    run(call, (...answer: unknown[]) => {
      calls.lastAnsweredAt = Date.now();
      callback(...answer);
    });
  };
}

function requestOf(call: unknown): unknown {
  return typeof call === 'object' && call !== null && 'request' in call ? call.request : null;
}

/** The devices a call's request names: its deviceIDs, or its one deviceID. */
function deviceIDsOf(request: unknown): number[] {
  if (typeof request !== 'object' || request === null) return [];
  if ('deviceIDs' in request && Array.isArray(request.deviceIDs)) return request.deviceIDs.filter((id): id is number => typeof id === 'number');
  return 'deviceID' in request && typeof request.deviceID === 'number' ? [request.deviceID] : [];
}

function subscribe<T>(listeners: Set<(value: T) => void>, listener: (value: T) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}

function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

/**
 * Binds, retrying briefly when the port is still held by the server just shut down (restart on
 * the same port).
 */
async function bindWithRetry(server: Server, address: string, credentials: ServerCredentials, retry: boolean): Promise<number> {
  const attempts = retry ? 20 : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      return await new Promise<number>((resolve, reject) => {
        server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port)));
      });
    } catch (error) {
      if (attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

import { Client, connectivityState as ConnectivityState, credentials, Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import type { ChannelOptions, ClientReadableStream, ServiceError } from '@grpc/grpc-js';
import type { MethodDefinition } from '@grpc/proto-loader';
import { accessApi, doorApi, scheduleApi, zoneApi } from './accessApis';
import type { AccessApi, DoorApi, ScheduleApi, ZoneApi } from './accessApis';
import { GatewayError, toGatewayError } from './gatewayError';
import { CallStream } from './gatewayStream';
import type { GatewayStream } from './gatewayStream';
import { loadGsdkProtos } from './loadProtos';
import type { GsdkServiceKey } from './loadProtos';
import type {
  AsyncConnectInfo,
  ConnectInfo,
  DeviceCapability,
  DeviceInfo,
  EventLog,
  FactoryInfo,
  StatusChange,
  UserHdr,
  UserInfo,
  UserStatistic,
} from './messages';
import { probeGateway } from './probeGateway';

export interface GatewayEndpoint {
  host: string;
  port: number;
  /** PEM of the gateway's CA; null = insecure (tests, loopback virtual site). */
  caCert: Buffer | null;
}

export interface GatewayClientOptions {
  /** Deadline of every unary call; default 10 000 ms. */
  callTimeoutMs?: number;
  /**
   * Added to the deadline for every user a call carries or asks for (Enroll, EnrollMulti, Get,
   * Delete...); default 50 ms. A real reader stores a few dozen users with templates a second,
   * so a 500-user EnrollMulti may rightly take far longer than a status query.
   */
  perUserTimeoutMs?: number;
  /**
   * Interval of HTTP/2 keepalive pings; default 300 000 ms. A Go gRPC server (as a real gateway
   * is) answers pings more frequent than every 5 minutes on an idle stream with GOAWAY
   * "too_many_pings", which would break every stream, so shorter values are only for gateways
   * known to allow them (the virtual gateway allows 10 s).
   */
  keepaliveTimeMs?: number;
}

/** Device tables are big: 100 000 users with templates are tens of megabytes. */
export const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;
const KEEPALIVE_TIMEOUT_MS = 20_000;
const DEFAULT_QUEUE_SIZE = 1024;
/** Enough for a direct TCP/TLS connection on a LAN; only used to explain a failure. */
const PROBE_TIMEOUT_MS = 3_000;

const SERVICE_LABELS: Record<GsdkServiceKey, string> = {
  connect: 'Connect',
  device: 'Device',
  user: 'User',
  event: 'Event',
  access: 'Access',
  door: 'Door',
  schedule: 'Schedule',
  apbZone: 'APBZone',
};

/** A gRPC client of one G-SDK device gateway (real or virtual). */
export class GatewayClient {
  readonly connect: {
    getDeviceList(): Promise<DeviceInfo[]>;
    subscribeStatus(queueSize?: number): GatewayStream<StatusChange>;
    connectDevice(info: ConnectInfo): Promise<number>;
    addAsyncConnection(infos: AsyncConnectInfo[]): Promise<void>;
    deleteAsyncConnection(deviceIDs: number[]): Promise<void>;
    disconnect(deviceIDs: number[]): Promise<void>;
  };
  readonly device: {
    getInfo(deviceID: number): Promise<FactoryInfo>;
    getCapability(deviceID: number): Promise<DeviceCapability>;
  };
  readonly user: {
    getList(deviceID: number): Promise<UserHdr[]>;
    get(deviceID: number, userIDs: string[]): Promise<UserInfo[]>;
    getPartial(deviceID: number, userIDs: string[], infoMask: number): Promise<UserInfo[]>;
    enroll(deviceID: number, users: UserInfo[], overwrite: boolean): Promise<void>;
    /**
     * `queuedUsers`: users of calls sent before this one that the devices take first (a device
     * writes one call at a time), so this call's deadline also covers the wait behind them.
     */
    enrollMulti(deviceIDs: number[], users: UserInfo[], overwrite: boolean, queuedUsers?: number): Promise<void>;
    delete(deviceID: number, userIDs: string[]): Promise<void>;
    deleteMulti(deviceIDs: number[], userIDs: string[]): Promise<void>;
    deleteAll(deviceID: number): Promise<void>;
    deleteAllMulti(deviceIDs: number[]): Promise<void>;
    getStatistic(deviceID: number): Promise<UserStatistic>;
  };
  readonly event: {
    enableMonitoring(deviceID: number): Promise<void>;
    enableMonitoringMulti(deviceIDs: number[]): Promise<void>;
    disableMonitoring(deviceID: number): Promise<void>;
    subscribeRealtimeLog(request: { queueSize?: number; deviceIDs?: number[]; eventCodes?: number[] }): GatewayStream<EventLog>;
    getLog(deviceID: number, startEventID: number, maxNumOfLog: number): Promise<EventLog[]>;
  };
  /** Access groups and access levels (gsdk.access.Access). */
  readonly access: AccessApi;
  readonly door: DoorApi;
  readonly schedule: ScheduleApi;
  /** Anti-passback zones (gsdk.apb_zone.APBZone). */
  readonly zone: ZoneApi;

  private readonly grpcClient: Client;
  private readonly address: string;
  private readonly callTimeoutMs: number;
  private readonly perUserTimeoutMs: number;
  private readonly openStreams = new Set<GatewayStream<unknown>>();

  constructor(
    private readonly endpoint: GatewayEndpoint,
    options: GatewayClientOptions = {},
  ) {
    this.callTimeoutMs = options.callTimeoutMs ?? 10_000;
    this.perUserTimeoutMs = options.perUserTimeoutMs ?? 50;
    this.address = formatAddress(endpoint.host, endpoint.port);
    const channelOptions: ChannelOptions = {
      'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
      'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
      'grpc.keepalive_time_ms': options.keepaliveTimeMs ?? 300_000,
      'grpc.keepalive_timeout_ms': KEEPALIVE_TIMEOUT_MS,
    };
    const channelCredentials = endpoint.caCert ? credentials.createSsl(endpoint.caCert) : credentials.createInsecure();
    this.grpcClient = new Client(this.address, channelCredentials, channelOptions);

    this.connect = {
      getDeviceList: async () =>
        (await this.unary<{ deviceInfos: DeviceInfo[] }>('connect', 'GetDeviceList', {})).deviceInfos,
      subscribeStatus: (queueSize = DEFAULT_QUEUE_SIZE) =>
        this.serverStream<StatusChange>('connect', 'SubscribeStatus', { queueSize }),
      connectDevice: async (info) =>
        (await this.unary<{ deviceID: number }>('connect', 'Connect', { connectInfo: info })).deviceID,
      addAsyncConnection: (infos) => this.unaryVoid('connect', 'AddAsyncConnection', { connectInfos: infos }),
      deleteAsyncConnection: (deviceIDs) => this.unaryVoid('connect', 'DeleteAsyncConnection', { deviceIDs }),
      disconnect: (deviceIDs) => this.unaryVoid('connect', 'Disconnect', { deviceIDs }),
    };

    this.device = {
      getInfo: async (deviceID) =>
        required((await this.unary<{ info: FactoryInfo | null }>('device', 'GetInfo', { deviceID })).info, 'Device.GetInfo'),
      getCapability: async (deviceID) =>
        required(
          (await this.unary<{ deviceCapability: DeviceCapability | null }>('device', 'GetCapability', { deviceID }))
            .deviceCapability,
          'Device.GetCapability',
        ),
    };

    this.user = {
      getList: async (deviceID) => (await this.unary<{ hdrs: UserHdr[] }>('user', 'GetList', { deviceID })).hdrs,
      get: async (deviceID, userIDs) =>
        (await this.unary<{ users: UserInfo[] }>('user', 'Get', { deviceID, userIDs }, userIDs.length)).users.map(withHeader),
      getPartial: async (deviceID, userIDs, infoMask) =>
        (await this.unary<{ users: UserInfo[] }>('user', 'GetPartial', { deviceID, userIDs, infoMask }, userIDs.length)).users.map(
          withHeader,
        ),
      enroll: (deviceID, users, overwrite) => this.unaryVoid('user', 'Enroll', { deviceID, users, overwrite }, users.length),
      enrollMulti: (deviceIDs, users, overwrite, queuedUsers = 0) =>
        this.unaryVoid('user', 'EnrollMulti', { deviceIDs, users, overwrite }, users.length + queuedUsers),
      delete: (deviceID, userIDs) => this.unaryVoid('user', 'Delete', { deviceID, userIDs }, userIDs.length),
      deleteMulti: (deviceIDs, userIDs) => this.unaryVoid('user', 'DeleteMulti', { deviceIDs, userIDs }, userIDs.length),
      deleteAll: (deviceID) => this.unaryVoid('user', 'DeleteAll', { deviceID }),
      deleteAllMulti: (deviceIDs) => this.unaryVoid('user', 'DeleteAllMulti', { deviceIDs }),
      getStatistic: async (deviceID) =>
        required(
          (await this.unary<{ userStatistic: UserStatistic | null }>('user', 'GetStatistic', { deviceID })).userStatistic,
          'User.GetStatistic',
        ),
    };

    this.event = {
      enableMonitoring: (deviceID) => this.unaryVoid('event', 'EnableMonitoring', { deviceID }),
      enableMonitoringMulti: (deviceIDs) => this.unaryVoid('event', 'EnableMonitoringMulti', { deviceIDs }),
      disableMonitoring: (deviceID) => this.unaryVoid('event', 'DisableMonitoring', { deviceID }),
      subscribeRealtimeLog: (request) =>
        this.serverStream<EventLog>('event', 'SubscribeRealtimeLog', {
          queueSize: request.queueSize ?? DEFAULT_QUEUE_SIZE,
          deviceIDs: request.deviceIDs ?? [],
          eventCodes: request.eventCodes ?? [],
        }),
      getLog: async (deviceID, startEventID, maxNumOfLog) =>
        (await this.unary<{ events: EventLog[] }>('event', 'GetLog', { deviceID, startEventID, maxNumOfLog })).events,
    };

    const call = (service: GsdkServiceKey, method: string, request: object): Promise<unknown> =>
      this.unary<unknown>(service, method, request);
    this.access = accessApi(call);
    this.door = doorApi(call);
    this.schedule = scheduleApi(call);
    this.zone = zoneApi(call);
  }

  /** Resolves when the channel is ready, rejects with GatewayError (clear message: unreachable / TLS failed) after timeoutMs. */
  waitForReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    return new Promise((resolve, reject) => {
      let settled = false;
      const settle = (error?: GatewayError): void => {
        if (settled) return;
        settled = true;
        if (error) reject(error);
        else resolve();
      };
      this.grpcClient.waitForReady(deadline, (error) => {
        if (!error) settle();
        else if (!settled) this.explainNotReady(timeoutMs).then(settle, settle);
      });
      this.failFastWhenHopeless(deadline, settle);
    });
  }

  /**
   * An untrusted certificate or a refused connection does not fix itself within one wait: after
   * the first failed attempt one probe tells, and the caller hears at once instead of at the
   * deadline (its own backoff decides when to try again).
   */
  private failFastWhenHopeless(deadline: number, settle: (error: GatewayError) => void): void {
    const channel = this.grpcClient.getChannel();
    const watch = (state: ConnectivityState): void => {
      if (state === ConnectivityState.READY || state === ConnectivityState.SHUTDOWN || Date.now() >= deadline) return;
      if (state === ConnectivityState.TRANSIENT_FAILURE) {
        void probeGateway(this.endpoint, PROBE_TIMEOUT_MS).then((outcome) => {
          if (outcome.kind === 'untrusted') settle(untrustedError(this.address, outcome.reason));
          if (outcome.kind === 'unreachable') settle(unreachableError(this.address, outcome.reason));
        });
        return;
      }
      channel.watchConnectivityState(state, deadline, () => watch(channel.getConnectivityState(false)));
    };
    watch(channel.getConnectivityState(true));
  }

  /** Ends every open stream (their iterations end as if cancelled) and closes the channel. */
  close(): void {
    for (const stream of [...this.openStreams]) stream.cancel();
    this.grpcClient.close();
  }

  private async explainNotReady(timeoutMs: number): Promise<GatewayError> {
    const outcome = await probeGateway(this.endpoint, Math.min(PROBE_TIMEOUT_MS, Math.max(timeoutMs, 500)));
    const code = GrpcStatus.UNAVAILABLE;
    switch (outcome.kind) {
      case 'untrusted':
        return untrustedError(this.address, outcome.reason);
      case 'tls-failed':
        return new GatewayError(`gateway ${this.address}: TLS handshake failed (${outcome.reason})`, {
          code,
          kind: 'protocol',
          details: outcome.reason,
        });
      case 'unreachable':
        return unreachableError(this.address, outcome.reason);
      case 'reachable': {
        const hint = this.endpoint.caCert ? '' : ' (does it require TLS?)';
        const message = `gateway ${this.address} accepts connections but gRPC was not ready within ${timeoutMs} ms${hint}`;
        return new GatewayError(message, { code, kind: 'protocol', details: message });
      }
    }
  }

  private method(service: GsdkServiceKey, name: string): MethodDefinition<object, object> {
    const definition = loadGsdkProtos().services[service][name];
    if (!definition) throw new Error(`${SERVICE_LABELS[service]}.${name} is not in the .proto files`);
    return definition;
  }

  /** `users`: how many users the call carries or asks for, each adding perUserTimeoutMs to its deadline. */
  private unary<Response>(service: GsdkServiceKey, name: string, request: object, users = 0): Promise<Response> {
    const definition = this.method(service, name);
    const timeoutMs = this.callTimeoutMs + users * this.perUserTimeoutMs;
    const context = { gateway: this.address, call: `${SERVICE_LABELS[service]}.${name}`, timeoutMs };
    return new Promise((resolve, reject) => {
      this.grpcClient.makeUnaryRequest(
        definition.path,
        definition.requestSerialize,
        definition.responseDeserialize,
        request,
        new Metadata(),
        { deadline: Date.now() + timeoutMs },
        (error: ServiceError | null, response?: object) => {
          if (error) reject(toGatewayError(error, context));
          // The loader's decoded shape is what messages.ts describes.
          else resolve(response as Response);
        },
      );
    });
  }

  private async unaryVoid(service: GsdkServiceKey, name: string, request: object, users = 0): Promise<void> {
    await this.unary<object>(service, name, request, users);
  }

  private serverStream<Message>(service: GsdkServiceKey, name: string, request: object): GatewayStream<Message> {
    const definition = this.method(service, name);
    const context = { gateway: this.address, call: `${SERVICE_LABELS[service]}.${name}` };
    const call = this.grpcClient.makeServerStreamRequest(
      definition.path,
      definition.requestSerialize,
      definition.responseDeserialize,
      request,
      new Metadata(),
      {},
    ) as ClientReadableStream<Message>;
    const stream: GatewayStream<Message> = new CallStream<Message>(call, {
      toError: (error) => toGatewayError(error, context),
      endedError: () =>
        new GatewayError(`gateway ${this.address} ended the ${context.call} stream`, {
          code: GrpcStatus.UNAVAILABLE,
          kind: 'unreachable',
          details: 'stream ended by the gateway',
        }),
      onFinished: () => this.openStreams.delete(stream),
    });
    this.openStreams.add(stream);
    return stream;
  }
}

function unreachableError(address: string, reason: string): GatewayError {
  return new GatewayError(`gateway ${address} is unreachable (${reason})`, {
    code: GrpcStatus.UNAVAILABLE,
    kind: 'unreachable',
    details: reason,
  });
}

function untrustedError(address: string, reason: string): GatewayError {
  return new GatewayError(`gateway ${address} certificate is not trusted (${reason})`, {
    code: GrpcStatus.UNAVAILABLE,
    kind: 'untrusted',
    details: reason,
  });
}

function formatAddress(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

function required<T>(value: T | null | undefined, call: string): T {
  if (value === null || value === undefined) {
    throw new GatewayError(`${call}: the gateway sent an empty answer`, { code: GrpcStatus.INTERNAL, kind: 'protocol' });
  }
  return value;
}

const EMPTY_HEADER: UserHdr = { ID: '', numOfCard: 0, numOfFinger: 0, numOfFace: 0, authGroupID: 0, updateMask: 0 };

/** UserInfo.hdr is typed as always present; a gateway that leaves it out gets the defaults. */
function withHeader(user: UserInfo): UserInfo {
  // The wire may omit it even though the type says otherwise.
  const hdr = user.hdr as UserHdr | null;
  return hdr ? user : { ...user, hdr: { ...EMPTY_HEADER } };
}

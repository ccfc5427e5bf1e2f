import { GatewayClient, type DeviceInfo, type EventLog, type GatewayStream, type StatusChange } from '../gsdk';
import { drop } from '../../shared/assert';
import { deviceText } from '../../shared/deviceText';
import { deviceKey, UNKNOWN_SYNC, type GatewayState, type GatewayView } from '../../shared/devices';
import { Backoff, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff';
import { forEachLimited, sleep } from './concurrency';
import { changesUserTable, connectionFromStatus } from './deviceStatus';
import type { DeviceRegistry } from './deviceRegistry';
import { gatewayAddress, type GatewayConfig } from './gatewayConfig';
import { classifyGatewayFailure } from './gatewayFailure';

/**
 * Who else follows the devices: the sync engine checks a device when it is ready, stops
 * counting on it when it is lost, and watches its user-table events.
 */
export interface DeviceLinkListener {
  /** Connected and monitored; `client` serves the device until deviceLost or the next deviceReady. */
  deviceReady(gatewayId: string, deviceID: number, client: GatewayClient): void;
  deviceLost(gatewayId: string, deviceID: number): void;
  /** Every realtime event of the gateway's devices. */
  deviceEvent(gatewayId: string, event: EventLog): void;
}

export interface GatewayConnectionOptions {
  registry: DeviceRegistry;
  onChange: (view: GatewayView) => void;
  links?: DeviceLinkListener;
  backoff?: BackoffPolicy;
  /** How long one attempt waits for the channel before it counts as unreachable. */
  readyTimeoutMs?: number;
  /** How often the device list is re-read, to notice devices added or removed at the gateway. */
  listRefreshMs?: number;
  /** How long user-table events of one device are gathered before its user count is re-read. */
  userCountDebounceMs?: number;
  now?: () => number;
  createClient?: (config: GatewayConfig) => GatewayClient;
  /**
   * The other gateway that already holds a device of this ID, or null. A device ID is one device
   * (journals, event cursors and every request go by it), so a device two gateways list is
   * followed through the first only.
   */
  heldElsewhere?: (deviceID: number) => string | null;
  /** Once per device this gateway lists but leaves to `otherGatewayId`, until that one lets it go. */
  onLeftToOther?: (deviceID: number, otherGatewayId: string) => void;
}

/** Devices queried at once when a gateway (re)connects: enough to be quick, few enough to be polite. */
const ENRICH_CONCURRENCY = 8;

/**
 * Keeps one gateway connected for as long as the console runs: connects, mirrors its devices
 * into the registry, follows their status and event streams, and when anything breaks marks
 * the devices lost and reconnects with backoff, re-establishing every stream.
 */
export class GatewayConnection {
  private state: GatewayState = 'connecting';
  private message: string | null = null;
  private nextRetryAt: number | null = null;
  private readonly backoff: Backoff;
  private stopped = false;
  /** Aborted to cut a retry wait short. */
  private wake = new AbortController();
  private waitingToRetry = false;
  /** Aborted when the current session ends, so its background loops end with it. */
  private session = new AbortController();
  private loop: Promise<void> | null = null;
  private streams: GatewayStream<unknown>[] = [];
  private readonly countTimers = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly now: () => number;
  /** The client of the session in progress, once its device list was read; null between sessions. */
  private liveClient: GatewayClient | null = null;
  /** Whether the gateway holds each device as an async (auto-reconnecting) connection, from its last list. */
  private readonly autoReconnect = new Map<number, boolean>();
  /** Devices this gateway lists that another gateway holds (heldElsewhere): not followed here. */
  private readonly leftToOthers = new Set<number>();

  constructor(
    readonly config: GatewayConfig,
    private readonly options: GatewayConnectionOptions,
  ) {
    this.backoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF);
    this.now = options.now ?? Date.now;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Skips the rest of the backoff wait; while an attempt is under way there is nothing to skip. */
  retryNow(): void {
    if (this.waitingToRetry) this.wake.abort();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake.abort();
    this.session.abort();
    this.cancelStreams();
    for (const timer of this.countTimers.values()) clearTimeout(timer);
    this.countTimers.clear();
    await this.loop;
  }

  view(): GatewayView {
    return {
      id: this.config.id,
      label: this.config.label,
      address: gatewayAddress(this.config),
      kind: this.config.kind,
      tls: this.config.caCert !== null,
      state: this.state,
      message: this.message,
      nextRetryAt: this.nextRetryAt,
    };
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      // A retry keeps showing why the last attempt failed (untrusted, unreachable) while it runs,
      // with no retry time: the operator sees a steady state, not a flicker through "connecting".
      if (this.state === 'connected') this.setState('connecting', null, null);
      else this.setState(this.state, this.message, null);
      const client = (this.options.createClient ?? defaultClient)(this.config);
      this.session = new AbortController();
      let failure: unknown;
      try {
        await this.serve(client);
        failure = new Error(`gateway ${gatewayAddress(this.config)} closed the connection`);
      } catch (error) {
        failure = error;
      } finally {
        this.liveClient = null;
        this.session.abort();
        this.cancelStreams();
        client.close();
      }
      if (this.stopped) break;
      const { state, message } = classifyGatewayFailure(failure);
      this.markDevicesLost(state === 'untrusted' ? 'gateway certificate not trusted' : 'gateway unreachable');
      const delay = this.backoff.next();
      this.setState(state, message, this.now() + delay);
      this.waitingToRetry = true;
      await sleep(delay, this.wake.signal);
      this.waitingToRetry = false;
      this.wake = new AbortController();
    }
  }

  /** One connected session; returns or throws when the gateway is lost. */
  private async serve(client: GatewayClient): Promise<void> {
    await client.waitForReady(this.options.readyTimeoutMs ?? 5_000);
    // Subscribe before listing so no change between the two is missed; the stream is applied
    // in order after the list, which leaves every device in its newest state.
    const statusStream = client.connect.subscribeStatus();
    const logStream = client.event.subscribeRealtimeLog({});
    this.streams = [statusStream, logStream];
    const infos = await client.connect.getDeviceList();
    this.applyDeviceList(infos);
    this.liveClient = client;
    this.backoff.reset();
    this.setState('connected', null, null);
    drop(this.enrichDevices(client, infos.map((info) => info.deviceID)));
    await Promise.race([
      this.followStatus(client, statusStream),
      this.followLog(client, logStream),
      this.refreshListPeriodically(client),
    ]);
  }

  /** Applies the gateway's list to the registry; answers the devices it shows connected that were not. */
  private applyDeviceList(infos: readonly DeviceInfo[]): number[] {
    const { registry } = this.options;
    const seen = new Set<string>();
    const turnedConnected: number[] = [];
    this.autoReconnect.clear();
    for (const info of infos) {
      if (this.leftToOther(info.deviceID)) continue;
      this.autoReconnect.set(info.deviceID, info.autoReconnect);
      const key = deviceKey(this.config.id, info.deviceID);
      seen.add(key);
      const previous = registry.get(key);
      const { connection, detail } = connectionFromStatus(info.status);
      const changed = !previous || previous.connection !== connection;
      if (connection !== 'connected') this.options.links?.deviceLost(this.config.id, info.deviceID);
      else if (changed) turnedConnected.push(info.deviceID);
      registry.upsert({
        key,
        gatewayId: this.config.id,
        deviceID: info.deviceID,
        name: this.deviceName(info.deviceID, previous?.model ?? null),
        model: previous?.model ?? 'Unknown model',
        ip: deviceText(info.IPAddr, 45),
        port: info.port,
        firmware: previous?.firmware ?? null,
        userCount: previous?.userCount ?? null,
        connection,
        connectionDetail: detail,
        since: changed ? this.now() : previous.since,
        sync: previous?.sync ?? UNKNOWN_SYNC,
      });
    }
    for (const device of registry.forGateway(this.config.id)) {
      if (seen.has(device.key)) continue;
      registry.remove(device.key);
      this.options.links?.deviceLost(this.config.id, device.deviceID);
    }
    return turnedConnected;
  }

  /**
   * Has the gateway connect a device at an address of the site network (G-SDK `Connect.Connect`),
   * then keep it as an async connection (`AddAsyncConnection`), so the gateway reconnects it after
   * the device or the link restarts. Answers with the device's ID, once it is in the registry.
   */
  async connectDevice(target: { ip: string; port: number; useSsl: boolean }, refuse: (deviceID: number) => string | null = () => null): Promise<number> {
    const client = this.requireLiveClient();
    const deviceID = await client.connect.connectDevice({ IPAddr: target.ip, port: target.port, useSSL: target.useSsl });
    // The ID is known only once the device answered: one the caller cannot take is let go again
    // before the console starts work on it (the list is read again in case the status stream
    // brought it in meanwhile).
    const refusal = refuse(deviceID);
    if (refusal !== null) {
      await client.connect.disconnect([deviceID]);
      this.applyDeviceList(await client.connect.getDeviceList());
      throw new Error(refusal);
    }
    await client.connect.addAsyncConnection([{ deviceID, IPAddr: target.ip, port: target.port, useSSL: target.useSsl }]);
    this.applyDeviceList(await client.connect.getDeviceList());
    drop(this.enrichDevices(client, [deviceID]));
    return deviceID;
  }

  /**
   * Lets the gateway drop a device: an async connection is deleted (or the gateway would dial it
   * again), any other is disconnected. The device keeps its users; it leaves the registry.
   */
  async removeDevice(deviceID: number): Promise<void> {
    const client = this.requireLiveClient();
    // DeleteAsyncConnection also closes the device's session (G-SDK); Disconnect is for the rest.
    if (this.autoReconnect.get(deviceID) ?? true) await client.connect.deleteAsyncConnection([deviceID]);
    else await client.connect.disconnect([deviceID]);
    this.applyDeviceList(await client.connect.getDeviceList());
  }

  private requireLiveClient(): GatewayClient {
    if (this.liveClient === null) throw new Error(`gateway ${this.config.label} is not connected now (${this.state}${this.message ? `: ${this.message}` : ''})`);
    return this.liveClient;
  }

  private async followStatus(client: GatewayClient, stream: GatewayStream<StatusChange>): Promise<void> {
    for await (const change of stream) {
      if (this.leftToOthers.has(change.deviceID)) continue;
      const key = deviceKey(this.config.id, change.deviceID);
      if (!this.options.registry.get(key)) {
        // A device the gateway learned about after our list: read the list again for its address.
        this.applyDeviceList(await client.connect.getDeviceList());
        drop(this.enrichDevices(client, [change.deviceID]));
        continue;
      }
      const { connection, detail } = connectionFromStatus(change.status);
      this.options.registry.update(key, (device) =>
        device.connection === connection && device.connectionDetail === detail
          ? device
          : { ...device, connection, connectionDetail: detail, since: this.now() },
      );
      if (connection === 'connected') drop(this.enrichDevices(client, [change.deviceID]));
      else this.options.links?.deviceLost(this.config.id, change.deviceID);
    }
  }

  private async followLog(client: GatewayClient, stream: GatewayStream<EventLog>): Promise<void> {
    for await (const event of stream) {
      if (this.leftToOthers.has(event.deviceID)) continue;
      if (changesUserTable(event.eventCode)) this.scheduleUserCount(client, event.deviceID);
      this.options.links?.deviceEvent(this.config.id, event);
    }
  }

  private async refreshListPeriodically(client: GatewayClient): Promise<void> {
    const every = this.options.listRefreshMs ?? 10_000;
    const { signal } = this.session;
    while (!signal.aborted) {
      await sleep(every, signal);
      if (signal.aborted) return;
      // A list read while a device was briefly away, and answered after the status stream said
      // it was back, lets it go (deviceLost); the next list that says it is connected must then
      // bring it back to the sync, as its status change would have.
      const turnedConnected = this.applyDeviceList(await client.connect.getDeviceList());
      if (turnedConnected.length > 0) drop(this.enrichDevices(client, turnedConnected));
    }
  }

  /** Reads model, firmware and user count, and turns on the realtime log, for connected devices. */
  private async enrichDevices(client: GatewayClient, deviceIDs: readonly number[]): Promise<void> {
    await forEachLimited(deviceIDs, ENRICH_CONCURRENCY, async (deviceID) => {
      const key = deviceKey(this.config.id, deviceID);
      if (this.options.registry.get(key)?.connection !== 'connected') return;
      // Monitoring must be enabled again after every reconnect of the device (GSDK.md).
      await client.event.enableMonitoring(deviceID);
      const [info, statistic] = await Promise.all([client.device.getInfo(deviceID), client.user.getStatistic(deviceID)]);
      const model = deviceText(info.modelName) || 'Unknown model';
      this.options.registry.update(key, (device) => ({
        ...device,
        model,
        name: this.deviceName(deviceID, model),
        firmware: deviceText(info.firmwareVersion, 32) || null,
        userCount: statistic.numOfUsers,
      }));
      if (this.options.registry.get(key)?.connection === 'connected') this.options.links?.deviceReady(this.config.id, deviceID, client);
    });
  }

  /** A burst of enrolments at one device costs one count, read after the burst settles. */
  private scheduleUserCount(client: GatewayClient, deviceID: number): void {
    if (this.countTimers.has(deviceID)) return;
    const timer = setTimeout(() => {
      this.countTimers.delete(deviceID);
      drop(
        client.user.getStatistic(deviceID).then((statistic) => {
          this.options.registry.update(deviceKey(this.config.id, deviceID), (device) => ({
            ...device,
            userCount: statistic.numOfUsers,
          }));
        }),
        () => undefined, // the device went away meanwhile; its next reconnect reads the count again
      );
    }, this.options.userCountDebounceMs ?? 250);
    this.countTimers.set(deviceID, timer);
  }

  private deviceName(deviceID: number, model: string | null): string {
    const known = this.config.deviceName?.(deviceID);
    if (known) return deviceText(known, 64);
    return `${model ?? 'Device'} ${deviceID}`;
  }

  /** Whether another gateway holds this device now (told once); a device it let go is ours again. */
  private leftToOther(deviceID: number): boolean {
    const other = this.options.heldElsewhere?.(deviceID) ?? null;
    if (other === null) {
      this.leftToOthers.delete(deviceID);
      return false;
    }
    if (!this.leftToOthers.has(deviceID)) {
      this.leftToOthers.add(deviceID);
      this.options.onLeftToOther?.(deviceID, other);
    }
    return true;
  }

  private markDevicesLost(detail: string): void {
    for (const device of this.options.registry.forGateway(this.config.id)) {
      this.options.links?.deviceLost(this.config.id, device.deviceID);
      if (device.connection === 'disconnected' && device.connectionDetail === detail) continue;
      this.options.registry.upsert({ ...device, connection: 'disconnected', connectionDetail: detail, since: this.now() });
    }
  }

  private cancelStreams(): void {
    for (const stream of this.streams) stream.cancel();
    this.streams = [];
  }

  private setState(state: GatewayState, message: string | null, nextRetryAt: number | null): void {
    if (this.state === state && this.message === message && this.nextRetryAt === nextRetryAt) return;
    this.state = state;
    this.message = message;
    this.nextRetryAt = nextRetryAt;
    this.options.onChange(this.view());
  }
}

function defaultClient(config: GatewayConfig): GatewayClient {
  return new GatewayClient({ host: config.host, port: config.port, caCert: config.caCert });
}

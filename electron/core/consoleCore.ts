import { drop } from '../../shared/assert';
import { requestNames, type AppInfo, type EventName, type EventPayload, type EventSink, type RequestHandlers, type RequestName, type Unsubscribe } from '../../shared/ipc/contract';
import { ConnectionEvents } from './connectionEvents';
import { DeviceRegistry } from './deviceRegistry';
import { EventRetentionKeeper, type RetentionTuning } from './eventRetention';
import type { GatewayConfig } from './gatewayConfig';
import { GatewayConnection, type GatewayConnectionOptions } from './gatewayConnection';
import { GATEWAY_ADMIN_REQUESTS, refuseGatewayAdmin, type GatewayAdminRequestName } from './gatewayAdminRequests';
import { masterDataHandlers } from './masterData';
import { RunMarker } from './runMarker';
import { savedEventFilterHandlers } from './savedEventFilters';
import type { VirtualGateway } from '../sim/virtualGateway';
import { VIRTUAL_SITE_REQUESTS, virtualSiteHandlers } from './virtualSiteActions';
import type { Store } from './store/store';
import { SyncEngine } from './sync/syncEngine';
import { consoleEvent, EventWriter } from './sync/syncEvents';
import type { SyncTuning } from './sync/syncTuning';
import type { SyncMode } from '../../shared/domain/syncMode';
import { withAuditedActions } from './operators/auditedActions';
import type { OperatorAccounts } from './operators/operatorAccounts';
import { OPERATOR_REQUESTS, operatorHandlers, type OperatorHandlers } from './operators/operatorHandlers';
import { OperatorSessions, type OperatorSession } from './operators/operatorSessions';

export interface ConsoleCoreOptions {
  gateways: readonly GatewayConfig[];
  appInfo: AppInfo;
  /** The database (through the database host). Without one, master-data requests are refused. */
  store?: Store;
  /** Tuning for tests (shorter backoff, faster list refresh); production uses the defaults. */
  connection?: Omit<GatewayConnectionOptions, 'registry' | 'onChange' | 'links'>;
  /** Sync engine tuning for tests and benchmarks; production uses the defaults. */
  sync?: Partial<SyncTuning>;
  /** The automatic sync mode to start in while the database stores none (`--sync-mode`). */
  syncMode?: SyncMode;
  /** Event log retention tuning for tests; production prunes every minute in steps of 2,000. */
  retention?: Partial<RetentionTuning>;
  /** The built-in virtual site, when the console runs it: the operator can then act at its devices. */
  virtualSite?: RunningVirtualSite;
  /**
   * Settings → Device gateways and adding devices (gatewayAdmin.ts, made by startConsoleRuntime,
   * which owns the settings file and the virtual site). Without it those requests are refused.
   */
  gatewayAdmin?: (core: ConsoleCore) => Pick<RequestHandlers, GatewayAdminRequestName>;
  /**
   * The operators' accounts (operators/operatorAccounts.ts). Without them (tests of the core
   * alone) no session can be opened and the operator requests are refused.
   */
  operators?: { accounts: OperatorAccounts; signInEverySessionAs?: string; idleCheckMs?: number };
}

/** What the core needs of a running virtual site: the gateway to act at, and the ports getAppInfo reports. */
export interface RunningVirtualSite {
  gateway: VirtualGateway;
  grpcPort: number;
  controlPort: number;
}

/** The requests the core answers from its gateway connections (or its virtual site) alone; all others need the database. */
const GATEWAY_ONLY_REQUESTS = ['getAppInfo', 'listDevices', 'listGateways', 'retryGateway', ...GATEWAY_ADMIN_REQUESTS, ...VIRTUAL_SITE_REQUESTS, ...OPERATOR_REQUESTS] as const satisfies readonly RequestName[];
type DatabaseRequestName = Exclude<RequestName, (typeof GATEWAY_ONLY_REQUESTS)[number]>;

/**
 * A core with no database (tests of the gateway side) has no master copy and no journal: every
 * request that needs them is refused, with the reason.
 */
function withoutDatabase(): Pick<RequestHandlers, DatabaseRequestName> {
  const refuse = async (): Promise<never> => {
    throw new Error('no database is attached to this console, so there is no master copy to edit or sync');
  };
  const needsDatabase = requestNames.filter((name) => !(GATEWAY_ONLY_REQUESTS as readonly RequestName[]).includes(name));
  // Every name outside GATEWAY_ONLY_REQUESTS gets `refuse`, which fits any handler's type.
  return Object.fromEntries(needsDatabase.map((name) => [name, refuse])) as unknown as Pick<RequestHandlers, DatabaseRequestName>;
}

/** A core with no accounts (tests of the core alone) has no operators: their requests are refused. */
function withoutAccounts(): OperatorHandlers {
  const refuse = async (): Promise<never> => {
    throw new Error('no operator accounts are attached to this console');
  };
  return Object.fromEntries(OPERATOR_REQUESTS.map((name) => [name, refuse])) as unknown as OperatorHandlers;
}

/**
 * The console's core, independent of any shell: owns the gateway connections and the device
 * registry, answers the contract's requests, and pushes its events to every subscribed window
 * (Electron IPC or the dev/test host's WebSocket bridge).
 */
export class ConsoleCore {
  readonly registry = new DeviceRegistry();
  /** Keeps every device's users in step with the master copy; null without a database. */
  readonly sync: SyncEngine | null;
  /** The console's own event log writer (sync steps, connections, operator edits), batched; null without a database. */
  readonly events: EventWriter | null;
  private readonly connectionEvents: ConnectionEvents | null;
  /** Keeps the event log within the retention setting; null without a database. */
  readonly retention: EventRetentionKeeper | null;
  /** Says in the log when the console before this one was killed rather than stopped; null without a database. */
  private readonly runMarker: RunMarker | null;
  private readonly connections = new Map<string, GatewayConnection>();
  private readonly sinks = new Set<EventSink>();
  private started = false;
  private virtualSite: RunningVirtualSite | null;
  /** Who is at each window; null without accounts. */
  readonly operators: OperatorSessions | null;

  readonly handlers: RequestHandlers<OperatorSession>;

  constructor(private readonly options: ConsoleCoreOptions) {
    this.events = options.store ? new EventWriter(options.store) : null;
    this.connectionEvents = this.events ? new ConnectionEvents(this.events) : null;
    this.retention = options.store && this.events ? new EventRetentionKeeper(options.store, this.events, options.retention) : null;
    this.runMarker = options.store && this.events ? new RunMarker(options.store, this.events) : null;
    this.sync = options.store
      ? new SyncEngine({
          store: options.store,
          registry: this.registry,
          ...(this.events ? { events: this.events } : {}),
          ...(options.sync ? { tuning: options.sync } : {}),
          ...(options.syncMode ? { initialMode: options.syncMode } : {}),
        })
      : null;
    this.virtualSite = options.virtualSite ?? null;
    for (const config of options.gateways) this.connections.set(config.id, this.newConnection(config));
    this.operators = options.operators
      ? new OperatorSessions({
          accounts: options.operators.accounts,
          audit: (event) => this.events?.add(event),
          ...(options.operators.signInEverySessionAs !== undefined ? { signInEverySessionAs: options.operators.signInEverySessionAs } : {}),
          ...(options.operators.idleCheckMs !== undefined ? { idleCheckMs: options.operators.idleCheckMs } : {}),
        })
      : null;
    this.registry.onDelta((delta) => {
      this.connectionEvents?.onDevices(delta);
      this.emit('devicesChanged', delta);
    });
    const handlers: RequestHandlers<OperatorSession> = {
      ...(this.operators ? operatorHandlers(this.operators) : withoutAccounts()),
      getAppInfo: async () => ({
        ...this.options.appInfo,
        virtualSite: this.virtualSite ? { grpcPort: this.virtualSite.grpcPort, controlPort: this.virtualSite.controlPort } : null,
      }),
      listDevices: async () => this.registry.list(),
      listGateways: async () => this.gatewayViews(),
      retryGateway: async ({ gatewayId }) => {
        const connection = this.connections.get(gatewayId);
        if (!connection) throw new Error(`no gateway "${gatewayId}"`);
        connection.retryNow();
        return null;
      },
      ...virtualSiteHandlers(() => this.virtualSite?.gateway ?? null),
      ...(options.gatewayAdmin ? options.gatewayAdmin(this) : refuseGatewayAdmin()),
      ...(this.sync && options.store && this.events && this.retention
        ? { ...this.sync.handlers, ...masterDataHandlers(options.store, this.events), ...savedEventFilterHandlers(options.store), ...this.retention.handlers }
        : withoutDatabase()),
    };
    this.handlers = withAuditedActions(handlers, (event) => this.events?.add(event), Date.now);
  }

  start(): void {
    this.started = true;
    if (this.runMarker) drop(this.runMarker.started(), (error) => console.warn('could not mark the console as running in the database:', error));
    this.operators?.start();
    this.sync?.start();
    this.retention?.start();
    for (const connection of this.connections.values()) connection.start();
  }

  async stop(): Promise<void> {
    // A gateway attached from here on (a settings change racing the end) is not started.
    this.started = false;
    this.operators?.stop();
    await Promise.all([...this.connections.values()].map((connection) => connection.stop()));
    await this.retention?.stop();
    await this.sync?.stop();
    this.registry.flush();
    // The last connection changes (flushed just above) are stored too.
    await this.events?.flush();
    // Last: only a console that got this far stopped in order.
    await this.runMarker?.stopped().catch((error: unknown) => console.warn('could not mark the console as stopped in the database:', error));
    this.sinks.clear();
  }

  /**
   * A window (Electron) or a connection (the bridge) opens a session: the dispatcher asks it who
   * may make each request, and the core's pushed events reach `sink` only while an operator is
   * signed in there and the screen is unlocked. The shell closes it when the window or
   * connection goes.
   */
  openSession(sink: EventSink): OperatorSession {
    if (!this.operators) throw new Error('no operator accounts are attached to this console');
    const session = this.operators.open(sink);
    const unsubscribe = this.subscribe({ emit: (name, payload) => session.deliver(name, payload) });
    session.onClose(unsubscribe);
    return session;
  }

  /** Adds a window (or bridge client) that receives every pushed event until it unsubscribes. */
  subscribe(sink: EventSink): Unsubscribe {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }

  /** The gateway's connection, or null when no gateway has that ID. */
  connection(gatewayId: string): GatewayConnection | null {
    return this.connections.get(gatewayId) ?? null;
  }

  /** Connects one more gateway at runtime (Settings → Device gateways, the virtual site switched on). */
  attachGateway(config: GatewayConfig): void {
    if (this.connections.has(config.id)) throw new Error(`gateway "${config.id}" is already connected`);
    const connection = this.newConnection(config);
    this.connections.set(config.id, connection);
    if (this.started) connection.start();
    this.emit('gatewaysChanged', this.gatewayViews());
  }

  /**
   * Lets a gateway go: its connection ends, and its devices leave the registry (and the sync
   * engine stops counting on them). Nothing on the gateway or its devices changes.
   */
  async detachGateway(gatewayId: string): Promise<void> {
    const connection = this.connections.get(gatewayId);
    if (!connection) throw new Error(`no gateway "${gatewayId}"`);
    this.connections.delete(gatewayId);
    await connection.stop();
    for (const device of this.registry.forGateway(gatewayId)) {
      this.sync?.deviceLost(gatewayId, device.deviceID);
      this.registry.remove(device.key);
    }
    this.emit('gatewaysChanged', this.gatewayViews());
  }

  /** The virtual site the operator acts at, when one runs (switched on and off at runtime). */
  setVirtualSite(site: RunningVirtualSite | null): void {
    this.virtualSite = site;
  }

  private newConnection(config: GatewayConfig): GatewayConnection {
    return new GatewayConnection(config, {
      ...this.options.connection,
      registry: this.registry,
      onChange: (view) => {
        // A connection let go may still report its last change while it stops.
        if (this.connections.get(config.id)?.config !== config) return;
        this.connectionEvents?.onGateway(view);
        this.emit('gatewaysChanged', this.gatewayViews());
      },
      ...(this.sync ? { links: this.sync } : {}),
      heldElsewhere: (deviceID) => this.registry.list().find((device) => device.deviceID === deviceID && device.gatewayId !== config.id)?.gatewayId ?? null,
      onLeftToOther: (deviceID, otherGatewayId) => {
        const label = (gatewayId: string): string => this.connections.get(gatewayId)?.config.label ?? `gateway "${gatewayId}"`;
        this.events?.add(
          consoleEvent(
            Date.now(),
            'device.heldElsewhere',
            'warning',
            `Device ${deviceID} is listed by ${config.label} too; the console follows it through ${label(otherGatewayId)} only. Remove it from one of the two gateways.`,
            deviceID,
          ),
        );
      },
    });
  }

  private gatewayViews() {
    return [...this.connections.values()].map((connection) => connection.view());
  }

  private emit<K extends EventName>(name: K, payload: EventPayload<K>): void {
    for (const sink of this.sinks) {
      try {
        sink.emit(name, payload);
      } catch (error) {
        // A window that went away mid-send must not stop the others from hearing about it.
        console.warn(`dropping ${name} for a subscriber that failed:`, error);
      }
    }
  }
}

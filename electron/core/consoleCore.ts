import type { AppInfo, EventName, EventPayload, EventSink, RequestHandlers, Unsubscribe } from '../../shared/ipc/contract';
import { DeviceRegistry } from './deviceRegistry';
import type { GatewayConfig } from './gatewayConfig';
import { GatewayConnection, type GatewayConnectionOptions } from './gatewayConnection';
import { masterDataHandlers, type MasterDataHandlers } from './masterData';
import type { Store } from './store/store';

export interface ConsoleCoreOptions {
  gateways: readonly GatewayConfig[];
  appInfo: AppInfo;
  /** The database (through the database host). Without one, master-data requests are refused. */
  store?: Store;
  /** Tuning for tests (shorter backoff, faster list refresh); production uses the defaults. */
  connection?: Omit<GatewayConnectionOptions, 'registry' | 'onChange'>;
}

function notYet(name: string): () => Promise<never> {
  return async () => {
    throw new Error(`${name}: the sync engine is not part of this build yet`);
  };
}

function withoutDatabase(): MasterDataHandlers {
  const refuse = async (): Promise<never> => {
    throw new Error('no database is attached to this console');
  };
  return {
    saveUser: refuse,
    deleteUsers: refuse,
    importUsers: refuse,
    saveAccessGroup: refuse,
    deleteAccessGroups: refuse,
    saveAccessLevel: refuse,
    deleteAccessLevels: refuse,
    saveSchedule: refuse,
    deleteSchedules: refuse,
    saveDoor: refuse,
    deleteDoors: refuse,
    saveZone: refuse,
    deleteZones: refuse,
  };
}

/**
 * The console's core, independent of any shell: owns the gateway connections and the device
 * registry, answers the contract's requests, and pushes its events to every subscribed window
 * (Electron IPC or the dev/test host's WebSocket bridge).
 */
export class ConsoleCore {
  readonly registry = new DeviceRegistry();
  private readonly connections = new Map<string, GatewayConnection>();
  private readonly sinks = new Set<EventSink>();

  readonly handlers: RequestHandlers;

  constructor(private readonly options: ConsoleCoreOptions) {
    for (const config of options.gateways) {
      this.connections.set(
        config.id,
        new GatewayConnection(config, {
          ...options.connection,
          registry: this.registry,
          onChange: () => this.emit('gatewaysChanged', this.gatewayViews()),
        }),
      );
    }
    this.registry.onDelta((delta) => this.emit('devicesChanged', delta));
    this.handlers = {
      getAppInfo: async () => this.options.appInfo,
      listDevices: async () => this.registry.list(),
      listGateways: async () => this.gatewayViews(),
      retryGateway: async ({ gatewayId }) => {
        const connection = this.connections.get(gatewayId);
        if (!connection) throw new Error(`no gateway "${gatewayId}"`);
        connection.retryNow();
        return null;
      },
      // The sync engine (electron/core/sync) takes these over; until it is wired the console
      // says so instead of pretending to have synced.
      syncDevice: notYet('syncDevice'),
      syncAll: notYet('syncAll'),
      wipeAndResync: notYet('wipeAndResync'),
      checkDevice: notYet('checkDevice'),
      compareDeviceUsers: notYet('compareDeviceUsers'),
      uploadDeviceUsers: notYet('uploadDeviceUsers'),
      deleteDeviceUsers: notYet('deleteDeviceUsers'),
      ...(options.store ? masterDataHandlers(options.store) : withoutDatabase()),
    };
  }

  start(): void {
    for (const connection of this.connections.values()) connection.start();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.connections.values()].map((connection) => connection.stop()));
    this.registry.flush();
    this.sinks.clear();
  }

  /** Adds a window (or bridge client) that receives every pushed event until it unsubscribes. */
  subscribe(sink: EventSink): Unsubscribe {
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
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

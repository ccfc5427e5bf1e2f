import { readFile } from 'node:fs/promises';
import type { AppInfo } from '../../shared/ipc/contract';
import { drop } from '../../shared/assert';
import { ConsoleCore, type ConsoleCoreOptions } from './consoleCore';
import { seedDemoSiteWhenReachable } from './demoSeed';
import type { Store } from './store/store';
import type { GatewayConfig } from './gatewayConfig';
import { startVirtualSite, type VirtualSite } from './virtualSite';

/** A real gateway named on the command line or in settings. */
export interface RemoteGatewaySetting {
  host: string;
  port: number;
  /** Path of the gateway's CA certificate; null means plain TCP (loopback tests only). */
  caFile: string | null;
}

export interface ConsoleRuntimeOptions {
  shell: AppInfo['shell'];
  version: string;
  dataDir: string;
  /** With no gateway configured the console opens on its built-in virtual site. */
  gateway: RemoteGatewaySetting | null;
  virtualSite?: { devices?: number; grpcPort?: number; controlPort?: number };
  /**
   * The database, through the shell's database host (a hidden window in Electron, the page's
   * Web Worker in the dev/test host). On the virtual site an empty one gets the demo data.
   */
  store?: Store;
  connection?: ConsoleCoreOptions['connection'];
  sync?: ConsoleCoreOptions['sync'];
  /** The automatic sync mode while the database stores none; the stored one wins. */
  syncMode?: ConsoleCoreOptions['syncMode'];
}

export interface ConsoleRuntime {
  core: ConsoleCore;
  virtualSite: VirtualSite | null;
  stop(): Promise<void>;
}

/** Starts the console the same way in every shell: Electron's main process and the dev/test host. */
export async function startConsoleRuntime(options: ConsoleRuntimeOptions): Promise<ConsoleRuntime> {
  let virtualSite: VirtualSite | null = null;
  let gateway: GatewayConfig;
  if (options.gateway) {
    const { host, port, caFile } = options.gateway;
    gateway = {
      id: 'gateway-1',
      label: `Gateway ${host}:${port}`,
      kind: 'remote',
      host,
      port,
      caCert: caFile ? await readCaFile(caFile) : null,
    };
  } else {
    virtualSite = await startVirtualSite({ dataDir: options.dataDir, ...options.virtualSite });
    gateway = virtualSite.config;
  }
  const core = new ConsoleCore({
    gateways: [gateway],
    appInfo: {
      version: options.version,
      shell: options.shell,
      virtualSite: virtualSite ? { grpcPort: virtualSite.gateway.grpcPort, controlPort: virtualSite.controlPort } : null,
    },
    ...(options.connection ? { connection: options.connection } : {}),
    ...(options.sync ? { sync: options.sync } : {}),
    ...(options.syncMode ? { syncMode: options.syncMode } : {}),
    ...(options.store ? { store: options.store } : {}),
    ...(virtualSite ? { virtualSite: virtualSite.gateway } : {}),
  });
  core.start();
  const seeding = new AbortController();
  if (options.store && virtualSite) {
    const site = virtualSite;
    drop(
      seedDemoSiteWhenReachable(options.store, () => site.gateway.devices().map(({ deviceID, name, model }) => ({ deviceID, name, model: model.name })), seeding.signal),
      (error) => console.error('could not add the virtual site demo data:', error),
    );
  }
  return {
    core,
    virtualSite,
    async stop() {
      seeding.abort();
      await core.stop();
      await virtualSite?.stop();
    },
  };
}

async function readCaFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new Error(`cannot read the gateway CA certificate ${file}: ${(error as Error).message}`, { cause: error });
  }
}

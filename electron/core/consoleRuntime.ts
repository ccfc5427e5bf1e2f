import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppInfo } from '../../shared/ipc/contract';
import { drop } from '../../shared/assert';
import { ConsoleCore, type ConsoleCoreOptions } from './consoleCore';
import { seedDemoSiteWhenReachable } from './demoSeed';
import type { Store } from './store/store';
import type { GatewayConfig } from './gatewayConfig';
import { startVirtualSite, type VirtualSite } from './virtualSite';
import { nameKey, OperatorAccounts, OPERATORS_FILE, type OperatorAccountsOptions } from './operators/operatorAccounts';

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
  /**
   * The dev/test host's `--signed-in-as <name>` (end-to-end tests, benchmarks): an administrator
   * of that name is made if there is none (with a random password no one knows), and every
   * session starts signed in as them. Electron never sets it: a real console starts at the
   * first-start screen, then at the sign-in screen.
   */
  signedInAs?: string;
  /** The KDF's cost, for tests; production uses the default. */
  accounts?: OperatorAccountsOptions;
}

export interface ConsoleRuntime {
  core: ConsoleCore;
  virtualSite: VirtualSite | null;
  stop(): Promise<void>;
}

/** Starts the console the same way in every shell: Electron's main process and the dev/test host. */
export async function startConsoleRuntime(options: ConsoleRuntimeOptions): Promise<ConsoleRuntime> {
  // First: a damaged accounts file stops the start before anything runs.
  const accounts = await OperatorAccounts.open(path.join(options.dataDir, OPERATORS_FILE), options.accounts);
  const signInEverySessionAs = options.signedInAs === undefined ? undefined : await seedAdministrator(accounts, options.signedInAs);
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
    operators: { accounts, ...(signInEverySessionAs !== undefined ? { signInEverySessionAs } : {}) },
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

/** The account every session signs in as (`signedInAs`): the administrator of that name, made when missing. */
async function seedAdministrator(accounts: OperatorAccounts, name: string): Promise<string> {
  const existing = accounts.list().find((account) => nameKey(account.name) === nameKey(name));
  if (existing) {
    if (existing.role !== 'administrator') throw new Error(`--signed-in-as ${name}: that operator is not an administrator`);
    return existing.id;
  }
  const password = randomBytes(24).toString('base64');
  const account = accounts.isEmpty() ? await accounts.createFirstAdministrator(name, password) : await accounts.add(name, 'administrator', password);
  return account.id;
}

async function readCaFile(file: string): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (error) {
    throw new Error(`cannot read the gateway CA certificate ${file}: ${(error as Error).message}`, { cause: error });
  }
}

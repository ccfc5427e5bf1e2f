import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AppInfo } from '../../shared/ipc/contract';
import { drop } from '../../shared/assert';
import { ConsoleCore, type ConsoleCoreOptions } from './consoleCore';
import { seedDemoSiteWhenReachable } from './demoSeed';
import type { Store } from './store/store';
import type { GatewayConfig } from './gatewayConfig';
import { GatewayAdmin, runningVirtualSite, storedGatewayConfig, type ShellServices } from './gatewayAdmin';
import { loadGatewaySettings } from './gatewaySettingsFile';
import { FileSecretStore, PLAIN_SECRETS_NOTE, plainTextCipherForDevHost, type SecretStore } from './secretStore';
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
  /** Where the gateway settings (gateways.json) and the virtual site's certificates live. */
  dataDir: string;
  /**
   * A gateway named on the command line (`npm run host -- --gateway`): connected besides the
   * stored ones, never stored. While no setting is stored, it also keeps the virtual site off.
   */
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
  /** What only the shell can do (Electron's file dialog). */
  shellServices?: ShellServices;
  /**
   * Where secrets go: the OS keychain in Electron (safeStorage), a clearly-labelled clear-text
   * file in the dev/test host. Default: the clear-text one in the data folder (tests).
   */
  secrets?: SecretStore;
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
  /** The virtual site running now (the operator switches it off and on in Settings). */
  readonly virtualSite: VirtualSite | null;
  stop(): Promise<void>;
}

/** The ID of the gateway given on the command line. */
export const COMMAND_LINE_GATEWAY_ID = 'gateway-1';

/**
 * Starts the console the same way in every shell: Electron's main process and the dev/test host.
 * The gateways are the stored ones (Settings → Device gateways, gatewaySettingsFile.ts), the one
 * named on the command line, and the virtual site when it is switched on.
 */
export async function startConsoleRuntime(options: ConsoleRuntimeOptions): Promise<ConsoleRuntime> {
  // First: a damaged accounts file stops the start before anything runs.
  const accounts = await OperatorAccounts.open(path.join(options.dataDir, OPERATORS_FILE), options.accounts);
  const signInEverySessionAs = options.signedInAs === undefined ? undefined : await seedAdministrator(accounts, options.signedInAs);
  const fixed: GatewayConfig[] = [];
  if (options.gateway) {
    const { host, port, caFile } = options.gateway;
    fixed.push({
      id: COMMAND_LINE_GATEWAY_ID,
      label: `Gateway ${host}:${port}`,
      kind: 'remote',
      host,
      port,
      caCert: caFile ? await readCaFile(caFile) : null,
    });
  }
  const { settings, problem } = await loadGatewaySettings(options.dataDir, options.gateway === null);
  if (problem) console.warn(problem);
  const startSite = () => startVirtualSite({ dataDir: options.dataDir, ...options.virtualSite });
  const virtualSite = settings.virtualSite.enabled ? await startSite() : null;
  const seeding = new AbortController();
  const seedWhenEmpty = (site: VirtualSite): void => {
    if (!options.store) return;
    drop(
      seedDemoSiteWhenReachable(options.store, () => site.gateway.devices().map(({ deviceID, name, model }) => ({ deviceID, name, model: model.name })), seeding.signal),
      (error) => console.error('could not add the virtual site demo data:', error),
    );
  };
  let admin: GatewayAdmin | null = null;
  const core = new ConsoleCore({
    gateways: [...(virtualSite ? [virtualSite.config] : []), ...fixed, ...settings.gateways.map(storedGatewayConfig)],
    appInfo: { version: options.version, shell: options.shell, virtualSite: null },
    ...(options.connection ? { connection: options.connection } : {}),
    ...(options.sync ? { sync: options.sync } : {}),
    ...(options.syncMode ? { syncMode: options.syncMode } : {}),
    ...(options.store ? { store: options.store } : {}),
    ...(virtualSite ? { virtualSite: runningVirtualSite(virtualSite) } : {}),
    gatewayAdmin: (created) => {
      admin = new GatewayAdmin(created, {
        dataDir: options.dataDir,
        settings,
        fixed,
        virtualSite,
        startVirtualSite: startSite,
        onVirtualSiteStarted: seedWhenEmpty,
        secrets: options.secrets ?? devHostSecretStore(options.dataDir),
        ...(options.shellServices ? { shell: options.shellServices } : {}),
      });
      return admin.handlers();
    },
    operators: { accounts, ...(signInEverySessionAs !== undefined ? { signInEverySessionAs } : {}) },
  });
  core.start();
  if (virtualSite) seedWhenEmpty(virtualSite);
  return {
    core,
    get virtualSite() {
      return admin?.runningSite ?? null;
    },
    async stop() {
      seeding.abort();
      await core.stop();
      await admin?.stop();
    },
  };
}
/** The dev/test host's secrets: clear text, named so, in its scratch data folder. */
export function devHostSecretStore(dataDir: string): SecretStore {
  return new FileSecretStore(path.join(dataDir, 'secrets.dev-host-plain-text.json'), plainTextCipherForDevHost, PLAIN_SECRETS_NOTE);
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

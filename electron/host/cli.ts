import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { operatorNameSchema } from '../../shared/domain/operators';
import { syncModeSchema, syncModes, type SyncMode } from '../../shared/domain/syncMode';
import { devHostSecretStore, startConsoleRuntime, type RemoteGatewaySetting } from '../core/consoleRuntime';
import { createDatabaseHostLink } from '../core/store/databaseHostLink';
import { startHostServer } from './hostServer';
import { ensureRendererBuilt } from './rendererBuild';

/**
 * The dev/test host: the console core in plain Node, its UI served to a browser.
 *
 *   npm run host -- --port <http> [--gateway <host:port> (--ca <file> | --insecure)]
 *                   [--devices <n>] [--data-dir <dir>] [--no-build]
 *                   [--sync-mode not-used|all|all-with-device|specific] [--signed-in-as <name>]
 *
 * --sync-mode applies while the database stores no mode; once one is chosen in the console, the
 * stored one wins.
 *
 * --signed-in-as is for end-to-end tests and benchmarks that drive the console rather than its
 * sign-in: an administrator of that name is made when missing, and every page and script
 * connection starts signed in as them. Without it (`npm run host`, as a person starts it) the
 * console opens at the first-start screen, then at the sign-in screen. The operators' accounts
 * live in --data-dir (operators.json).
 *
 * Prints one JSON line when ready: {"ready":true,"url":...,"port":...,"virtualSite":{...}|null}
 */
const USAGE =
  'usage: npm run host -- --port <http> [--gateway <host:port> (--ca <file> | --insecure)] [--devices <n>] [--data-dir <dir>] [--no-build] [--sync-mode not-used|all|all-with-device|specific] [--signed-in-as <name>]';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function parsePort(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`${name} must be a port number from 0 to 65535`);
  return port;
}

function parseGateway(value: string | undefined, ca: string | undefined, insecure: boolean): RemoteGatewaySetting | null {
  if (value === undefined) {
    if (ca !== undefined || insecure) fail('--ca and --insecure go with --gateway');
    return null;
  }
  const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(value);
  if (!match?.[1] || !match[2]) fail('--gateway must be <host:port>');
  if ((ca === undefined) === !insecure) fail('--gateway needs exactly one of --ca <file> or --insecure');
  return { host: match[1].replace(/^\[|\]$/g, ''), port: parsePort(match[2], '--gateway port', 4000), caFile: ca ?? null };
}

function parseSyncMode(value: string | undefined): SyncMode | undefined {
  if (value === undefined) return undefined;
  const parsed = syncModeSchema.safeParse(value);
  if (!parsed.success) fail(`--sync-mode must be one of ${syncModes.join(', ')}`);
  return parsed.data;
}

async function main(): Promise<void> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string' },
        gateway: { type: 'string' },
        ca: { type: 'string' },
        insecure: { type: 'boolean', default: false },
        devices: { type: 'string' },
        'data-dir': { type: 'string' },
        'no-build': { type: 'boolean', default: false },
        'sync-mode': { type: 'string' },
        'signed-in-as': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    fail((error as Error).message);
  }
  const port = parsePort(values.port, '--port', 5174);
  const gateway = parseGateway(values.gateway, values.ca, values.insecure);
  const devices = values.devices === undefined ? undefined : Number(values.devices);
  if (devices !== undefined && (!Number.isInteger(devices) || devices < 0 || devices > 10_000)) fail('--devices must be 0..10000');
  const syncMode = parseSyncMode(values['sync-mode']);
  const signedInAs = values['signed-in-as'] === undefined ? undefined : operatorNameSchema.safeParse(values['signed-in-as']);
  if (signedInAs && !signedInAs.success) fail(`--signed-in-as: ${signedInAs.error.issues[0]?.message ?? 'not an operator name'}`);
  const dataDir = path.resolve(values['data-dir'] ?? path.join(repoRoot, '.cache', 'host'));
  const rendererDir = path.join(repoRoot, 'dist', 'renderer');

  if (!values['no-build']) await ensureRendererBuilt(repoRoot, rendererDir);
  // The database host is the page's Web Worker: it connects to /dbhost once a browser opens
  // the console, and the core's Store requests wait for it until then.
  const database = createDatabaseHostLink();
  const runtime = await startConsoleRuntime({
    shell: 'host',
    version: await packageVersion(),
    dataDir,
    gateway,
    store: database.store,
    // No keychain on developer and CI machines: the clearly-labelled clear-text store (secretStore.ts).
    secrets: devHostSecretStore(dataDir),
    ...(devices !== undefined ? { virtualSite: { devices } } : {}),
    ...(syncMode ? { syncMode } : {}),
    ...(signedInAs?.success ? { signedInAs: signedInAs.data } : {}),
  });
  const server = await startHostServer({ core: runtime.core, rendererDir, port, onDatabaseHost: database.attach });
  const appInfo = await runtime.core.handlers.getAppInfo(undefined);
  console.log(JSON.stringify({ ready: true, url: server.url, port: server.port, virtualSite: appInfo.virtualSite }));
  // For people: stdout carries only the ready line, which scripts read.
  console.error(`Portcullis console: ${server.url}  (${gateway ? `gateway ${values.gateway}` : 'virtual site'}; Ctrl+C stops it)`);

  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    // The core first, while the page's database host still serves it (its last events and the
    // mark of an orderly stop are written there), then the server and that link: as the
    // desktop app's quit sequence does.
    void runtime
      .stop()
      .finally(() => server.close())
      .finally(() => {
        database.close();
        process.exit(0);
      });
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

async function packageVersion(): Promise<string> {
  const manifest = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version?: unknown };
  return typeof manifest.version === 'string' ? manifest.version : '0.0.0';
}

main().catch((error: unknown) => {
  console.error(`the dev/test host could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});

/**
 * Bulk write of users through the database host into Chromium's IndexedDB, against a plain
 * Dexie bulkPut of the same records in the same browser, in the same run.
 *
 *   npm run bench:dbhost [-- --users 100000]
 *
 * The path measured is the app's: the core's RemoteStore → JSON over the dev/test host's
 * /dbhost WebSocket → the page's database host worker (validation, card uniqueness, one
 * transaction per batch) → IndexedDB. The browser runs with an on-disk profile (a persistent
 * context; Playwright's default contexts keep IndexedDB in memory). Prints one JSON line.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type Page } from '@playwright/test';
import { ConsoleCore } from '../electron/core/consoleCore';
import { createDatabaseHostLink } from '../electron/core/store/databaseHostLink';
import { startHostServer } from '../electron/host/hostServer';
import { ensureRendererBuilt } from '../electron/host/rendererBuild';
import { chunk } from '../shared/db/batches';
import { blankUser, type User } from '../shared/domain/user';
import { OperatorAccounts } from '../electron/core/operators/operatorAccounts';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** G-SDK sizes: a fingerprint template is 384 bytes (two per finger), card data 32 bytes. */
function makeUser(n: number): User {
  const template = (): string => randomBytes(384).toString('base64');
  return {
    ...blankUser(String(n), 1_700_000_000_000),
    name: `User ${n}`,
    department: `Department ${n % 40}`,
    cards: [{ type: 1, data: randomBytes(32).toString('base64') }],
    fingers: [
      { index: 0, flag: 0, templates: [template(), template()] },
      { index: 5, flag: 0, templates: [template(), template()] },
    ],
  };
}

/** Plain Dexie in the page (its UMD build), writing the same records with no checks at all. */
async function baseline(page: Page, users: readonly User[], chunkSize: number | null): Promise<number> {
  await page.evaluate(() => {
    (globalThis as unknown as { benchRecords: unknown[] }).benchRecords = [];
  });
  // Untimed: move the records into the page.
  for (const part of chunk(users, 5_000)) {
    await page.evaluate((records) => {
      (globalThis as unknown as { benchRecords: unknown[] }).benchRecords.push(...records);
    }, part);
  }
  return page.evaluate(async (size) => {
    interface BenchTable {
      bulkPut(records: unknown[]): Promise<unknown>;
      count(): Promise<number>;
    }
    interface BenchDexie {
      version(n: number): { stores(schema: Record<string, string>): void };
      open(): Promise<unknown>;
      table(name: string): BenchTable;
      transaction(mode: string, table: BenchTable, body: () => Promise<void>): Promise<void>;
      delete(): Promise<void>;
      close(): void;
    }
    const scope = globalThis as unknown as { Dexie: new (name: string) => BenchDexie; benchRecords: unknown[] };
    const name = `portcullis-baseline-${size ?? 'one'}`;
    const db = new scope.Dexie(name);
    // The same indexes as the database host's users table.
    db.version(1).stores({ users: 'id, name, department' });
    await db.open();
    const users = db.table('users');
    const records = scope.benchRecords;
    const started = performance.now();
    if (size === null) {
      await users.bulkPut(records);
    } else {
      await db.transaction('rw', users, async () => {
        for (let start = 0; start < records.length; start += size) await users.bulkPut(records.slice(start, start + size));
      });
    }
    const elapsed = performance.now() - started;
    if ((await users.count()) !== records.length) throw new Error('the baseline lost records');
    scope.benchRecords = [];
    db.close();
    return elapsed;
  }, chunkSize);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { users: { type: 'string', default: '100000' } } });
  const count = Number(values.users);
  if (!Number.isInteger(count) || count < 1) throw new Error('--users must be a positive integer');

  const rendererDir = path.join(repoRoot, 'dist', 'renderer');
  await ensureRendererBuilt(repoRoot, rendererDir);
  const profile = await mkdtemp(path.join(tmpdir(), 'portcullis-bench-profile-'));
  // No gateways: the page's UI stays idle, so the browser's time goes to the database.
  const core = new ConsoleCore({ gateways: [], appInfo: { version: 'bench', shell: 'host', virtualSite: null }, operators: OperatorAccounts.inMemoryWithAdministrator('bench') });
  const link = createDatabaseHostLink();
  const host = await startHostServer({ core, rendererDir, port: 0, onDatabaseHost: link.attach });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true,
    // Only so the baseline can inject Dexie's UMD build as an inline script.
    bypassCSP: true,
  });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(host.url);
    await page.addScriptTag({ path: path.join(repoRoot, 'node_modules', 'dexie', 'dist', 'dexie.js') });

    console.error(`generating ${count} users (2 fingerprints × 2 templates of 384 bytes, 1 card of 32 bytes)...`);
    const users = Array.from({ length: count }, (_, i) => makeUser(i + 1));
    const recordBytes = JSON.stringify(users[0]).length;

    // Warm-up: the worker's code paths and the database file exist before timing starts.
    const warmUp = Array.from({ length: 1_000 }, (_, i) => makeUser(count + 1 + i));
    await link.store.users.put(warmUp);
    await link.store.users.delete(warmUp.map((user) => user.id));

    console.error('writing through the database host...');
    let started = performance.now();
    const result = await link.store.users.put(users);
    const dbhostMs = performance.now() - started;
    if (result.stored.length !== count) throw new Error(`the database host stored ${result.stored.length} of ${count} users: ${JSON.stringify(result.refused.slice(0, 3))}`);
    started = performance.now();
    let scanned = 0;
    for await (const pageOfUsers of link.store.users.scan(1_000)) scanned += pageOfUsers.length;
    const scanMs = performance.now() - started;
    if (scanned !== count) throw new Error(`scanned ${scanned} of ${count} users`);

    console.error('writing with a plain Dexie bulkPut (one call)...');
    const plainMs = await baseline(page, users, null);
    console.error('writing with plain Dexie bulkPuts of 2,000 in one transaction...');
    const chunkedMs = await baseline(page, users, 2_000);
    if (errors.length > 0) throw new Error(`the page failed: ${errors.join('; ')}`);

    const rate = (ms: number): number => Math.round(count / (ms / 1_000));
    const report = {
      users: count,
      recordBytes,
      browser: await page.evaluate(() => (globalThis as unknown as { navigator: { userAgent: string } }).navigator.userAgent),
      dbhost: { ms: Math.round(dbhostMs), usersPerSecond: rate(dbhostMs) },
      dbhostScan: { ms: Math.round(scanMs), usersPerSecond: rate(scanMs) },
      plainBulkPut: { ms: Math.round(plainMs), usersPerSecond: rate(plainMs) },
      plainChunkedBulkPut: { ms: Math.round(chunkedMs), usersPerSecond: rate(chunkedMs) },
      dbhostVsPlain: Math.round((plainMs / dbhostMs) * 100) / 100,
    };
    console.log(JSON.stringify(report));
    console.error(
      `database host: ${report.dbhost.usersPerSecond} users/s (${report.dbhost.ms} ms); ` +
        `plain bulkPut: ${report.plainBulkPut.usersPerSecond} users/s (${report.plainBulkPut.ms} ms); ` +
        `plain chunked: ${report.plainChunkedBulkPut.usersPerSecond} users/s; scan back: ${report.dbhostScan.usersPerSecond} users/s`,
    );
  } finally {
    await context.close();
    link.close();
    await host.close();
    await rm(profile, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});

import { randomBytes } from 'node:crypto';
import { blankUser, type User } from '../shared/domain/user';
import { ConsoleCore } from '../electron/core/consoleCore';
import type { Store } from '../electron/core/store/store';
import type { SyncTuning } from '../electron/core/sync/syncTuning';
import type { SyncMode } from '../shared/domain/syncMode';
import type { SimChild } from './simChild';
import { OperatorAccounts } from '../electron/core/operators/operatorAccounts';

export const BENCH_GATEWAY = 'bench';

/**
 * A user as sites enroll them: one card (4 bytes, unique: a card belongs to one user),
 * `fingers` fingerprints of two 384-byte templates each (Suprema's template size), a 32-byte
 * PIN hash, one access group.
 */
export function benchUsers(count: number, fingers: number, firstId = 1): User[] {
  return Array.from({ length: count }, (_, i) => ({
    ...blankUser(String(firstId + i), 1),
    name: `Employee ${firstId + i}`,
    pinHash: randomBytes(32).toString('base64'),
    cards: [{ type: 1, data: cardNumber(firstId + i) }],
    fingers: Array.from({ length: fingers }, (_, index) => ({
      index,
      flag: 0,
      templates: [randomBytes(384).toString('base64'), randomBytes(384).toString('base64')],
    })),
    accessGroupIds: [1],
  }));
}

/** A 4-byte card number as the bench users carry (unique per `n`). */
export function cardNumber(n: number): string {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(n >>> 0);
  return bytes.toString('base64');
}

/** Stores users in batches; any refusal makes the benchmark meaningless, so it stops there. */
export async function seedUsers(store: Store, users: readonly User[]): Promise<void> {
  for (let start = 0; start < users.length; start += 5_000) {
    const { refused } = await store.users.put(users.slice(start, start + 5_000));
    if (refused.length > 0) throw new Error(`the store refused ${refused.length} user(s), e.g. ${JSON.stringify(refused[0])}`);
  }
}

/**
 * The console's core (with its sync engine) against the virtual gateway in the child process;
 * `syncMode` is the automatic mode it starts in (the host's `--sync-mode`), else *Not used*.
 */
export function startBenchConsole(sim: SimChild, store: Store, sync: Partial<SyncTuning> = {}, syncMode?: SyncMode): ConsoleCore {
  const core = new ConsoleCore({
    gateways: [{ id: BENCH_GATEWAY, label: 'Benchmark site', kind: 'remote', host: '127.0.0.1', port: sim.grpcPort, caCert: null }],
    appInfo: { version: 'bench', shell: 'host', virtualSite: null },
    store,
    connection: { listRefreshMs: 60_000 },
    sync,
    ...(syncMode ? { syncMode } : {}),
    // A page opened on this console (ui-frames, event-ingest) starts signed in.
    operators: OperatorAccounts.inMemoryWithAdministrator('bench'),
  });
  core.start();
  return core;
}

export async function waitUntil(condition: () => boolean, what: string, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

/** One labelled figure per line, then one JSON line for scripts. */
export function report(name: string, rows: [string, string][], json: Record<string, unknown>): void {
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log(`\n${name}`);
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
  console.log(JSON.stringify({ benchmark: name, ...json }));
}

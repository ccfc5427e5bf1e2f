import { parseArgs } from 'node:util';
import { BENCH_GATEWAY, seedUsers, startBenchConsole } from '../bench/benchSupport';
import { startSimChild, type SimChild } from '../bench/simChild';
import { runSoak, soakFailures, type SoakReport } from '../electron/core/sync/soak/runSoak';
import { SiteControl } from '../electron/core/sync/soak/siteControl';
import { planSoak, soakSeed, type MemoryBound, type SoakPacing } from '../electron/core/sync/soak/soakPlan';
import { startDatabaseHostProcess, type DatabaseHostProcess } from './soak/databaseHostProcess';

/*
 * `npm run soak [-- --seed N] [--devices 50] [--users 20000] [--minutes 3]` (issue 8): the long
 * soak. The virtual gateway runs in a child process and the database host in another (as the
 * hidden database window is in the app), so the memory read here is the console's main process.
 * Prints progress, the seed (SOAK_SEED=N repeats the mix), the count of each action, the time to
 * converge and memory at start and end; exits 1 on any difference or a memory bound passed, and
 * stops by itself within 10 minutes whatever the console does.
 */

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    devices: { type: 'string', default: '50' },
    users: { type: 'string', default: '20000' },
    minutes: { type: 'string', default: '3' },
  },
});

/**
 * Start-up (gateway, 50 readers, 20,000 users stored) about 1 minute, the first full sync at most
 * 2, the mix 3, convergence at most 2.3 and the comparison at the deadline about 1.5: under 10
 * minutes when every wait runs out. The hard stop (9.5 minutes after the start) is the last resort.
 */
const HARD_STOP_MS = 9.5 * 60_000;
const pacing: SoakPacing = {
  actionsForMs: Number(values.minutes) * 60_000,
  actionEveryMs: 40,
  offlineMs: [3_000, 30_000],
  maxOffline: 8,
  gatewayRestartEveryMs: 60_000,
  initialSyncTimeoutMs: 120_000,
  convergenceTimeoutMs: 140_000,
};
/**
 * The main process (the core and the soak's model of 20,000 users) may grow this much from the
 * first full sync to the end, after a forced GC: the master copy grows by the users added, the
 * journal digests and caches by as much again; a leak per action or per write is far beyond it.
 */
const bound: MemoryBound = { heapUsedGrowthMB: 64, rssGrowthMB: 160 };

async function main(): Promise<number> {
  const seed = soakSeed(values.seed ?? process.env.SOAK_SEED);
  const setup = planSoak(seed, { devices: Number(values.devices), users: Number(values.users) });
  console.log(`soak: seed ${seed} (SOAK_SEED=${seed} npm run soak repeats the mix), ${setup.devices.length} readers, ${setup.initialUsers.length} users, ${values.minutes} min of edits and faults`);
  let sim: SimChild | undefined;
  let database: DatabaseHostProcess | undefined;
  const stopAll = async (): Promise<void> => {
    await database?.close();
    await sim?.stop();
  };
  // Whatever happens, the soak ends within its 10 minutes (a console that hangs included).
  const hardStop = setTimeout(() => {
    console.error(`soak: still running after ${HARD_STOP_MS / 60_000} minutes; stopped`);
    void stopAll().finally(() => process.exit(1));
  }, HARD_STOP_MS);
  hardStop.unref();
  try {
    sim = await startSimChild();
    const site = SiteControl.at(sim.controlPort);
    for (const device of setup.devices) await site.addDevice(device.deviceId, device.model, 100_000);
    database = await startDatabaseHostProcess();
    await seedUsers(database.store, setup.initialUsers);
    const core = startBenchConsole(sim, database.store, {}, 'all-with-device');
    try {
      const report = await runSoak(setup, { core, store: database.store, deviceKey: (id) => `${BENCH_GATEWAY}/${id}` }, site, pacing, bound, (line) => console.log(`soak: ${line}`));
      printReport(report);
      const failures = soakFailures(report);
      for (const failure of failures) console.error(`FAIL ${failure}`);
      return failures.length === 0 ? 0 : 1;
    } finally {
      await core.stop();
    }
  } finally {
    clearTimeout(hardStop);
    await stopAll();
  }
}

function printReport(report: SoakReport): void {
  const { start, end } = report.memory;
  const rows: [string, string][] = [
    ['seed', String(report.seed)],
    ['readers', String(report.devices)],
    ['users at start / end', `${report.initialUsers} / ${report.finalUsers}`],
    ...Object.entries(report.actions).map(([action, count]): [string, string] => [`  ${action}`, String(count)]),
    ...Object.entries(report.skipped).map(([reason, count]): [string, string] => [`  skipped: ${reason}`, String(count)]),
    ['first full sync', `${(report.initialSyncMs / 1000).toFixed(1)} s`],
    ['converged after the faults', report.convergedAfterMs === null ? 'NO (deadline passed)' : `${(report.convergedAfterMs / 1000).toFixed(1)} s (the comparison that showed it took ${(report.lastComparisonMs / 1000).toFixed(1)} s)`],
    ['memory at start', `rss ${start.rssMB} MB, heap used ${start.heapUsedMB} MB`],
    ['memory at end', `rss ${end.rssMB} MB, heap used ${end.heapUsedMB} MB`],
    ['growth (bound)', `rss ${(end.rssMB - start.rssMB).toFixed(1)} MB (${report.memory.bound.rssGrowthMB}), heap used ${(end.heapUsedMB - start.heapUsedMB).toFixed(1)} MB (${report.memory.bound.heapUsedGrowthMB})`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  console.log('\nsoak report');
  for (const [label, value] of rows) console.log(`  ${label.padEnd(width)}  ${value}`);
  console.log(JSON.stringify({ soak: report }));
}

const exitCode = await main().catch((error: unknown) => {
  console.error(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  return 1;
});
// Everything was stopped; a handle some library keeps must not hold the soak open.
process.exit(exitCode);

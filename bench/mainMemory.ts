/**
 * Console memory with 100,000 users × 50 devices (DESIGN.md §5: main process < 400 MB RSS).
 *
 * What runs where, as in the app: the virtual gateway in a child process (bench/simChild.ts), the
 * database host in a child process (scripts/soak/databaseHostProcess.ts: in the app it is the
 * hidden database window), and the console's core in this process, which stands for Electron's
 * main process. This process's RSS and heap are sampled every 250 ms throughout (the peak), and
 * read after a forced GC at the end of each phase:
 *   1. baseline: the console connected to every device, the master copy empty;
 *   2. the users stored in the master copy (and every device checked against them);
 *   3. a full sync (Sync all, as the full-sync bench does) and every device in sync;
 *   4. the echo events of those writes (one per user per device) read back from the devices' logs
 *      and stored, for at most `--echo-seconds`: how far it got is printed;
 *   5. the gateway restarted, every device reconnected and checked.
 *
 * `--heap-snapshot-above <MB>` writes one V8 heap snapshot (in the temporary directory) the first
 * time a sample finds more heap used than that: what held the memory at the peak, for DevTools.
 *
 *   npm run bench -- memory [--users 100000] [--devices 50] [--echo-seconds 180] [--reconnect-seconds 600] [--heap-snapshot-above <MB>]
 */
import { parseArgs } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHeapSnapshot } from 'node:v8';
import type { ConsoleCore } from '../electron/core/consoleCore';
import { memoryAfterGc, type MemoryReading } from '../electron/core/sync/soak/memoryReading';
import { startDatabaseHostProcess, type DatabaseHostProcess } from '../scripts/soak/databaseHostProcess';
import { BENCH_GATEWAY, benchUsers, report, seconds, seedUsers, startBenchConsole, waitUntil } from './benchSupport';
import { startSimChild, type SimChild } from './simChild';

const BUDGET_RSS_MB = 400;
const SAMPLE_EVERY_MS = 250;
/** Users are made and stored this many at a time, so the bench's own copies never pile up here. */
const SEED_BATCH = 5_000;
/** Long phases (a full sync of 5,000,000 user records) outlast waitUntil's default. */
const PHASE_TIMEOUT_MS = 30 * 60_000;

interface Options {
  users: number;
  devices: number;
  echoSeconds: number;
  reconnectSeconds: number;
  heapSnapshotAboveMB: number | null;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: { users: { type: 'string' }, devices: { type: 'string' }, 'echo-seconds': { type: 'string' }, 'reconnect-seconds': { type: 'string' }, 'heap-snapshot-above': { type: 'string' } },
  });
  return {
    users: Number(values.users ?? 100_000),
    devices: Number(values.devices ?? 50),
    echoSeconds: Number(values['echo-seconds'] ?? 180),
    reconnectSeconds: Number(values['reconnect-seconds'] ?? 600),
    heapSnapshotAboveMB: values['heap-snapshot-above'] === undefined ? null : Number(values['heap-snapshot-above']),
  };
}

/** This process's RSS and heap every 250 ms, the highest so far kept (no GC forced: what the OS sees). */
class PeakSampler {
  peakRssMB = 0;
  peakHeapUsedMB = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(private snapshotAboveMB: number | null) {
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_EVERY_MS);
  }

  sample(): void {
    const { rss, heapUsed } = process.memoryUsage();
    this.peakRssMB = Math.max(this.peakRssMB, toMB(rss));
    this.peakHeapUsedMB = Math.max(this.peakHeapUsedMB, toMB(heapUsed));
    if (this.snapshotAboveMB !== null && toMB(heapUsed) > this.snapshotAboveMB) {
      this.snapshotAboveMB = null;
      console.error(`memory: heap used ${toMB(heapUsed)} MB; heap snapshot written to ${writeHeapSnapshot(join(tmpdir(), `portcullis-memory-${Date.now()}.heapsnapshot`))}`);
    }
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

interface PhaseReading extends MemoryReading {
  phase: string;
  peakRssMB: number;
  peakHeapUsedMB: number;
  /** What the phase reached and how long it took. */
  note: string;
}

export async function mainMemoryBenchmark(argv: string[]): Promise<void> {
  const { users: userCount, devices: deviceCount, echoSeconds, reconnectSeconds, heapSnapshotAboveMB } = options(argv);
  const sampler = new PeakSampler(heapSnapshotAboveMB);
  const phases: PhaseReading[] = [];
  const phaseDone = (phase: string, note: string): void => {
    sampler.sample();
    const reading: PhaseReading = { phase, ...memoryAfterGc(), peakRssMB: sampler.peakRssMB, peakHeapUsedMB: sampler.peakHeapUsedMB, note };
    phases.push(reading);
    console.error(`memory: ${phase}: RSS ${reading.rssMB} MB, heap ${reading.heapUsedMB} MB, peak RSS ${reading.peakRssMB} MB (${note})`);
  };
  let sim: SimChild | undefined;
  let database: DatabaseHostProcess | undefined;
  let core: ConsoleCore | undefined;
  try {
    sim = await startSimChild();
    const deviceIds: number[] = [];
    for (let i = 0; i < deviceCount; i++) {
      const { deviceID } = (await sim.control('POST', '/devices', { model: 'BioStation 2', capacity: userCount })) as { deviceID: number };
      deviceIds.push(deviceID);
    }
    database = await startDatabaseHostProcess();
    const store = database.store;
    const started = Date.now();
    core = startBenchConsole(sim, store);
    const views = () => deviceIds.map((deviceId) => core?.registry.get(`${BENCH_GATEWAY}/${deviceId}`));
    await waitUntil(() => views().every((view) => view?.sync.state === 'in-sync'), 'every empty device checked');
    phaseDone('1. baseline: connected to every device, master copy empty', `${seconds(Date.now() - started)}`);

    let phaseStart = Date.now();
    for (let first = 1; first <= userCount; first += SEED_BATCH) {
      await seedUsers(store, benchUsers(Math.min(SEED_BATCH, userCount - first + 1), 2, first));
    }
    await waitUntil(() => views().every((view) => view?.sync.state === 'out-of-sync' && view.sync.missing === userCount), 'every device checked against the users', PHASE_TIMEOUT_MS);
    phaseDone(`2. ${userCount} users stored`, `${seconds(Date.now() - phaseStart)} to store them and check every device`);

    phaseStart = Date.now();
    const lastEventIdsBefore = await lastEventIds(sim, deviceIds);
    await core.handlers.syncAll(undefined);
    await waitUntil(() => views().every((view) => view?.sync.state === 'in-sync'), 'every device in sync', PHASE_TIMEOUT_MS);
    phaseDone('3. full sync, every device in sync', `${seconds(Date.now() - phaseStart)}`);

    // Every write logged one event per user on each device; the console stores each of them.
    phaseStart = Date.now();
    const lastEventIdsAfter = await lastEventIds(sim, deviceIds);
    const echoes = sum(deviceIds.map((id) => (lastEventIdsAfter.get(id) ?? 0) - (lastEventIdsBefore.get(id) ?? 0)));
    const echoesHandled = async (): Promise<number> => {
      let handled = 0;
      for (const id of deviceIds) handled += Math.max(0, ((await store.eventCursors.get(id)) ?? 0) - (lastEventIdsBefore.get(id) ?? 0));
      return handled;
    };
    const echoDeadline = phaseStart + echoSeconds * 1000;
    let handled = await echoesHandled();
    while (handled < echoes && Date.now() < echoDeadline) {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      handled = await echoesHandled();
    }
    const echoNote = `${handled.toLocaleString('en-US')} of ${echoes.toLocaleString('en-US')} echo events stored (by the devices' stored cursors) in ${seconds(Date.now() - phaseStart)}${handled < echoes ? `, stopped at the ${echoSeconds} s bound` : ''}`;
    phaseDone('4. echo events read back and stored', echoNote);

    phaseStart = Date.now();
    const checkedBefore = new Map(views().map((view, index) => [deviceIds[index], view?.sync.checkedAt ?? 0]));
    await sim.control('POST', '/gateway/restart');
    const reconnected = () =>
      views().every((view, index) => view?.connection === 'connected' && view.sync.state === 'in-sync' && (view.sync.checkedAt ?? 0) > (checkedBefore.get(deviceIds[index]) ?? 0));
    let reconnectNote: string;
    try {
      await waitUntil(reconnected, 'every device reconnected and checked', reconnectSeconds * 1000);
      reconnectNote = `${seconds(Date.now() - phaseStart)} from the restart to every device checked in sync`;
    } catch {
      const checked = views().filter((view, index) => view?.sync.state === 'in-sync' && (view.sync.checkedAt ?? 0) > (checkedBefore.get(deviceIds[index]) ?? 0)).length;
      reconnectNote = `${checked} of ${deviceCount} devices checked in sync when the ${reconnectSeconds} s bound ran out`;
    }
    phaseDone('5. gateway restarted, every device reconnected and checked', reconnectNote);
  } finally {
    sampler.stop();
    await core?.stop();
    await database?.close();
    await sim?.stop();
  }

  const peakRssMB = Math.max(...phases.map((phase) => phase.peakRssMB));
  const baselineRssMB = phases[0]?.rssMB ?? 0;
  report(
    `main-process memory: ${userCount} users × ${deviceCount} devices (RSS, heap used after a forced GC; peak sampled every ${SAMPLE_EVERY_MS} ms)`,
    [
      ...phases.map((phase): [string, string] => [
        phase.phase,
        `RSS ${phase.rssMB} MB (${signed(phase.rssMB - baselineRssMB)} on the baseline), heap ${phase.heapUsedMB} MB, peak RSS so far ${phase.peakRssMB} MB (peak heap ${phase.peakHeapUsedMB} MB); ${phase.note}`,
      ]),
      ['budget: peak RSS < 400 MB', `${peakRssMB < BUDGET_RSS_MB ? 'met' : 'NOT met'}: peak ${peakRssMB} MB`],
    ],
    { users: userCount, devices: deviceCount, budgetRssMB: BUDGET_RSS_MB, peakRssMB, phases },
  );
}

async function lastEventIds(sim: SimChild, deviceIds: readonly number[]): Promise<Map<number, number>> {
  const listed = (await sim.control('GET', '/devices')) as { deviceID: number; lastEventID: number }[];
  return new Map(listed.filter((device) => deviceIds.includes(device.deviceID)).map((device) => [device.deviceID, device.lastEventID]));
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function signed(mb: number): string {
  return `${mb < 0 ? '−' : '+'}${Math.abs(mb).toFixed(1)}`;
}

function toMB(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10;
}

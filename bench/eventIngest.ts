/**
 * Sustained event ingest into IndexedDB (DESIGN.md §5, the event log), the app's path: the
 * virtual gateway (a child process) logs site traffic at a chosen rate across its devices; the
 * console's core (this process) receives it on the realtime stream, and its event ingest stores
 * it through the database host, a Web Worker of the operator's page in Chromium, over the dev/test
 * host's socket. For each offered rate the traffic runs for --seconds: how many device events per
 * second reached IndexedDB, how far storing fell behind the devices at worst, and how long the
 * rest took once the traffic stopped. Baseline, in the same browser and run: the same events
 * (read back from the console's table) added with a plain Dexie `bulkAdd` into a fresh database
 * of the same table and indexes, in batches of 2,000 (the ingest's largest write).
 *
 *   npm run bench -- event-ingest [--devices 20] [--rates 2000,5000] [--seconds 20] [--baseline 100000]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import type { ConsoleCore } from '../electron/core/consoleCore';
import { createDatabaseHostLink } from '../electron/core/store/databaseHostLink';
import { startHostServer, type HostServer } from '../electron/host/hostServer';
import { ensureRendererBuilt } from '../electron/host/rendererBuild';
import { BENCH_GATEWAY, cardNumber, report, seconds, startBenchConsole, waitUntil } from './benchSupport';
import { plainDexieBulkAdd, storedDeviceEvents } from './pageDatabase';
import { startSimChild, type SimChild } from './simChild';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
/** The ingest's largest write (deviceEventIngest.ts gathers up to 2,000 events or 100 ms). */
const BASELINE_BATCH = 2_000;
const PEOPLE_PER_DEVICE = 5;

interface Options {
  devices: number;
  rates: number[];
  seconds: number;
  baseline: number;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({ args: argv, options: { devices: { type: 'string' }, rates: { type: 'string' }, seconds: { type: 'string' }, baseline: { type: 'string' } } });
  const parsed = {
    devices: Number(values.devices ?? 20),
    rates: (values.rates ?? '2000,5000').split(',').map(Number),
    seconds: Number(values.seconds ?? 20),
    baseline: Number(values.baseline ?? 100_000),
  };
  for (const [name, value] of [['--devices', parsed.devices], ['--seconds', parsed.seconds], ['--baseline', parsed.baseline], ...parsed.rates.map((rate) => ['--rates', rate] as const)] as const) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be positive integers`);
  }
  return parsed;
}

interface RateRun {
  offered: number;
  generated: number;
  /** Device events stored per second while the traffic ran. */
  storedPerSecond: number;
  /** Most events the devices had logged that were not stored yet, sampled every second. */
  worstLag: number;
  /** From the traffic's stop to the last of its events stored. */
  drainMs: number;
}

export async function eventIngestBenchmark(argv: string[]): Promise<void> {
  const { devices: deviceCount, rates, seconds: runSeconds, baseline: baselineCount } = options(argv);
  const rendererDir = path.join(repoRoot, 'dist', 'renderer');
  await ensureRendererBuilt(repoRoot, rendererDir);

  const sim = await startSimChild();
  const link = createDatabaseHostLink();
  let core: ConsoleCore | null = null;
  let host: HostServer | null = null;
  let context: BrowserContext | null = null;
  const profileDir = await mkdtemp(path.join(tmpdir(), 'portcullis-bench-profile-'));
  try {
    const deviceIds = await addDevicesWithPeople(sim, deviceCount);
    core = startBenchConsole(sim, link.store);
    host = await startHostServer({ core, rendererDir, port: 0, onDatabaseHost: link.attach });
    // On disk, as the app's profile; CSP bypassed only so the baseline can load Dexie into the page.
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: CHROMIUM_ARGS,
      headless: true,
      bypassCSP: true,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(host.url);
    await page.locator('body[data-ready="true"]').waitFor({ timeout: 60_000 });
    const running = core;
    await waitUntil(() => deviceIds.every((id) => running.registry.get(`${BENCH_GATEWAY}/${id}`)?.connection === 'connected'), 'every device connected', 60_000);
    await running.sync?.whenIdle(120_000);

    const runs: RateRun[] = [];
    for (const rate of rates) {
      console.error(`site traffic at ${rate} events/s for ${runSeconds} s across ${deviceCount} devices...`);
      runs.push(await ingestAt(sim, page, rate, runSeconds));
    }

    const [largest] = [...runs].sort((a, b) => b.generated - a.generated);
    const baselineEvents = Math.min(baselineCount, largest?.generated ?? baselineCount);
    console.error(`baseline: plain Dexie bulkAdd of ${baselineEvents} of the same events in batches of ${BASELINE_BATCH}...`);
    const baseline = await plainDexieBulkAdd(page, baselineEvents, BASELINE_BATCH);
    const baselineRate = Math.round(baseline.events / (baseline.ms / 1000));

    const [load1, load5] = loadavg();
    report(
      `Event ingest into IndexedDB: ${deviceCount} devices, site traffic for ${runSeconds} s per rate`,
      [
        ...runs.map((run): [string, string] => [
          `offered ${run.offered} events/s`,
          `${run.storedPerSecond} stored/s while it ran (${Math.round((100 * run.storedPerSecond) / run.offered)} %); worst lag ${run.worstLag} events; the rest stored ${seconds(run.drainMs)} after the stop; ${run.generated} events`,
        ]),
        ['baseline: plain Dexie bulkAdd, same events', `${baselineRate} events/s (${baseline.events} events in ${seconds(baseline.ms)}, batches of ${BASELINE_BATCH})`],
        ['load average (1 min, 5 min)', `${load1?.toFixed(2)}, ${load5?.toFixed(2)} on ${availableParallelism()} CPUs`],
      ],
      { devices: deviceCount, seconds: runSeconds, runs, baseline: { ...baseline, perSecond: baselineRate }, loadAverage: [load1, load5] },
    );
  } finally {
    await core?.stop();
    link.close();
    await context?.close();
    await host?.close();
    await sim.stop();
    await rm(profileDir, { recursive: true, force: true });
  }
}

/** Devices with a few people each (a card, access group 1), so the traffic has people to present cards. */
export async function addDevicesWithPeople(sim: SimChild, count: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const { deviceID } = (await sim.control('POST', '/devices', { model: 'BioStation 2' })) as { deviceID: number };
    ids.push(deviceID);
    for (let n = 1; n <= PEOPLE_PER_DEVICE; n++) {
      const id = i * PEOPLE_PER_DEVICE + n;
      await sim.control('POST', `/devices/${deviceID}/users`, { ID: String(id), name: `Person ${id}`, cards: [{ data: cardNumber(id) }], accessGroupIDs: [1] });
    }
  }
  return ids;
}

async function ingestAt(sim: SimChild, page: Page, rate: number, runSeconds: number): Promise<RateRun> {
  const storedBefore = await storedDeviceEvents(page);
  await sim.control('POST', '/traffic', { rate });
  const started = performance.now();
  let worstLag = 0;
  let stored = storedBefore;
  while (performance.now() - started < runSeconds * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const [traffic, now] = await Promise.all([sim.control('GET', '/traffic') as Promise<{ generated: number }>, storedDeviceEvents(page)]);
    stored = now;
    worstLag = Math.max(worstLag, traffic.generated - (now - storedBefore));
  }
  const ranMs = performance.now() - started;
  const stopped = (await sim.control('DELETE', '/traffic')) as { generated: number };
  const storedPerSecond = Math.round((stored - storedBefore) / (ranMs / 1000));
  const stopAt = performance.now();
  for (;;) {
    const now = await storedDeviceEvents(page);
    if (now - storedBefore >= stopped.generated) break;
    if (performance.now() - stopAt > 300_000) throw new Error(`only ${now - storedBefore} of ${stopped.generated} events stored 5 minutes after the traffic stopped`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return { offered: rate, generated: stopped.generated, storedPerSecond, worstLag, drainMs: Math.round(performance.now() - stopAt) };
}

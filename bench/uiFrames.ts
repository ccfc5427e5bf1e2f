/**
 * The UI while the console works (DESIGN.md §5: main-thread frames p95 < 50 ms). The operator's
 * page, in Chromium against the dev/test host; the same scripted interaction (scroll the Users
 * list, jump through it, open the Devices page) is measured in one run with the site idle
 * (baseline), then, in --passes passes one after the other, while the console works:
 *
 * - `--scenario sync` (the default): a "Sync all" of every device writes 100,000 users to 50
 *   devices (5,000,000 user writes, about 30 s here; one round of the interaction takes about
 *   10 s, so the defaults keep every pass inside the sync).
 * - `--scenario events` (issue 6, the live tail of 2,000 events/s): site traffic streams in
 *   instead of a sync: the devices get a few people each, the interaction also opens Monitoring
 *   (the real-time log, live) and the Overview, and the measured passes run while the virtual
 *   gateway logs `--rate` events per second across the devices.
 * - `--scenario device-origin` (issue 5): under *All devices (including user update from device)*,
 *   a site of 20 devices holding 1,000 users, and 5,000 people enrolled at the readers over 10 s
 *   (the device-origin bench's burst, bench/enrollmentBurst.ts): pulled, stored in the page's
 *   database (so the Users list grows while it is scrolled) and sent on to every device. Passes
 *   start with the burst and go on while the console has not taken all of it, at most --passes.
 *
 *   npm run bench -- ui-frames [--scenario sync|events|device-origin] [--users 100000|1000] [--devices 50|20] [--rounds 1] [--passes 2|4]
 *                              [--rate 2000] [--enrollments 5000] [--seconds 10] [--profile <dir>]
 *
 * What runs where, as in the app: the virtual gateway in a child process; the console's core
 * (with its sync engine) and the dev/test host's server in this process (Electron's main process
 * plays that part in the app); the page and its database host worker in Chromium. Users are
 * seeded through the core's Store, i.e. through the page's database host into IndexedDB.
 * With --profile, one more pass of the same interaction under the sync (or the traffic) records a
 * CPU profile of the page (written to <dir>) and prints where its main-thread time went; that pass
 * is not counted (not with `--scenario device-origin`).
 */
import { mkdir } from 'node:fs/promises';
import { availableParallelism, loadavg } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import type { ConsoleCore } from '../electron/core/consoleCore';
import { createDatabaseHostLink, type DatabaseHostLink } from '../electron/core/store/databaseHostLink';
import type { DeviceView } from '../shared/devices';
import { BENCH_GATEWAY, benchUsers, report, seconds, startBenchConsole, waitUntil } from './benchSupport';
import { BurstWatch, burstUsers, enrollAtDevices, type BurstProgress, type BurstTiming } from './enrollmentBurst';
import { addDevicesWithPeople } from './eventIngest';
import { openOperatorPage, type OperatorPage } from './operatorPage';
import { storedDeviceEvents } from './pageDatabase';
import { framesText, startFrameRecording, stopFrameRecording, summarizeFrames, type FrameSummary } from './pageFrames';
import { startPageProfiler, type PageProfile, type SelfTime } from './pageProfile';
import { startSimChild, type SimChild } from './simChild';

/** Users are seeded in parts this size, so progress can be shown. */
const SEED_PART = 10_000;
/** The burst's user IDs start here, far above the site's users (IDs 1..users), as in the device-origin bench. */
const FIRST_BURST_ID = 1_000_001;

/** What runs while the interaction is measured: "Sync all", site traffic at `rate` events/s, or the device-origin burst. */
type Scenario = 'sync' | 'events' | 'device-origin';

interface Options {
  scenario: Scenario;
  users: number;
  devices: number;
  rounds: number;
  /** Measured passes, one after the other while the console works (a later pass sees a larger journal, or the burst's tail). */
  passes: number;
  /** --scenario events: site traffic, events per second. */
  rate: number;
  /** --scenario device-origin: people enrolled at the devices, and over how many seconds. */
  enrollments: number;
  seconds: number;
  profileDir: string | null;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      scenario: { type: 'string' },
      rate: { type: 'string' },
      users: { type: 'string' },
      devices: { type: 'string' },
      rounds: { type: 'string' },
      passes: { type: 'string' },
      enrollments: { type: 'string' },
      seconds: { type: 'string' },
      profile: { type: 'string' },
    },
  });
  const scenario = values.scenario ?? 'sync';
  if (scenario !== 'sync' && scenario !== 'events' && scenario !== 'device-origin') throw new Error('--scenario must be sync, events or device-origin');
  const burst = scenario === 'device-origin';
  const parsed: Options = {
    scenario,
    users: Number(values.users ?? (burst ? 1_000 : 100_000)),
    devices: Number(values.devices ?? (burst ? 20 : 50)),
    rounds: Number(values.rounds ?? 1),
    passes: Number(values.passes ?? (burst ? 4 : 2)),
    rate: Number(values.rate ?? 2_000),
    enrollments: Number(values.enrollments ?? 5_000),
    seconds: Number(values.seconds ?? 10),
    profileDir: values.profile === undefined ? null : path.resolve(values.profile),
  };
  for (const name of ['users', 'devices', 'rounds', 'passes', 'rate', 'enrollments', 'seconds'] as const) {
    if (!Number.isInteger(parsed[name]) || parsed[name] < 1) throw new Error(`--${name} must be a positive integer`);
  }
  if (burst && parsed.profileDir !== null) throw new Error('--profile is for --scenario sync or events');
  return parsed;
}

/** The sync as the core sees it, sampled while the measured interaction runs. */
interface SyncSample {
  syncing: number;
  /** User writes the devices confirmed so far (a user on one device is one), from their progress. */
  written: number;
}

export async function uiFramesBenchmark(argv: string[]): Promise<void> {
  const opts = options(argv);
  const sim = await startSimChild();
  const link = createDatabaseHostLink();
  let core: ConsoleCore | null = null;
  let operator: OperatorPage | null = null;
  try {
    core = startBenchConsole(sim, link.store, {}, opts.scenario === 'device-origin' ? 'all-with-device' : undefined);
    operator = await openOperatorPage(core, link);
    if (opts.scenario === 'sync') await whileSyncing(sim, link, core, operator, opts);
    else if (opts.scenario === 'events') {
      const seedMs = await seedThroughPage(link, opts.users);
      await measureUnderTraffic({ sim, core, page: operator.page, options: opts, seedMs });
      if (operator.errors.length > 0) throw new Error(`the page failed: ${operator.errors.join('; ')}`);
    } else await duringDeviceOrigin(sim, link, core, operator, opts);
  } finally {
    // The core first: it is still writing through the page's database host.
    await core?.stop();
    link.close();
    await operator?.close();
    await sim.stop();
  }
}

/** `--scenario sync`: passes while a Sync all writes every user to every device. */
async function whileSyncing(sim: SimChild, link: DatabaseHostLink, core: ConsoleCore, operator: OperatorPage, opts: Options): Promise<void> {
  const { users: userCount, devices: deviceCount, rounds, passes: passCount, profileDir } = opts;
  const { page } = operator;
  const seedMs = await seedThroughPage(link, userCount);
  const deviceIds = await addEmptyDevices(sim, deviceCount, Math.max(userCount, 1_000));
  const views = (): (DeviceView | undefined)[] => deviceIds.map((id) => core.registry.get(`${BENCH_GATEWAY}/${id}`));
  console.error(`waiting for the ${deviceCount} devices to be connected and checked...`);
  await waitUntil(
    () => views().every((view) => view?.connection === 'connected' && view.sync.state === 'out-of-sync' && view.sync.missing === userCount),
    `every device connected and missing all ${userCount} users`,
  );
  await core.sync?.whenIdle();
  await page.locator('[data-testid="device-row"]').nth(deviceCount - 1).waitFor();

  console.error(`baseline: ${rounds} rounds of the operator's interaction with the site idle...`);
  const baseline = await measureInteraction(page, rounds, deviceCount);

  console.error('starting "Sync all" from a device panel, as an operator does...');
  const syncClickedAt = Date.now();
  await startSyncAllFromUi(page, deviceCount);
  await waitUntil(() => views().every((view) => view?.sync.state === 'syncing'), 'every device syncing');
  // Planning is over once users are being written: that is the work this budget is about.
  await waitUntil(() => sampleSync(views()).written > 0, 'the first users written', 120_000);
  const syncWaitMs = Date.now() - syncClickedAt;

  const passes: SyncingPass[] = [];
  for (let pass = 1; pass <= passCount; pass++) {
    console.error(`measured pass ${pass} of ${passCount}: the same ${rounds} rounds while the sync runs...`);
    passes.push(await measureWhileSyncing(page, rounds, deviceCount, () => sampleSync(views())));
  }

  let profiled: PageProfile | null = null;
  if (profileDir !== null) {
    await mkdir(profileDir, { recursive: true });
    console.error('profiled pass (not counted): the same interaction under the sync with the CPU profiler and tracing on...');
    const profiler = await startPageProfiler(page);
    await runOperatorRounds(page, rounds, deviceCount);
    const fileStem = path.join(profileDir, 'ui-frames-syncing');
    profiled = await profiler.stop(fileStem);
    console.error(`page CPU profile and trace: ${fileStem}.cpuprofile, ${fileStem}.trace.json`);
    const stillSyncing = sampleSync(views()).syncing;
    if (stillSyncing < deviceCount) console.error(`note: the sync ended during the profiled pass (${stillSyncing} devices still syncing)`);
  }
  if (operator.errors.length > 0) throw new Error(`the page failed: ${operator.errors.join('; ')}`);

  const [load1, load5] = loadavg();
  const syncThroughout = passes.every((pass) => pass.leastSyncing === deviceCount);
  const worstP95 = Math.max(...passes.map((pass) => pass.frames.p95Ms));
  const budgetMet = worstP95 < 50;
  const totalWrites = userCount * deviceCount;
  report(
    `UI frames: ${userCount} users, ${deviceCount} devices, ${rounds} rounds of scroll Users + open Devices`,
    [
      ['baseline (site idle)', `${framesText(baseline)}; ${seconds(baseline.elapsedMs)}`],
      ...passes.map((pass, i): [string, string] => [
        `syncing, pass ${i + 1}`,
        `${framesText(pass.frames)}; ${seconds(pass.frames.elapsedMs)}; ` +
          `${pass.leastSyncing === deviceCount ? `all ${deviceCount} devices syncing throughout` : `NOT throughout: at one point ${pass.leastSyncing} of ${deviceCount} syncing`}, ` +
          `user writes confirmed ${pass.writtenBefore} → ${pass.writtenAfter} of ${totalWrites}`,
      ]),
      ['Sync all: click → first users written', seconds(syncWaitMs)],
      ['seeding through the page’s database host', `${seconds(seedMs)} (${Math.round(userCount / (seedMs / 1000))} users/s)`],
      ['load average (1 min, 5 min)', `${load1?.toFixed(2)}, ${load5?.toFixed(2)} on ${availableParallelism()} CPUs`],
      ['budget: p95 < 50 ms while syncing', `${budgetMet ? 'met' : 'NOT met'} (worst pass p95 ${worstP95} ms)`],
      ...(profiled === null ? [] : profileRows(profiled)),
    ],
    {
      users: userCount,
      devices: deviceCount,
      rounds,
      baseline,
      syncing: passes,
      syncThroughout,
      seedMs: Math.round(seedMs),
      loadAverage: [load1, load5],
      budgetMet,
    },
  );
  if (!syncThroughout) throw new Error('the sync did not run through every measured pass, so those figures are not of a running sync: use more --users');
}

/** One pass while the device-origin pipeline works: the frames, and how far the burst got meanwhile. */
interface BurstPass {
  frames: MeasuredPass;
  /** Enrollments the gateway had made at the devices by the start and the end of the pass (by the burst's schedule). */
  enrolledBefore: number;
  enrolledAfter: number;
  before: BurstProgress;
  after: BurstProgress;
}

/**
 * `--scenario device-origin`: the site filled by the console, the interaction measured idle, then
 * the burst of enrollments at the devices and passes of the same interaction from its first
 * enrollment until every user is in the database and on every device (at most --passes).
 */
async function duringDeviceOrigin(sim: SimChild, link: DatabaseHostLink, core: ConsoleCore, operator: OperatorPage, opts: Options): Promise<void> {
  const { users: userCount, devices: deviceCount, rounds, enrollments } = opts;
  const { page } = operator;
  const seedMs = await seedThroughPage(link, userCount);
  const deviceIds = await addEmptyDevices(sim, deviceCount, userCount + enrollments + 1_000);
  const views = (): (DeviceView | undefined)[] => deviceIds.map((id) => core.registry.get(`${BENCH_GATEWAY}/${id}`));
  console.error(`waiting for the console to fill the ${deviceCount} devices with the ${userCount} users (All devices, including user update from device)...`);
  const filled = new BurstWatch(link.store, sim, deviceIds, userCount);
  try {
    await waitUntil(() => filled.onEveryDeviceAt !== null && views().every((view) => view?.sync.state === 'in-sync'), `every device holding the ${userCount} users and in sync`);
  } finally {
    await filled.stop();
  }
  await core.sync?.whenIdle(120_000);
  await page.locator('[data-testid="device-row"]').nth(deviceCount - 1).waitFor();

  console.error(`baseline: ${rounds} rounds of the operator's interaction with the site idle...`);
  const baseline = await measureInteraction(page, rounds, deviceCount);

  const wanted = userCount + enrollments;
  const windowMs = opts.seconds * 1000;
  const people = burstUsers(enrollments, FIRST_BURST_ID);
  const watch = new BurstWatch(link.store, sim, deviceIds, wanted);
  await watch.firstSample;
  console.error(`${enrollments} enrollments at the ${deviceCount} devices over ${opts.seconds} s, the interaction measured meanwhile...`);
  const startedAt = Date.now();
  const burst: Promise<BurstTiming> = enrollAtDevices(sim, deviceIds, people, windowMs);
  // By the burst's schedule (enrollment i at i × window / n): the gateway reports times only at the end.
  const enrolledBy = (at: number): number => Math.min(enrollments, Math.max(0, Math.floor(((at - startedAt) * enrollments) / windowMs) + 1));
  const passes: BurstPass[] = [];
  let timing: BurstTiming;
  try {
    while (passes.length < opts.passes && (passes.length === 0 || !watch.done)) {
      console.error(`measured pass ${passes.length + 1} (at most ${opts.passes}): the same ${rounds} rounds while the console takes the burst...`);
      const before = watch.latest;
      const enrolledBefore = enrolledBy(Date.now());
      const frames = await measureInteraction(page, rounds, deviceCount);
      passes.push({ frames, enrolledBefore, enrolledAfter: enrolledBy(Date.now()), before, after: watch.latest });
    }
    timing = await burst;
    await waitUntil(() => watch.done || watch.failure !== null, 'every user in the database and on every device', 240_000);
    if (watch.failure) throw watch.failure;
  } finally {
    await watch.stop();
  }
  if (operator.errors.length > 0) throw new Error(`the page failed: ${operator.errors.join('; ')}`);

  const [load1, load5] = loadavg();
  const worstP95 = Math.max(...passes.map((pass) => pass.frames.p95Ms));
  const budgetMet = worstP95 < 50;
  const doneMs = (watch.doneAt ?? 0) - timing.firstAt;
  report(
    `UI frames during device-origin: ${enrollments} enrollments at ${deviceCount} devices in ${opts.seconds} s, ${userCount} users on the site, ${rounds} rounds of scroll Users + open Devices`,
    [
      ['baseline (site idle)', `${framesText(baseline)}; ${seconds(baseline.elapsedMs)}`],
      ...passes.map((pass, i): [string, string] => [
        `during the burst, pass ${i + 1}`,
        `${framesText(pass.frames)}; ${seconds(pass.frames.elapsedMs)}; ` +
          `enrollments at the devices ${pass.enrolledBefore} → ${pass.enrolledAfter} of ${enrollments}, users in the database ${pass.before.stored} → ${pass.after.stored} of ${wanted}, ` +
          `on the device holding fewest ${pass.before.leastOnADevice} → ${pass.after.leastOnADevice}`,
      ]),
      ['burst: first enrollment → every user in the database and on every device', `${seconds(doneMs)} (enrollments ${seconds(timing.lastAt - timing.firstAt)})`],
      ['seeding through the page’s database host', `${seconds(seedMs)} (${Math.round(userCount / (seedMs / 1000))} users/s)`],
      ['load average (1 min, 5 min)', `${load1?.toFixed(2)}, ${load5?.toFixed(2)} on ${availableParallelism()} CPUs`],
      ['budget: p95 < 50 ms meanwhile', `${budgetMet ? 'met' : 'NOT met'} (worst pass p95 ${worstP95} ms)`],
    ],
    {
      scenario: 'device-origin',
      users: userCount,
      devices: deviceCount,
      enrollments,
      seconds: opts.seconds,
      rounds,
      baseline,
      passes,
      burstDoneMs: doneMs,
      seedMs: Math.round(seedMs),
      loadAverage: [load1, load5],
      budgetMet,
    },
  );
}

function profileRows(profiled: PageProfile): [string, string][] {
  const listed = (title: string, times: SelfTime[]): [string, string][] =>
    times.slice(0, 15).map((entry, i) => [i === 0 ? title : '', `${String(entry.ms).padStart(6)} ms  ${entry.frame}`]);
  const { count, wallMs, cpuMs } = profiled.longTasks;
  return [
    ['profiled pass: main-thread tasks ≥ 50 ms', `${count}, ${wallMs} ms wall time, of which the thread was on a CPU ${cpuMs} ms`],
    ...profiled.longTaskParts
      .slice(0, 12)
      .map((part, i): [string, string] => [i === 0 ? '  … their parts, self time' : '', `${String(part.wallMs).padStart(6)} ms wall, ${String(part.cpuMs).padStart(5)} ms CPU  ${part.name}`]),
    ...listed('profiled pass: self time by function', profiled.selfTimes),
  ];
}

/** Users through the core's Store: the page's database host worker writes them into IndexedDB. */
async function seedThroughPage(link: DatabaseHostLink, count: number): Promise<number> {
  console.error(`seeding ${count} users (1 card, 2 fingerprints of 2 × 384-byte templates each) through the page's database host...`);
  const started = performance.now();
  for (let first = 1; first <= count; first += SEED_PART) {
    const part = benchUsers(Math.min(SEED_PART, count - first + 1), 2, first);
    const { refused } = await link.store.users.put(part);
    if (refused.length > 0) throw new Error(`the database host refused ${refused.length} user(s), e.g. ${JSON.stringify(refused[0])}`);
    console.error(`  ${first + part.length - 1} of ${count} (${seconds(performance.now() - started)})`);
  }
  return performance.now() - started;
}

/** Virtual devices with room for `capacity` users and nothing on them, so the console has all of it to write. */
async function addEmptyDevices(sim: SimChild, count: number, capacity: number): Promise<number[]> {
  const ids: number[] = [];
  for (let i = 0; i < count; i++) {
    const { deviceID } = (await sim.control('POST', '/devices', { model: 'BioStation 2', capacity })) as { deviceID: number };
    ids.push(deviceID);
  }
  const listed = (await sim.control('GET', '/devices')) as { deviceID: number; userCount: number }[];
  const notEmpty = listed.filter((device) => ids.includes(device.deviceID) && device.userCount !== 0);
  if (notEmpty.length > 0) throw new Error(`devices ${notEmpty.map((device) => device.deviceID).join(', ')} are not empty`);
  return ids;
}

function sampleSync(views: readonly (DeviceView | undefined)[]): SyncSample {
  let syncing = 0;
  let written = 0;
  for (const view of views) {
    if (view?.sync.state === 'syncing') syncing += 1;
    written += view?.sync.progress?.done ?? 0;
  }
  return { syncing, written };
}

interface SyncingPass {
  frames: MeasuredPass;
  /** Fewest devices seen syncing during the pass (sampled every 200 ms). */
  leastSyncing: number;
  writtenBefore: number;
  writtenAfter: number;
}

async function measureWhileSyncing(page: Page, rounds: number, deviceCount: number, sample: () => SyncSample): Promise<SyncingPass> {
  const before = sample();
  const samples: SyncSample[] = [before];
  const sampler = setInterval(() => samples.push(sample()), 200);
  let frames: MeasuredPass;
  try {
    frames = await measureInteraction(page, rounds, deviceCount);
  } finally {
    clearInterval(sampler);
  }
  const after = sample();
  samples.push(after);
  return { frames, leastSyncing: Math.min(...samples.map((s) => s.syncing)), writtenBefore: before.written, writtenAfter: after.written };
}

interface MeasuredPass extends FrameSummary {
  elapsedMs: number;
}

async function measureInteraction(page: Page, rounds: number, deviceCount: number, eventPages = false): Promise<MeasuredPass> {
  await startFrameRecording(page);
  const started = performance.now();
  await runOperatorRounds(page, rounds, deviceCount, eventPages);
  const elapsedMs = Math.round(performance.now() - started);
  return { ...summarizeFrames(await stopFrameRecording(page)), elapsedMs };
}

/**
 * The operator's interaction, the same in every pass and paced like a person (the pauses are
 * the operator's, not waits for the app): on Users, wheel down through the list, drag the
 * scrollbar to the middle and to the end and back to the top (each jump loads a new block of
 * users), wheel again; then open Devices, scroll over the table, and go back.
 */
async function runOperatorRounds(page: Page, rounds: number, deviceCount: number, eventPages = false): Promise<void> {
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (let round = 0; round < rounds; round++) {
    await nav.getByRole('link', { name: 'Users', exact: true }).click();
    const usersTable = page.getByRole('table', { name: 'Users' });
    await page.locator('[data-testid="user-row"]').first().waitFor({ timeout: 60_000 });
    await usersTable.hover();
    await wheel(page, 25, 400);
    for (const fraction of [0.5, 1, 0.25, 0]) {
      await scrollUsersTo(page, fraction);
      await page.waitForTimeout(400);
    }
    await wheel(page, 25, 400);

    await nav.getByRole('link', { name: 'Devices', exact: true }).click();
    await page.locator('[data-testid="device-row"]').nth(deviceCount - 1).waitFor({ timeout: 60_000 });
    await page.getByRole('table', { name: 'Devices' }).hover();
    await wheel(page, 10, 200);
    await page.waitForTimeout(1_000);
    if (!eventPages) continue;

    // The real-time log, live, scrolled down and back up; then the Overview, whose chart refreshes every 5 s.
    await nav.getByRole('link', { name: 'Monitoring', exact: true }).click();
    await page.locator('[data-testid="event-row"]').first().waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="event-row"]').first().hover();
    await page.waitForTimeout(1_000);
    await wheel(page, 15, 300);
    await wheel(page, 15, -300);
    await page.waitForTimeout(2_000);
    await nav.getByRole('link', { name: 'Overview', exact: true }).click();
    await page.getByTestId('event-rate-chart').waitFor({ timeout: 60_000 });
    await page.waitForTimeout(6_000);
  }
}

interface TrafficRun {
  sim: SimChild;
  core: ConsoleCore;
  page: Page;
  options: Options;
  seedMs: number;
}

/**
 * The events scenario: the same interaction (plus Monitoring and the Overview), once with the
 * site quiet (baseline), then in --passes passes while site traffic streams in at --rate.
 */
async function measureUnderTraffic({ sim, core, page, options: chosen, seedMs }: TrafficRun): Promise<void> {
  const { rounds, passes: passCount, devices: deviceCount, rate } = chosen;
  const deviceIds = await addDevicesWithPeople(sim, deviceCount);
  await waitUntil(() => deviceIds.every((id) => core.registry.get(`${BENCH_GATEWAY}/${id}`)?.connection === 'connected'), 'every device connected', 120_000);
  await core.sync?.whenIdle(300_000);
  await page.locator('[data-testid="device-row"]').nth(deviceCount - 1).waitFor();

  console.error(`baseline: ${rounds} rounds of the operator's interaction (with Monitoring and the Overview), the site quiet...`);
  const baseline = await measureInteraction(page, rounds, deviceCount, true);

  console.error(`site traffic at ${rate} events/s across ${deviceCount} devices...`);
  const before = await storedDeviceEvents(page);
  await sim.control('POST', '/traffic', { rate });
  const passes: { frames: MeasuredPass; stored: number; storedPerSecond: number; lag: number }[] = [];
  let profiled: PageProfile | null = null;
  try {
    // Until the first events are stored: the stream is then under way.
    for (let waited = 0; (await storedDeviceEvents(page)) === before; waited += 200) {
      if (waited > 60_000) throw new Error('no event stored a minute after the traffic started');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    for (let pass = 1; pass <= passCount; pass++) {
      console.error(`measured pass ${pass} of ${passCount} while ${rate} events/s stream in...`);
      const storedBefore = await storedDeviceEvents(page);
      const frames = await measureInteraction(page, rounds, deviceCount, true);
      const storedAfter = await storedDeviceEvents(page);
      const { generated } = (await sim.control('GET', '/traffic')) as { generated: number };
      passes.push({ frames, stored: storedAfter - storedBefore, storedPerSecond: Math.round((storedAfter - storedBefore) / (frames.elapsedMs / 1000)), lag: generated - (storedAfter - before) });
    }
    if (chosen.profileDir !== null) {
      await mkdir(chosen.profileDir, { recursive: true });
      console.error('profiled pass (not counted): the same interaction while the events stream in, with the CPU profiler and tracing on...');
      const profiler = await startPageProfiler(page);
      await runOperatorRounds(page, rounds, deviceCount, true);
      const fileStem = path.join(chosen.profileDir, 'ui-frames-events');
      profiled = await profiler.stop(fileStem);
      console.error(`page CPU profile and trace: ${fileStem}.cpuprofile, ${fileStem}.trace.json`);
    }
  } finally {
    await sim.control('DELETE', '/traffic');
  }

  const [load1, load5] = loadavg();
  const worstP95 = Math.max(...passes.map((pass) => pass.frames.p95Ms));
  const budgetMet = worstP95 < 50;
  report(
    `UI frames while ${rate} events/s stream in: ${chosen.users} users, ${deviceCount} devices, ${rounds} rounds of scroll Users + Devices + Monitoring + Overview`,
    [
      ['baseline (site quiet)', `${framesText(baseline)}; ${seconds(baseline.elapsedMs)}`],
      ...passes.map((pass, i): [string, string] => [
        `${rate} events/s, pass ${i + 1}`,
        `${framesText(pass.frames)}; ${seconds(pass.frames.elapsedMs)}; ${pass.stored} events stored meanwhile (${pass.storedPerSecond}/s), ${pass.lag} not yet stored at its end`,
      ]),
      ['seeding through the page’s database host', `${seconds(seedMs)} (${Math.round(chosen.users / (seedMs / 1000))} users/s)`],
      ['load average (1 min, 5 min)', `${load1?.toFixed(2)}, ${load5?.toFixed(2)} on ${availableParallelism()} CPUs`],
      ['budget: p95 < 50 ms while events stream in', `${budgetMet ? 'met' : 'NOT met'} (worst pass p95 ${worstP95} ms)`],
      ...(profiled === null ? [] : profileRows(profiled)),
    ],
    { scenario: 'events', rate, users: chosen.users, devices: deviceCount, rounds, baseline, streaming: passes, seedMs: Math.round(seedMs), loadAverage: [load1, load5], budgetMet },
  );
}

async function wheel(page: Page, steps: number, deltaY: number): Promise<void> {
  for (let i = 0; i < steps; i++) {
    await page.mouse.wheel(0, deltaY);
    await page.waitForTimeout(40);
  }
}

/** Like dragging the scrollbar: the users table's scroller to a fraction of its height. */
async function scrollUsersTo(page: Page, fraction: number): Promise<void> {
  await page.evaluate((to) => {
    interface Scroller {
      scrollTop: number;
      scrollHeight: number;
      clientHeight: number;
    }
    const scope = globalThis as unknown as { document: { querySelector(selector: string): Scroller | null } };
    const scroller = scope.document.querySelector('.table-scroll:has(table[aria-label="Users"])');
    if (scroller === null) throw new Error('the users table is not on the page');
    scroller.scrollTop = to * (scroller.scrollHeight - scroller.clientHeight);
  }, fraction);
}

/** Devices page → the first device's panel → "Sync all" → the panel's confirmation → Close. */
async function startSyncAllFromUi(page: Page, deviceCount: number): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Devices', exact: true }).click();
  await page.locator('[data-testid="device-row"]').first().locator('.link-button').click();
  await page.getByRole('button', { name: 'Sync all', exact: true }).click();
  await page.getByText(`Sync queued for ${deviceCount} devices.`).waitFor({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Close', exact: true }).click();
}

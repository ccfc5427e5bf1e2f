/**
 * Users enrolled at the devices (issue 5; DESIGN.md §5: "burst of 5,000 device-side enrollments
 * across 20 devices: every user merged and on every target device, none lost; ≥ 10× the
 * one-at-a-time rate"). The console runs in *All devices (including user update from device)*
 * on a site of 20 devices holding 1,000 users; then 5,000 people (distinct IDs, one unique card
 * and one fingerprint each) are enrolled at the readers, spread evenly over 10 s and over the 20
 * devices. Measured from the first enrollment: every user in the master copy, and every user on
 * every one of the 20 devices; then, after the run settles, every device is read back over gRPC
 * and compared record by record with the master copy, and every enrolled user's record in the
 * master copy with what was enrolled (none lost, none altered). The gRPC calls the console made
 * are counted by the gateway (GET /stats).
 *
 * Baseline in the same run, on a fresh site of the same shape: the same console with batching
 * switched off (BASELINE_TUNING: each event pulled, stored and fanned out on its own), on a
 * sample of the enrollments at the same rate per second, its time extrapolated to the whole burst.
 *
 *   npm run bench -- device-origin [--enrollments 5000] [--seconds 10] [--devices 20] [--users 1000] [--repeats 1] [--baseline-sample 250] [--drop-live 0]
 *
 * What runs where, as in the app: the virtual gateway in a child process, the console's core in
 * this process, the database host in Chromium (the operator's page's worker through the dev/test
 * host, IndexedDB on disk, as the app's hidden database window). Not the database host thread of
 * auto-sync and full-sync: its fake-indexeddb takes seconds per `where('seq').anyOf(...)` once
 * device journals hold a few hundred entries, which a journal compaction reads, and stalled this
 * bench for minutes (docs/BENCHMARKS.md); Chromium's IndexedDB does the same in milliseconds.
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { GatewayClient } from '../electron/gsdk';
import type { ConsoleCore } from '../electron/core/consoleCore';
import { createDatabaseHostLink } from '../electron/core/store/databaseHostLink';
import { DEFAULT_SYNC_TUNING, type SyncTuning } from '../electron/core/sync/syncTuning';
import { recordHash } from '../electron/core/sync/recordHash';
import { desiredRecord } from '../electron/core/sync/userInfoCodec';
import type { RealtimeDiscards } from '../electron/sim/virtualGateway';
import type { User } from '../shared/domain/user';
import { BENCH_GATEWAY, benchUsers, median, report, seconds, seedUsers, startBenchConsole } from './benchSupport';
import { masterUsers, verifyDevices } from './deviceReadBack';
import { BURST_CAPABILITIES, BURST_DEVICE_MODEL, BurstWatch, burstUsers, enrolledHashes, enrollAtDevices } from './enrollmentBurst';
import { callCounts, callsBetween, lastUserWriteAnsweredAt, mergedCalls, realtimeDiscards, userWriteCount, userWriteDevices, type CallFigures } from './gatewayCalls';
import { openOperatorPage, type OperatorPage } from './operatorPage';
import { startSimChild, type SimChild } from './simChild';

/**
 * "Processing one event at a time": the shipped engine with every batching knob at one and every
 * gathering wait at zero, so that each enrollment is pulled on its own (one user per pull job and
 * per User.Get), stored on its own (one users.put each), handed to the automatic sync at once (no
 * quiet time, no longest wait), and written to the other devices on its own (one user per
 * EnrollMulti; minSharedUsers 1 so that one call still reaches every device that needs that user,
 * the strongest one-at-a-time there is). Left as shipped: maxParallelJobs (4: pulls at four
 * devices at once), the scheduler's 25 ms gather and the event log's 100 ms gather (not a knob).
 */
export const BASELINE_TUNING: Partial<SyncTuning> = {
  maxUsersPerPull: 1,
  readBatchUsers: 1,
  deviceChangeDebounceMs: 0,
  autoSyncQuietMs: 0,
  autoSyncMaxWaitMs: 0,
  maxBatchUsers: 1,
  minSharedUsers: 1,
};

/**
 * The run is settled when no user was written for this long and every device shows in sync:
 * only then is the read-back worth its cost. Not part of any figure.
 */
const SETTLED_QUIET_MS = 3_000;
/**
 * The console counts as stopped when it is idle and nothing moved (master copy, devices, writes)
 * for this long after the last enrollment: longer than any of its waits (4 s at most for a sync,
 * 2 s for the first retry, 30 s between reads of each device's log tail, which is what finds an
 * enrollment whose live event was dropped with none after it). Ends only a run that lost users;
 * it is not part of any figure.
 */
const STALLED_AFTER_MS = DEFAULT_SYNC_TUNING.logTailReadMs + 10_000;
/**
 * However it moves, a run ends this long after its last enrollment (4 minutes, plus room for a
 * one-at-a-time baseline measured whole: 200 ms an enrollment).
 */
function giveUpAfterMs(enrollments: number): number {
  return 240_000 + 200 * enrollments;
}
/** The longest wait for Chromium to go quiet after the site was filled (a busy machine may never be quiet). */
const BROWSER_QUIET_WITHIN_MS = 60_000;
/** The burst's user IDs start here, far above the site's users (IDs 1..users). */
const FIRST_BURST_ID = 1_000_001;

interface Options {
  enrollments: number;
  seconds: number;
  devices: number;
  users: number;
  repeats: number;
  baselineSample: number;
  /**
   * Each device's first N events of the burst never reach the live stream (the gateway's
   * `dropLiveEvents` fault): enrollments the console can only find in the devices' logs, as when
   * the gateway discards them for a full queue. Shows that none is lost all the same.
   */
  dropLive: number;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      enrollments: { type: 'string' },
      seconds: { type: 'string' },
      devices: { type: 'string' },
      users: { type: 'string' },
      repeats: { type: 'string' },
      'baseline-sample': { type: 'string' },
      'drop-live': { type: 'string' },
    },
  });
  const parsed: Options = {
    enrollments: Number(values.enrollments ?? 5_000),
    seconds: Number(values.seconds ?? 10),
    devices: Number(values.devices ?? 20),
    users: Number(values.users ?? 1_000),
    repeats: Number(values.repeats ?? 1),
    baselineSample: Number(values['baseline-sample'] ?? 250),
    dropLive: Number(values['drop-live'] ?? 0),
  };
  for (const [name, value] of Object.entries(parsed)) {
    if (!Number.isFinite(value) || value < 0 || (value === 0 && name !== 'dropLive')) throw new Error(`--${name} must be a positive number`);
  }
  parsed.baselineSample = Math.min(parsed.baselineSample, parsed.enrollments);
  return parsed;
}

export async function deviceOriginBenchmark(argv: string[]): Promise<void> {
  const opts = options(argv);
  const sim = await startSimChild();
  const client = new GatewayClient({ host: '127.0.0.1', port: sim.grpcPort, caCert: null }, { callTimeoutMs: 600_000 });
  const loadAtStart = loadavg()[0] ?? 0;
  try {
    await client.waitForReady(5_000);
    const rate = opts.enrollments / opts.seconds;
    const sampleSeconds = opts.baselineSample / rate;
    console.error(
      `${opts.enrollments} enrollments at ${opts.devices} devices in ${opts.seconds} s (${rate.toFixed(0)}/s), ${opts.users} users on the site, All devices (including user update from device); ` +
        `baseline one event at a time on ${opts.baselineSample} enrollments in ${sampleSeconds.toFixed(2)} s; the virtual gateway runs in its own process, the database host in Chromium (the operator's page's worker)` +
        (opts.dropLive > 0 ? `; each device's first ${opts.dropLive} events of the burst never reach the live stream` : ''),
    );
    const pipeline: BurstRun[] = [];
    const oneAtATime: BurstRun[] = [];
    // Interleaved, so a change in the machine's load touches both kinds alike.
    for (let repeat = 0; repeat < opts.repeats; repeat++) {
      const run = await burstRun(sim, client, opts, opts.enrollments, opts.seconds * 1000, {});
      pipeline.push(run);
      console.error(`pipeline, run ${repeat + 1}: ${runText(run)}`);
      const baseline = await burstRun(sim, client, opts, opts.baselineSample, sampleSeconds * 1000, BASELINE_TUNING);
      oneAtATime.push(baseline);
      console.error(`one at a time, run ${repeat + 1}: ${runText(baseline)}`);
    }
    const loadAtEnd = loadavg()[0] ?? 0;

    const whole = pipeline.filter((run) => run.lost === 0);
    const wholeBaseline = oneAtATime.filter((run) => run.lost === 0);
    const lost = pipeline.reduce((sum, run) => sum + run.lost, 0);
    const lostRuns = pipeline.length - whole.length;
    const scale = opts.enrollments / opts.baselineSample;
    const baselineDone = wholeBaseline.length > 0 ? median(wholeBaseline.map((run) => run.doneMs ?? 0)) : null;
    const baselineExtrapolated = baselineDone === null ? null : baselineDone * scale;
    const pipelineDone = whole.length > 0 ? median(whole.map((run) => run.doneMs ?? 0)) : null;
    const speedUp = pipelineDone !== null && baselineExtrapolated !== null ? baselineExtrapolated / Math.max(pipelineDone, 1) : null;
    const noneLost = lost === 0 && oneAtATime.every((run) => run.lost === 0);
    const budgetMet = noneLost && speedUp !== null && speedUp >= 10;
    const figure = (runs: BurstRun[], of: (run: BurstRun) => number | null): string => {
      const values = runs.map(of).filter((value): value is number => value !== null);
      if (values.length === 0) return '—';
      return `${seconds(median(values))}${values.length > 1 ? ` median (runs ${values.map(seconds).join(', ')})` : ''}`;
    };
    const wholeRuns = whole.length === pipeline.length ? '' : ` (the ${whole.length} of ${pipeline.length} runs that lost none)`;
    report(
      `device origin: ${opts.enrollments} enrollments at ${opts.devices} devices in ${opts.seconds} s, ${opts.users} users on the site (All devices, including user update from device)`,
      [
        [
          'tuning (shipped)',
          `pulls ${DEFAULT_SYNC_TUNING.deviceChangeDebounceMs} ms after a device's first change, up to ${DEFAULT_SYNC_TUNING.maxUsersPerPull} users a pull in User.Gets of ${DEFAULT_SYNC_TUNING.readBatchUsers}; ` +
            `devices synced ${DEFAULT_SYNC_TUNING.autoSyncQuietMs} ms after the last change, ${DEFAULT_SYNC_TUNING.autoSyncMaxWaitMs} ms at most; ${DEFAULT_SYNC_TUNING.maxBatchUsers} users an EnrollMulti`,
        ],
        ...pipeline.map((run, i): [string, string] => [`run ${i + 1}`, runText(run)]),
        ['enrollments: first → last', figure(pipeline, (run) => run.enrollWindowMs)],
        [`first enrollment → every user in the database${wholeRuns}`, figure(whole, (run) => run.inDatabaseMs)],
        [`first enrollment → every user on all ${opts.devices} devices${wholeRuns}`, figure(whole, (run) => run.onEveryDeviceMs)],
        ['last enrollment → done (database and devices)', figure(whole, (run) => run.afterLastEnrollmentMs)],
        ['first enrollment → last user write answered', figure(pipeline, (run) => run.lastWriteAnsweredMs)],
        ['first enrollment → every device shown in sync', figure(whole, (run) => run.shownInSyncMs)],
        ['user write calls (devices named, summed)', pipeline.map((run) => `${run.userWriteCalls} (${run.userWriteDevices})`).join(', ')],
        ['all calls, by method (median of runs)', mergedCalls(pipeline.map((run) => run.calls))],
        ['realtime events the gateway discarded (console queue full)', pipeline.map((run) => `${run.discarded.events} (${run.discarded.changedOnDevice} enrollments at a device)`).join(', ')],
        [
          'CPU: console + gateway + Chromium (database host, page)',
          pipeline.map((run) => `${seconds(run.cpu.consoleMs + run.cpu.gatewayMs + run.cpu.browserMs)} (${seconds(run.cpu.consoleMs)} + ${seconds(run.cpu.gatewayMs)} + ${seconds(run.cpu.browserMs)})`).join(', '),
        ],
        [
          'verified',
          `every run: ${pipeline.map((run) => `${run.devicesVerified} devices × ${run.usersPerDevice} users`).join('; ')}, each record's hash equal to the master copy's, each enrolled user's equal to what was enrolled` +
            (lost > 0 ? '; the lost users on their origin device, nowhere else' : ''),
        ],
        [
          `baseline, one event at a time: ${opts.baselineSample} enrollments in ${sampleSeconds.toFixed(2)} s`,
          `done ${figure(wholeBaseline, (run) => run.doneMs)} after the first (database ${figure(wholeBaseline, (run) => run.inDatabaseMs)}, devices ${figure(wholeBaseline, (run) => run.onEveryDeviceMs)})` +
            (baselineDone === null ? '' : `: ${(opts.baselineSample / (baselineDone / 1000)).toFixed(0)} users/s`) +
            (wholeBaseline.length < oneAtATime.length ? `; ${oneAtATime.length - wholeBaseline.length} run(s) lost users: ${oneAtATime.map(runText).join(' | ')}` : ''),
        ],
        ['baseline calls (devices named, summed)', `${oneAtATime.map((run) => `${run.userWriteCalls} (${run.userWriteDevices})`).join(', ')}; ${mergedCalls(oneAtATime.map((run) => run.calls))}`],
        [
          `baseline extrapolated to ${opts.enrollments}`,
          baselineDone === null || baselineExtrapolated === null
            ? '—'
            : scale === 1
              ? `${seconds(baselineDone)} (measured whole)`
              : `${seconds(baselineExtrapolated)} (${seconds(baselineDone)} × ${scale.toFixed(1)}: its rate held for the whole burst)`,
        ],
        ['budget: none lost', noneLost ? 'met' : `NOT met: ${lost} of ${opts.enrollments * pipeline.length} enrollments lost in ${lostRuns} of ${pipeline.length} runs (see the runs above)`],
        [
          'budget: ≥ 10× faster than one at a time',
          speedUp === null || pipelineDone === null || baselineExtrapolated === null
            ? 'not measured: no run of each kind lost none'
            : `${speedUp >= 10 ? 'met' : 'NOT met'}: ${speedUp.toFixed(1)}× (${seconds(pipelineDone)} against ${seconds(baselineExtrapolated)}; the burst alone lasts ${opts.seconds} s)`,
        ],
        ['load average (1 min)', `${loadAtStart.toFixed(1)} at the start, ${loadAtEnd.toFixed(1)} at the end`],
      ],
      {
        enrollments: opts.enrollments,
        seconds: opts.seconds,
        devices: opts.devices,
        users: opts.users,
        pipeline,
        baselineSample: opts.baselineSample,
        baselineTuning: BASELINE_TUNING,
        oneAtATime,
        baselineExtrapolatedMs: baselineExtrapolated === null ? null : Math.round(baselineExtrapolated),
        speedUp: speedUp === null ? null : Math.round(speedUp * 10) / 10,
        noneLost,
        budgetMet,
        loadAverage: [loadAtStart, loadAtEnd],
      },
    );
  } finally {
    client.close();
    await sim.stop();
  }
}

/** One run in a line: done or what was lost, and the writes it took. */
function runText(run: BurstRun): string {
  const outcome =
    run.lost === 0 && run.doneMs !== null && run.afterLastEnrollmentMs !== null
      ? `done ${seconds(run.doneMs)} after the first enrollment (${seconds(run.afterLastEnrollmentMs)} after the last)`
      : `LOST ${run.lost} of ${run.enrollments}: never pulled, on their origin device alone (the console shows ${run.shownAtEnd ?? '?'}); the rest done ${seconds(run.lastProgressMs)} after the first enrollment`;
  return `${outcome}; ${run.userWriteCalls} user write calls; the gateway discarded ${run.discarded.events} realtime events for the console's full queue, ${run.discarded.changedOnDevice} of them enrollments at a device`;
}

/** One burst at a fresh site, with the console's figures. */
interface BurstRun {
  enrollments: number;
  /** First → last enrollment, by the gateway's clock. */
  enrollWindowMs: number;
  /** Enrolled users that never reached the master copy: each is still on its origin device alone. */
  lost: number;
  /** First enrollment → every enrolled user in the master copy (sampled every 100 ms); null when some were lost. */
  inDatabaseMs: number | null;
  /** First enrollment → every device holding every user (sampled every 100 ms); null when some were lost. */
  onEveryDeviceMs: number | null;
  /** The later of the two: the burst is done. */
  doneMs: number | null;
  /** Last enrollment → done: how far the console lags behind the people at the readers. */
  afterLastEnrollmentMs: number | null;
  /** First enrollment → the last time the master copy or a device's user count moved (a run that lost users ends there). */
  lastProgressMs: number;
  /** First enrollment → the gateway answered the last user write of the run. */
  lastWriteAnsweredMs: number;
  /** First enrollment → every device shown in sync for good (the operator's view); null when some never were. */
  shownInSyncMs: number | null;
  /** gRPC calls the gateway received from the first enrollment until the run settled, by method. */
  calls: Record<string, CallFigures>;
  userWriteCalls: number;
  userWriteDevices: number;
  /** Realtime events the gateway discarded meanwhile because the console's queue was full; of those, enrollments at a device. */
  discarded: RealtimeDiscards;
  /** CPU over the burst until it settled: this process (the console's core), the gateway, Chromium (the database host worker and the page). */
  cpu: { consoleMs: number; gatewayMs: number; browserMs: number };
  devicesVerified: number;
  usersPerDevice: number;
  /** When some were lost: what the console showed for the devices at the end ("out-of-sync: 12"). */
  shownAtEnd: string | null;
}

/**
 * One burst at a fresh site: new devices (a device's event log outlives a console, and a fresh
 * database would read it from the start), the site's users seeded, the console started in the
 * pulling mode with `tuning`, the devices filled by the console itself; then the enrollments,
 * timed until every user is in the database and on every device, and verified once settled.
 * A run in which the console stops making progress before that is not an error of the bench:
 * the users it lost are counted and shown where they are, and the rest is verified as usual.
 */
async function burstRun(sim: SimChild, client: GatewayClient, opts: Options, enrollments: number, windowMs: number, tuning: Partial<SyncTuning>): Promise<BurstRun> {
  const deviceIds: number[] = [];
  const link = createDatabaseHostLink();
  let core: ConsoleCore | null = null;
  let operator: OperatorPage | null = null;
  let watch: BurstWatch | null = null;
  let inSyncSampler: ReturnType<typeof setInterval> | null = null;
  try {
    for (let i = 0; i < opts.devices; i++) {
      const { deviceID } = (await sim.control('POST', '/devices', { model: BURST_DEVICE_MODEL, capacity: opts.users + opts.enrollments + 1_000 })) as { deviceID: number };
      deviceIds.push(deviceID);
    }
    core = startBenchConsole(sim, link.store, tuning, 'all-with-device');
    operator = await openOperatorPage(core, link);
    await seedUsers(link.store, benchUsers(opts.users, 1));
    const running = core;
    const views = () => deviceIds.map((deviceId) => running.registry.get(`${BENCH_GATEWAY}/${deviceId}`));
    const allInSync = (): boolean => views().every((view) => view?.sync.state === 'in-sync');
    // All devices: the console fills each device with the site's users by itself (in sync alone
    // may be said of empty devices before the seeded users arrived).
    const filledBy = Date.now() + 300_000;
    while (!allInSync() || (await deviceUserCounts(sim, deviceIds)).some((count) => count !== opts.users)) {
      if (Date.now() > filledBy) throw new Error('the console did not fill every device with the site\'s users within 5 minutes');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await running.sync?.whenIdle(120_000);
    // Each device's journal read once: a journal of more than 64 entries is compacted by its next
    // read, and the one-at-a-time console fills the site in one-user batches (1,000 entries per
    // device, seconds to compact in Chromium). The burst then starts from the same state for both
    // consoles; what the burst itself writes to the journals is the burst's cost.
    for (const deviceId of deviceIds) await link.store.journal.read(deviceId);
    await untilBrowserQuiet(operator);

    const people = burstUsers(enrollments, FIRST_BURST_ID);
    const wanted = opts.users + enrollments;
    const before = await callCounts(sim);
    const discardedBefore = await realtimeDiscards(sim);
    const cpuBefore = process.cpuUsage();
    const simCpuBefore = sim.cpuMs() ?? 0;
    const browserCpuBefore = operator.cpuMs() ?? 0;
    watch = new BurstWatch(link.store, sim, deviceIds, wanted);
    // Sampled from the start, so "shown in sync" is the last moment any device was not.
    let lastNotInSyncAt = Date.now();
    inSyncSampler = setInterval(() => {
      if (!allInSync()) lastNotInSyncAt = Date.now();
    }, 20);
    if (opts.dropLive > 0) for (const deviceId of deviceIds) await sim.control('POST', `/devices/${deviceId}/faults`, { dropLiveEvents: opts.dropLive });
    const burst = await enrollAtDevices(sim, deviceIds, people, windowMs);
    if (burst.enrolled !== enrollments) throw new Error(`the gateway enrolled ${burst.enrolled} of ${enrollments}`);

    // Idle: no job running or due (a console that is still working, however slowly, is not stalled).
    const consoleIdle = async (): Promise<boolean> => (running.sync ? running.sync.whenIdle(100).then(() => true, () => false) : true);
    const outcome = await waitForBurst(watch, sim, enrollments, burst.lastAt, consoleIdle);
    if (outcome === 'done') {
      // Settle: no write for a while, every device shown in sync for a while.
      let writesSeen = -1;
      let writesChangedAt = Date.now();
      for (;;) {
        const now = Date.now();
        const writes = userWriteCount(await callCounts(sim));
        if (writes !== writesSeen) {
          writesSeen = writes;
          writesChangedAt = now;
        }
        if (now - writesChangedAt >= SETTLED_QUIET_MS && now - lastNotInSyncAt >= SETTLED_QUIET_MS) break;
        if (now - burst.lastAt > giveUpAfterMs(enrollments)) throw new Error('the devices did not settle');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }
    await watch.stop();
    clearInterval(inSyncSampler);
    const after = await callCounts(sim);
    const discardedAfter = await realtimeDiscards(sim);
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = {
      consoleMs: Math.round((cpu.user + cpu.system) / 1000),
      gatewayMs: (sim.cpuMs() ?? 0) - simCpuBefore,
      browserMs: (operator.cpuMs() ?? 0) - browserCpuBefore,
    };
    if (operator.errors.length > 0) throw new Error(`the page failed: ${operator.errors.join('; ')}`);

    const users = await masterUsers(link.store);
    const stored = new Set(users.map((user) => user.id));
    const strandedAt = await strandedUsers(client, deviceIds, people, stored);
    const lost = [...strandedAt.values()].reduce((sum, ids) => sum + ids.size, 0);
    if (users.length + lost !== wanted) throw new Error(`the master copy holds ${users.length} users and ${lost} are on their origin device alone, of ${wanted}`);
    const enrolled = enrolledHashes(people);
    const altered = users.filter((user) => {
      const expected = enrolled.get(user.id);
      if (expected === undefined) return false;
      const record = desiredRecord(user, BURST_CAPABILITIES);
      return !record || recordHash(record) !== expected;
    });
    if (altered.length > 0) throw new Error(`${altered.length} enrolled user(s) differ in the master copy from what was enrolled, e.g. ${altered[0]?.id}`);
    const shown = (deviceId: number): string => JSON.stringify(running.registry.get(`${BENCH_GATEWAY}/${deviceId}`)?.sync);
    const usersPerDevice = await verifyDevices(client, deviceIds, users, BURST_CAPABILITIES, shown, (deviceId) => strandedAt.get(deviceId) ?? new Set());
    if (userWriteCount(await callCounts(sim)) !== userWriteCount(after)) throw new Error('the console wrote to the devices while they were being verified: the run had not settled');

    const calls = callsBetween(before, after);
    const { inDatabaseAt, onEveryDeviceAt, doneAt, lastProgressAt } = watch;
    const since = (at: number | null, from = burst.firstAt): number | null => (at === null ? null : at - from);
    return {
      enrollments,
      enrollWindowMs: burst.lastAt - burst.firstAt,
      lost,
      inDatabaseMs: since(inDatabaseAt),
      onEveryDeviceMs: since(onEveryDeviceAt),
      doneMs: since(doneAt),
      afterLastEnrollmentMs: since(doneAt, burst.lastAt),
      lastProgressMs: lastProgressAt - burst.firstAt,
      lastWriteAnsweredMs: lastUserWriteAnsweredAt(after) - burst.firstAt,
      shownInSyncMs: outcome === 'done' ? lastNotInSyncAt - burst.firstAt : null,
      calls,
      userWriteCalls: userWriteCount(after) - userWriteCount(before),
      userWriteDevices: userWriteDevices(calls),
      discarded: { events: discardedAfter.events - discardedBefore.events, changedOnDevice: discardedAfter.changedOnDevice - discardedBefore.changedOnDevice },
      cpu: cpuMs,
      devicesVerified: deviceIds.length,
      usersPerDevice,
      shownAtEnd: lost > 0 ? describeStates(views().map((view) => view?.sync.state ?? 'unknown')) : null,
    };
  } finally {
    if (inSyncSampler) clearInterval(inSyncSampler);
    await watch?.stop();
    // The core first: it may still be writing through the page's database host.
    await core?.stop();
    link.close();
    await operator?.close();
    for (const deviceId of deviceIds) await sim.control('DELETE', `/devices/${deviceId}`);
  }
}

/**
 * Waits until Chromium (the database host) has finished with filling the site: IndexedDB goes on
 * working for a while after its last transaction, and a burst started then would pay for it.
 * Quiet: under a fifth of a CPU over a second.
 */
async function untilBrowserQuiet(operator: OperatorPage): Promise<void> {
  const started = Date.now();
  let previous = operator.cpuMs();
  while (previous !== null && Date.now() - started < BROWSER_QUIET_WITHIN_MS) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const now = operator.cpuMs() ?? 0;
    if (now - previous < 200) break;
    previous = now;
  }
}

/** Each device's user count, as the gateway reports it. */
async function deviceUserCounts(sim: SimChild, deviceIds: readonly number[]): Promise<number[]> {
  const listed = (await sim.control('GET', '/devices')) as { deviceID: number; userCount: number }[];
  return deviceIds.map((deviceId) => listed.find((device) => device.deviceID === deviceId)?.userCount ?? -1);
}

/**
 * Waits until every user is in the database and on every device ('done'), or until the console
 * stopped: idle, and neither the master copy nor any device's user count nor the gateway's write
 * count changed for STALLED_AFTER_MS after the last enrollment ('stalled'). A console still at
 * work past `giveUpAfterMs` fails the run.
 */
async function waitForBurst(watch: BurstWatch, sim: SimChild, enrollments: number, lastEnrollmentAt: number, consoleIdle: () => Promise<boolean>): Promise<'done' | 'stalled'> {
  let seen = '';
  let changedAt = Date.now();
  for (;;) {
    if (watch.failure) throw watch.failure;
    if (watch.done) return 'done';
    const now = Date.now();
    const state = `${watch.latest.stored} ${watch.latest.onDevices} ${userWriteCount(await callCounts(sim))}`;
    if (state !== seen) {
      seen = state;
      changedAt = now;
    }
    if (now - Math.max(changedAt, lastEnrollmentAt) >= STALLED_AFTER_MS && (await consoleIdle())) return 'stalled';
    if (now - lastEnrollmentAt > giveUpAfterMs(enrollments)) {
      throw new Error(`the console was still at work ${seconds(giveUpAfterMs(enrollments))} after the last enrollment: ${watch.latest.stored} users stored, ${watch.latest.leastOnADevice} on the device holding fewest`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The enrolled users the master copy does not hold, by the device they were enrolled at, each
 * checked to be there (read over gRPC): a user missing from the database and from its origin too
 * would be a fault of the bench or the gateway, not a loss of the console.
 */
async function strandedUsers(client: GatewayClient, deviceIds: readonly number[], people: readonly User[], stored: ReadonlySet<string>): Promise<Map<number, Set<string>>> {
  const stranded = new Map<number, Set<string>>();
  const missing = people.map((user, position) => ({ user, origin: deviceIds[position % deviceIds.length] ?? 0 })).filter(({ user }) => !stored.has(user.id));
  for (const origin of new Set(missing.map((entry) => entry.origin))) {
    const held = new Set((await client.user.getList(origin)).map((header) => header.ID));
    const here = missing.filter((entry) => entry.origin === origin).map((entry) => entry.user.id);
    const gone = here.filter((id) => !held.has(id));
    if (gone.length > 0) throw new Error(`${gone.length} enrolled user(s) are neither in the database nor on device ${origin}, e.g. ${gone[0]}`);
    stranded.set(origin, new Set(here));
  }
  return stranded;
}

/** "out-of-sync 17, in-sync 3". */
function describeStates(states: readonly string[]): string {
  const counted = new Map<string, number>();
  for (const state of states) counted.set(state, (counted.get(state) ?? 0) + 1);
  return [...counted].map(([state, count]) => `${state} ${count}`).join(', ');
}

/**
 * Full sync of 10,000 users (2 fingerprints + 1 card each) to 50 virtual devices (DESIGN.md §5):
 * the engine against baselines measured in the same run on the same gateway:
 *   (a) raw wire time: the same records sent straight with EnrollMulti to all devices, in maximal
 *       batches (as large as the message limit allows), no engine logic, records prepared ahead;
 *   (b) one Enroll call per user per device: measured on a sample (every device in parallel,
 *       users one after the other) and extrapolated, since the full run would take many minutes.
 * The engine runs with an in-memory Store (what the engine and the wire cost) and with the real
 * database host (Dexie over fake-indexeddb) in a thread of its own, linked by a MessagePort as
 * the app's database window is, and in this very thread (the harder case: its CPU is the
 * engine's). Every figure is the median of interleaved
 * runs, so a busy machine weighs on all alike.
 *
 *   npm run bench -- full-sync [--users 10000] [--devices 50] [--sample 100] [--repeats 3]
 */
import { parseArgs } from 'node:util';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { GatewayClient, type UserInfo } from '../electron/gsdk';
import { openInProcessStore } from '../electron/core/store/inProcessStore';
import type { Store } from '../electron/core/store/store';
import { batchesBySize, chunks } from '../electron/core/sync/callPlan';
import { desiredRecord, toUserInfo, wireSize } from '../electron/core/sync/userInfoCodec';
import type { User } from '../shared/domain/user';
import { BENCH_GATEWAY, benchUsers, seedUsers, median, report, seconds, startBenchConsole, waitUntil } from './benchSupport';
import { startDatabaseHostThread } from './databaseHostThread';
import { MemoryStore } from './memoryStore';
import { startSimChild, type SimChild } from './simChild';

const CAPABILITIES = { cards: true, fingerprints: true, faces: false };
/** The client allows 64 MB per message; a maximal batch stays under 48 MB. */
const MAX_MESSAGE_BATCH_BYTES = 48 * 1024 * 1024;

interface Options {
  users: number;
  devices: number;
  sample: number;
  repeats: number;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: { users: { type: 'string' }, devices: { type: 'string' }, sample: { type: 'string' }, repeats: { type: 'string' } },
  });
  return {
    users: Number(values.users ?? 10_000),
    devices: Number(values.devices ?? 50),
    sample: Number(values.sample ?? 100),
    repeats: Number(values.repeats ?? 3),
  };
}

export async function fullSyncBenchmark(argv: string[]): Promise<void> {
  const { users: userCount, devices: deviceCount, sample, repeats } = options(argv);
  const sim = await startSimChild();
  const client = new GatewayClient({ host: '127.0.0.1', port: sim.grpcPort, caCert: null }, { callTimeoutMs: 600_000 });
  try {
    const deviceIds: number[] = [];
    for (let i = 0; i < deviceCount; i++) {
      const { deviceID } = (await sim.control('POST', '/devices', { model: 'BioStation 2', capacity: 100_000 })) as { deviceID: number };
      deviceIds.push(deviceID);
    }
    await client.waitForReady(5_000);
    const users = benchUsers(userCount, 2);
    const records = users.flatMap((user) => desiredRecord(user, CAPABILITIES) ?? []);
    const infos = records.map(toUserInfo);
    const megabytes = records.reduce((sum, record) => sum + wireSize(record), 0) / 1024 / 1024;
    const reset = () => client.user.deleteAllMulti(deviceIds);
    console.error(`${userCount} users (${megabytes.toFixed(1)} MB of records) to ${deviceCount} devices; the virtual gateway runs in its own process`);

    // Repeated and interleaved, so that a busy machine weighs on every figure alike; medians count.
    const maximal = batchesBySize(records, wireSize, Number.MAX_SAFE_INTEGER, MAX_MESSAGE_BATCH_BYTES).map((batch) => batch.map(toUserInfo));
    const rawRuns: Measured[] = [];
    const raw500Runs: Measured[] = [];
    const monitoredRuns: Measured[] = [];
    const engineRuns: Measured[] = [];
    const engineDatabaseRuns: Measured[] = [];
    const engineThreadRuns: Measured[] = [];
    for (let run = 0; run < repeats; run++) {
      await reset();
      rawRuns.push(await measured(sim, () => sendAll(client, deviceIds, maximal)));
      await reset();
      raw500Runs.push(await measured(sim, () => sendAll(client, deviceIds, chunks(infos, 500))));
      await reset();
      monitoredRuns.push(await whileMonitored(client, deviceIds, () => measured(sim, () => sendAll(client, deviceIds, maximal))));
      engineRuns.push(await engineRun(sim, client, deviceIds, users, 'memory'));
      engineDatabaseRuns.push(await engineRun(sim, client, deviceIds, users, 'database'));
      engineThreadRuns.push(await engineRun(sim, client, deviceIds, users, 'database thread'));
    }
    const engineDatabase = median(engineDatabaseRuns.map(elapsed));
    const engineThread = median(engineThreadRuns.map(elapsed));
    const raw = median(rawRuns.map(elapsed));
    const engineMemory = median(engineRuns.map(elapsed));

    // (b) one Enroll per user per device, on a sample.
    await reset();
    const sampleInfos = infos.slice(0, sample);
    const perUserSample = await timed(() => Promise.all(deviceIds.map((deviceId) => enrollOneByOne(client, deviceId, sampleInfos))).then(() => undefined));
    const perUser = (perUserSample * userCount) / sampleInfos.length;
    await reset();

    const list = (runs: Measured[]): string => runs.map((run) => (run.ms / 1000).toFixed(2)).join(', ');
    const cpu = (runs: Measured[]): string => `CPU ${seconds(median(runs.map((run) => run.cpuMs)))}`;
    report(
      `full sync: ${userCount} users × ${deviceCount} devices`,
      [
        ['(a) raw wire, maximal batches', `${seconds(raw)} median, ${cpu(rawRuns)} (${maximal.length} EnrollMulti call(s); runs ${list(rawRuns)})`],
        ['    raw wire, 500-user batches', `${seconds(median(raw500Runs.map(elapsed)))} median, ${cpu(raw500Runs)} (runs ${list(raw500Runs)})`],
        ['    raw wire, site monitored', `${seconds(median(monitoredRuns.map(elapsed)))} median, ${cpu(monitoredRuns)} (realtime log read as while the console runs; runs ${list(monitoredRuns)})`],
        ['engine (in-memory store)', `${seconds(engineMemory)} median = ${(engineMemory / raw).toFixed(2)}× (a), ${cpu(engineRuns)}; ${(perUser / engineMemory).toFixed(0)}× faster than (b) (runs ${list(engineRuns)})`],
        ['engine (database host in its own thread)', `${seconds(engineThread)} median = ${(engineThread / raw).toFixed(2)}× (a), ${cpu(engineThreadRuns)}; ${(perUser / engineThread).toFixed(0)}× faster than (b) (runs ${list(engineThreadRuns)})`],
        ['engine (database host in this thread)', `${seconds(engineDatabase)} median = ${(engineDatabase / raw).toFixed(2)}× (a), ${cpu(engineDatabaseRuns)}; ${(perUser / engineDatabase).toFixed(0)}× faster than (b) (runs ${list(engineDatabaseRuns)})`],
        ['(b) one Enroll per user per device', `${seconds(perUser)} extrapolated from ${sampleInfos.length} users × ${deviceCount} devices in ${seconds(perUserSample)}`],
        ['budget', '≤ 1.5× (a) and ≥ 10× faster than (b)'],
      ],
      {
        users: userCount,
        devices: deviceCount,
        rawWire: rawRuns,
        rawWire500: raw500Runs,
        rawWireMonitored: monitoredRuns,
        engineMemory: engineRuns,
        engineDatabase: engineDatabaseRuns,
        engineDatabaseThread: engineThreadRuns,
        oneCallPerUserMs: Math.round(perUser),
        sampleUsers: sampleInfos.length,
        sampleMs: perUserSample,
      },
    );
  } finally {
    client.close();
    await sim.stop();
  }
}

/** From "sync all" to every device shown in sync, as the console's core does it end to end. */
async function engineRun(sim: SimChild, client: GatewayClient, deviceIds: number[], users: User[], storeKind: 'database' | 'database thread' | 'memory'): Promise<Measured> {
  await client.user.deleteAllMulti(deviceIds);
  const database =
    storeKind === 'database' ? await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange }) : storeKind === 'database thread' ? await startDatabaseHostThread() : null;
  const store: Store = database ? database.store : new MemoryStore();
  await seedUsers(store, users);
  // The devices outlive each run's console, and so do their logs (the earlier runs' writes): a
  // console meeting them without cursors would first import that history (DESIGN.md §4,
  // catch-up), which is not the sync measured here. So each run starts as a console that has
  // read every log up to now.
  const listed = (await sim.control('GET', '/devices')) as { deviceID: number; lastEventID: number }[];
  for (const device of listed) if (deviceIds.includes(device.deviceID)) await store.eventCursors.put(device.deviceID, device.lastEventID);
  const core = startBenchConsole(sim, store);
  const views = () => deviceIds.map((deviceId) => core.registry.get(`${BENCH_GATEWAY}/${deviceId}`));
  try {
    await waitUntil(() => views().every((view) => view?.sync.state === 'out-of-sync' && view.sync.missing === users.length), 'every device checked');
    return await measured(sim, async () => {
      await core.handlers.syncAll(undefined);
      await waitUntil(() => views().every((view) => view?.sync.state === 'in-sync'), 'every device in sync');
    });
  } finally {
    await core.stop();
    await database?.close();
  }
}

async function sendAll(client: GatewayClient, deviceIds: number[], batches: UserInfo[][]): Promise<void> {
  for (const batch of batches) await client.user.enrollMulti(deviceIds, batch, true);
}

/** Runs `work` while every device is monitored and its realtime log is read, as the console does. */
async function whileMonitored<T>(client: GatewayClient, deviceIds: number[], work: () => Promise<T>): Promise<T> {
  await client.event.enableMonitoringMulti(deviceIds);
  const stream = client.event.subscribeRealtimeLog({});
  const drained = (async () => {
    try {
      for await (const event of stream) void event;
    } catch {
      // cancelled below
    }
  })();
  try {
    return await work();
  } finally {
    stream.cancel();
    await drained;
  }
}

async function enrollOneByOne(client: GatewayClient, deviceId: number, users: UserInfo[]): Promise<void> {
  for (const user of users) await client.user.enroll(deviceId, [user], true);
}

async function timed(work: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await work();
  return Math.round(performance.now() - started);
}

/**
 * Elapsed time, and the CPU time the console (this process) and the virtual gateway (its own)
 * spent meanwhile: on a machine that is busy with other work the elapsed figures swing, the CPU
 * figures much less.
 */
interface Measured {
  ms: number;
  cpuMs: number;
}

const elapsed = (run: Measured): number => run.ms;

async function measured(sim: SimChild, work: () => Promise<void>): Promise<Measured> {
  const console0 = process.cpuUsage();
  const sim0 = sim.cpuMs() ?? 0;
  const ms = await timed(work);
  const usage = process.cpuUsage(console0);
  return { ms, cpuMs: Math.round((usage.user + usage.system) / 1000 + ((sim.cpuMs() ?? 0) - sim0)) };
}


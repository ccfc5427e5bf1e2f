/**
 * Full sync of 10,000 users (2 fingerprints + 1 card each) to 50 virtual devices (DESIGN.md §5):
 * the engine against baselines measured in the same run on the same gateway:
 *   (a) raw wire time: the same records sent straight with EnrollMulti to all devices, in maximal
 *       batches (as large as the message limit allows), no engine logic, records prepared ahead;
 *   (b) one Enroll call per user per device: measured on a sample (every device in parallel,
 *       users one after the other) and extrapolated, since the full run would take many minutes.
 * The engine runs with an in-memory Store (what the engine and the wire cost) and once with the
 * real database host (Dexie over fake-indexeddb, in this process: what today's journal storage
 * adds). Every figure is the median of interleaved runs, so a busy machine weighs on all alike.
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
import { BENCH_GATEWAY, benchUsers, median, report, seconds, startBenchConsole, waitUntil } from './benchSupport';
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
    const rawRuns: number[] = [];
    const raw500Runs: number[] = [];
    const monitoredRuns: number[] = [];
    const engineRuns: number[] = [];
    for (let run = 0; run < repeats; run++) {
      await reset();
      rawRuns.push(await timed(() => sendAll(client, deviceIds, maximal)));
      await reset();
      raw500Runs.push(await timed(() => sendAll(client, deviceIds, chunks(infos, 500))));
      await reset();
      monitoredRuns.push(await whileMonitored(client, deviceIds, () => timed(() => sendAll(client, deviceIds, maximal))));
      engineRuns.push((await engineRun(sim, client, deviceIds, users, 'memory')).ms);
    }
    const engineDatabase = await engineRun(sim, client, deviceIds, users, 'database');
    const raw = median(rawRuns);
    const engineMemory = median(engineRuns);

    // (b) one Enroll per user per device, on a sample.
    await reset();
    const sampleInfos = infos.slice(0, sample);
    const perUserSample = await timed(() => Promise.all(deviceIds.map((deviceId) => enrollOneByOne(client, deviceId, sampleInfos))).then(() => undefined));
    const perUser = (perUserSample * userCount) / sampleInfos.length;
    await reset();

    const list = (runs: number[]): string => runs.map((ms) => (ms / 1000).toFixed(2)).join(', ');
    report(
      `full sync: ${userCount} users × ${deviceCount} devices`,
      [
        ['(a) raw wire, maximal batches', `${seconds(raw)} median (${maximal.length} EnrollMulti call(s); runs ${list(rawRuns)})`],
        ['    raw wire, 500-user batches', `${seconds(median(raw500Runs))} median (runs ${list(raw500Runs)})`],
        ['    raw wire, site monitored', `${seconds(median(monitoredRuns))} median (realtime log streamed as while the console runs; runs ${list(monitoredRuns)})`],
        ['engine (in-memory store)', `${seconds(engineMemory)} median = ${(engineMemory / raw).toFixed(2)}× (a); ${(perUser / engineMemory).toFixed(0)}× faster than (b) (runs ${list(engineRuns)})`],
        ['engine (database host, fake-indexeddb)', `${seconds(engineDatabase.ms)} = ${(engineDatabase.ms / raw).toFixed(2)}× (a); ${(perUser / engineDatabase.ms).toFixed(0)}× faster than (b)`],
        ['(b) one Enroll per user per device', `${seconds(perUser)} extrapolated from ${sampleInfos.length} users × ${deviceCount} devices in ${seconds(perUserSample)}`],
        ['budget', '≤ 1.5× (a) and ≥ 10× faster than (b)'],
      ],
      {
        users: userCount,
        devices: deviceCount,
        rawWireMs: rawRuns,
        rawWire500Ms: raw500Runs,
        rawWireMonitoredMs: monitoredRuns,
        engineMemoryMs: engineRuns,
        engineDatabaseMs: engineDatabase.ms,
        oneCallPerUserMs: Math.round(perUser),
        sampleUsers: sampleInfos.length,
        sampleMs: perUserSample,
        consoleEventsStored: engineDatabase.events,
      },
    );
  } finally {
    client.close();
    await sim.stop();
  }
}

/** From "sync all" to every device shown in sync (its header list checked after the writes). */
async function engineRun(sim: SimChild, client: GatewayClient, deviceIds: number[], users: User[], storeKind: 'database' | 'memory'): Promise<{ ms: number; events: number }> {
  await client.user.deleteAllMulti(deviceIds);
  const database = storeKind === 'database' ? await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange }) : null;
  const store: Store = database?.store ?? new MemoryStore();
  for (const batch of chunks(users, 2_000)) await store.users.put(batch);
  const core = startBenchConsole(sim, store);
  const views = () => deviceIds.map((deviceId) => core.registry.get(`${BENCH_GATEWAY}/${deviceId}`));
  try {
    await waitUntil(() => views().every((view) => view?.sync.state === 'out-of-sync' && view.sync.missing === users.length), 'every device checked');
    const ms = await timed(async () => {
      await core.handlers.syncAll(undefined);
      await waitUntil(() => views().every((view) => view?.sync.state === 'in-sync'), 'every device in sync');
    });
    await core.sync?.whenIdle();
    const events = database ? await database.database.events.count() : 0;
    return { ms, events };
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


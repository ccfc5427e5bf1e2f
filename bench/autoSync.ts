/**
 * Automatic sync under *All devices* (issue 4): 1,000 operator edits spread evenly over 10 s on a
 * site of 10,000 users (2 fingerprints + 1 card) and 50 devices. Measured:
 *   - the gRPC calls the console made to the gateway meanwhile, counted by the virtual gateway
 *     itself (GET /stats), against the baseline of one call per edit per device (edits × devices);
 *   - time to convergence: from the last edit stored in the master copy to the last write the
 *     gateway answered, and to the console showing every device in sync;
 *   - and that the devices really converged: every device's user table is read back over gRPC and
 *     each record's hash compared with the master copy's projection, while the gateway's write
 *     counts show nothing was written after the last write timed above.
 * Baseline in the same run, on the same devices: one `Enroll` per edit per device for a sample of
 * the edits (devices in parallel, edits one after another), extrapolated, as full-sync's (b).
 *
 *   npm run bench -- auto-sync [--edits 1000] [--seconds 10] [--devices 50] [--users 10000] [--repeats 3] [--sample 100]
 */
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { GatewayClient, type UserInfo } from '../electron/gsdk';
import type { ConsoleCore } from '../electron/core/consoleCore';
import { DEFAULT_SYNC_TUNING } from '../electron/core/sync/syncTuning';
import { desiredRecord, toUserInfo } from '../electron/core/sync/userInfoCodec';
import { seededRandom } from '../electron/sim/seededRandom';
import type { User } from '../shared/domain/user';
import { BENCH_GATEWAY, benchUsers, cardNumber, median, report, seconds, seedUsers, startBenchConsole, waitUntil } from './benchSupport';
import { startDatabaseHostThread } from './databaseHostThread';
import { masterUsers, verifyDevices } from './deviceReadBack';
import { callCounts, callsBetween, lastUserWriteAnsweredAt, mergedCalls, userWriteCount, userWriteDevices, type CallFigures } from './gatewayCalls';
import { startSimChild, type SimChild } from './simChild';

const CAPABILITIES = { cards: true, fingerprints: true, faces: false };
const FINGERS = 2;
/** New card numbers for edits start here, far above the seeded users' (card number = user ID). */
const FIRST_EDIT_CARD = 0x4000_0000;
/**
 * The run is settled when nothing was written for this long, every device shows in sync and the
 * coalescer's longest wait has passed since the last edit: only then is the verification worth
 * its cost. Not part of any figure: convergence is timed from the gateway's last answered write.
 */
const SETTLED_QUIET_MS = 3_000;

interface Options {
  edits: number;
  seconds: number;
  devices: number;
  users: number;
  repeats: number;
  sample: number;
}

function options(argv: string[]): Options {
  const { values } = parseArgs({
    args: argv,
    options: {
      edits: { type: 'string' },
      seconds: { type: 'string' },
      devices: { type: 'string' },
      users: { type: 'string' },
      repeats: { type: 'string' },
      sample: { type: 'string' },
    },
  });
  return {
    edits: Number(values.edits ?? 1_000),
    seconds: Number(values.seconds ?? 10),
    devices: Number(values.devices ?? 50),
    users: Number(values.users ?? 10_000),
    repeats: Number(values.repeats ?? 3),
    sample: Number(values.sample ?? 100),
  };
}

type EditKind = 'rename' | 'card' | 'groups' | 'add' | 'delete';

/** One repeat's figures. */
interface EditRun {
  /** Edits of each kind, as the operator made them. */
  edits: Record<EditKind, number>;
  /** From the first edit sent to the last one stored (planned: the --seconds window). */
  editWindowMs: number;
  /** gRPC calls the gateway received during the edits and until the run settled, by method. */
  calls: Record<string, CallFigures>;
  userWriteCalls: number;
  /** The devices those write calls named, summed: a Multi call to 50 devices counts 50. */
  userWriteDevices: number;
  /** Last edit stored → the gateway answered the last user write of the run. */
  convergenceMs: number;
  /** Last edit stored → every device shown in sync for good (the operator's view). */
  shownInSyncMs: number;
  /** CPU of this process (core and database host thread) and the gateway, over edits and convergence. */
  cpuMs: number;
  /** Devices whose table was read back and compared record by record with the master copy. */
  devicesVerified: number;
  usersPerDevice: number;
}

export async function autoSyncBenchmark(argv: string[]): Promise<void> {
  const opts = options(argv);
  const sim = await startSimChild();
  const client = new GatewayClient({ host: '127.0.0.1', port: sim.grpcPort, caCert: null }, { callTimeoutMs: 600_000 });
  const loadAtStart = loadavg()[0] ?? 0;
  try {
    const deviceIds: number[] = [];
    for (let i = 0; i < opts.devices; i++) {
      const { deviceID } = (await sim.control('POST', '/devices', { model: 'BioStation 2', capacity: 100_000 })) as { deviceID: number };
      deviceIds.push(deviceID);
    }
    await client.waitForReady(5_000);
    console.error(
      `${opts.edits} edits in ${opts.seconds} s under All devices, ${opts.users} users × ${opts.devices} devices; the virtual gateway runs in its own process, the database host in a thread`,
    );
    const runs: EditRun[] = [];
    let lastStore: { users: User[] } = { users: [] };
    for (let repeat = 0; repeat < opts.repeats; repeat++) {
      const { run, users } = await editRun(sim, client, deviceIds, opts);
      runs.push(run);
      lastStore = { users };
      console.error(
        `run ${repeat + 1}: ${run.userWriteCalls} user write calls, convergence ${seconds(run.convergenceMs)}, shown in sync ${seconds(run.shownInSyncMs)}, verified ${run.devicesVerified} devices`,
      );
    }

    // The baseline: one Enroll per edit per device, on a sample of the last run's edited users.
    const sampleInfos = lastStore.users.slice(0, opts.sample).flatMap((user) => {
      const record = desiredRecord(user, CAPABILITIES);
      return record ? [toUserInfo(record)] : [];
    });
    const sampleStarted = performance.now();
    await Promise.all(deviceIds.map((deviceId) => enrollOneByOne(client, deviceId, sampleInfos)));
    const sampleMs = Math.round(performance.now() - sampleStarted);
    const perEditMs = (sampleMs * opts.edits) / Math.max(sampleInfos.length, 1);
    const loadAtEnd = loadavg()[0] ?? 0;

    const baselineCalls = opts.edits * opts.devices;
    const writeCalls = median(runs.map((run) => run.userWriteCalls));
    const list = (values: number[], format: (value: number) => string): string => values.map(format).join(', ');
    const allCalls = mergedCalls(runs.map((run) => run.calls));
    report(
      `auto sync: ${opts.edits} edits in ${opts.seconds} s, ${opts.users} users × ${opts.devices} devices (All devices)`,
      [
        ['edits (last run)', describeEdits(runs.at(-1)?.edits)],
        ['edit window (first sent → last stored)', `${seconds(median(runs.map((run) => run.editWindowMs)))} median (runs ${list(runs.map((run) => run.editWindowMs), seconds)})`],
        [
          'user write calls made by the console',
          `${writeCalls} median (runs ${list(
            runs.map((run) => run.userWriteCalls),
            String,
          )}) = ${(baselineCalls / Math.max(writeCalls, 1)).toFixed(0)}× fewer than one call per edit per device`,
        ],
        [
          'devices those write calls named, summed',
          `${median(runs.map((run) => run.userWriteDevices))} median (runs ${list(
            runs.map((run) => run.userWriteDevices),
            String,
          )}): a Multi call to ${opts.devices} devices counts ${opts.devices}; one call per edit per device names ${baselineCalls}`,
        ],
        ['all calls, by method (per run, median)', allCalls],
        ['baseline: one call per edit per device', `${baselineCalls} calls (${opts.edits} edits × ${opts.devices} devices)`],
        [
          'convergence: last edit → last write answered',
          `${seconds(median(runs.map((run) => run.convergenceMs)))} median (runs ${list(
            runs.map((run) => run.convergenceMs),
            seconds,
          )}); tuning: sync ${DEFAULT_SYNC_TUNING.autoSyncQuietMs} ms after the last change, ${DEFAULT_SYNC_TUNING.autoSyncMaxWaitMs} ms at most`,
        ],
        ['last edit → every device shown in sync', `${seconds(median(runs.map((run) => run.shownInSyncMs)))} median (runs ${list(runs.map((run) => run.shownInSyncMs), seconds)})`],
        ['CPU, console + database host + gateway', `${seconds(median(runs.map((run) => run.cpuMs)))} median over edits and convergence`],
        [
          'verified',
          `every run: ${runs.map((run) => `${run.devicesVerified} devices × ${run.usersPerDevice} users`).join('; ')}, each record's hash equal to the master copy's, nothing written after the timed last write`,
        ],
        [
          'baseline: its time (one Enroll per edit per device)',
          `${seconds(perEditMs)} for ${opts.edits} edits, extrapolated from ${sampleInfos.length} edits × ${opts.devices} devices in ${seconds(sampleMs)} (devices in parallel, edits one after another): ${(perEditMs / (opts.seconds * 1000)).toFixed(1)}× the edit window`,
        ],
        ['load average (1 min)', `${loadAtStart.toFixed(1)} at the start, ${loadAtEnd.toFixed(1)} at the end`],
      ],
      {
        edits: opts.edits,
        seconds: opts.seconds,
        users: opts.users,
        devices: opts.devices,
        runs,
        baselineCalls,
        oneCallPerEditSampleEdits: sampleInfos.length,
        oneCallPerEditSampleMs: sampleMs,
        oneCallPerEditMs: Math.round(perEditMs),
        loadAverage: [loadAtStart, loadAtEnd],
      },
    );
  } finally {
    client.close();
    await sim.stop();
  }
}

/**
 * One repeat from an empty fleet: seed, start the console in *All devices*, wait until it has
 * filled every device by itself, then make the edits and time the convergence. Returns the
 * figures and the master copy's users at the end (for the baseline's sample).
 */
async function editRun(sim: SimChild, client: GatewayClient, deviceIds: number[], opts: Options): Promise<{ run: EditRun; users: User[] }> {
  await client.user.deleteAllMulti(deviceIds);
  const database = await startDatabaseHostThread();
  let core: ConsoleCore | null = null;
  try {
    const seeded = benchUsers(opts.users, FINGERS);
    await seedUsers(database.store, seeded);
    core = startBenchConsole(sim, database.store, {}, 'all');
    const running = core;
    const views = () => deviceIds.map((deviceId) => running.registry.get(`${BENCH_GATEWAY}/${deviceId}`));
    const allInSync = (): boolean => views().every((view) => view?.sync.state === 'in-sync');
    // All devices: the console checks each device, finds it empty and fills it without being asked.
    await waitUntil(allInSync, 'the console to fill every device by itself');

    const before = await callCounts(sim);
    const cpuBefore = process.cpuUsage();
    const simCpuBefore = sim.cpuMs() ?? 0;
    const editor = new Editor(running, seeded, opts.users + 1);
    const { firstSentAt, lastStoredAt } = await editor.runEvenly(opts.edits, opts.seconds * 1000);

    // Settle: the console's view is sampled as it goes, so "shown in sync" is the last moment any
    // device was not (after the last edit), not the moment this loop happened to look.
    let lastNotInSyncAt = lastStoredAt;
    let writesSeen = -1;
    let writesChangedAt = Date.now();
    const earliestEnd = lastStoredAt + DEFAULT_SYNC_TUNING.autoSyncMaxWaitMs + 1_000;
    for (;;) {
      const now = Date.now();
      if (!allInSync()) lastNotInSyncAt = now;
      const writes = userWriteCount(await callCounts(sim));
      if (writes !== writesSeen) {
        writesSeen = writes;
        writesChangedAt = now;
      }
      if (now >= earliestEnd && now - writesChangedAt >= SETTLED_QUIET_MS && now - lastNotInSyncAt >= SETTLED_QUIET_MS) break;
      if (now - lastStoredAt > 600_000) throw new Error('the devices did not settle within 10 minutes of the last edit');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const after = await callCounts(sim);
    const cpu = process.cpuUsage(cpuBefore);
    const cpuMs = Math.round((cpu.user + cpu.system) / 1000 + ((sim.cpuMs() ?? 0) - simCpuBefore));

    const users = await masterUsers(database.store);
    const shown = (deviceId: number): string => JSON.stringify(running.registry.get(`${BENCH_GATEWAY}/${deviceId}`)?.sync);
    const usersPerDevice = await verifyDevices(client, deviceIds, users, CAPABILITIES, shown);
    // The devices were read after the run settled; unchanged write counts prove that what was
    // read is what they held from the last write timed below.
    const afterVerification = await callCounts(sim);
    if (userWriteCount(afterVerification) !== userWriteCount(after)) throw new Error('the console wrote to the devices while they were being verified: the run had not settled');

    const calls = callsBetween(before, after);
    const lastWriteAt = lastUserWriteAnsweredAt(after);
    return {
      run: {
        edits: editor.counts,
        editWindowMs: lastStoredAt - firstSentAt,
        calls,
        userWriteCalls: userWriteCount(after) - userWriteCount(before),
        userWriteDevices: userWriteDevices(calls),
        convergenceMs: lastWriteAt - lastStoredAt,
        shownInSyncMs: lastNotInSyncAt - lastStoredAt,
        cpuMs,
        devicesVerified: deviceIds.length,
        usersPerDevice,
      },
      users,
    };
  } finally {
    await core?.stop();
    await database.close();
  }
}

/**
 * The operator: edits through the core's request handlers (the path the UI's saveUser and
 * deleteUsers take), on users picked by a seeded generator so every repeat makes the same edits.
 * Mostly renames, then card changes and group changes, about 2 % adds and 2 % deletes.
 */
class Editor {
  readonly counts: Record<EditKind, number> = { rename: 0, card: 0, groups: 0, add: 0, delete: 0 };
  private readonly random = seededRandom(4);
  private readonly byId = new Map<string, User>();
  /** IDs of the users that exist, for picking one at random. */
  private readonly ids: string[] = [];
  private nextCard = FIRST_EDIT_CARD;

  constructor(
    private readonly core: ConsoleCore,
    users: readonly User[],
    private nextId: number,
  ) {
    for (const user of users) {
      this.byId.set(user.id, user);
      this.ids.push(user.id);
    }
  }

  /**
   * Sends edit i at i × window / edits after the first, without waiting for the previous one to
   * be stored (an operator's next edit does not wait for the database either); resolves when all
   * are stored, with when the first was sent and the last was stored (epoch ms).
   */
  async runEvenly(edits: number, windowMs: number): Promise<{ firstSentAt: number; lastStoredAt: number }> {
    const firstSentAt = Date.now();
    let lastStoredAt = firstSentAt;
    const pending: Promise<void>[] = [];
    for (let i = 0; i < edits; i++) {
      const due = firstSentAt + (i * windowMs) / edits;
      const wait = due - Date.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      pending.push(
        this.edit().then(() => {
          lastStoredAt = Math.max(lastStoredAt, Date.now());
        }),
      );
    }
    await Promise.all(pending);
    return { firstSentAt, lastStoredAt };
  }

  private async edit(): Promise<void> {
    const roll = this.random();
    if (roll < 0.02) return this.add();
    if (roll < 0.04) return this.delete();
    const user = this.pickUser();
    if (roll < 0.7) {
      this.counts.rename += 1;
      return this.save({ ...user, name: `Employee ${user.id} (renamed ${this.counts.rename})` });
    }
    if (roll < 0.85) {
      this.counts.card += 1;
      return this.save({ ...user, cards: [{ type: 1, data: cardNumber(this.nextCard++) }] });
    }
    this.counts.groups += 1;
    return this.save({ ...user, accessGroupIds: user.accessGroupIds.includes(2) ? [1] : [1, 2] });
  }

  private async add(): Promise<void> {
    this.counts.add += 1;
    const [user] = benchUsers(1, FINGERS, this.nextId++);
    if (!user) throw new Error('benchUsers made no user');
    this.ids.push(user.id);
    return this.save(user, true);
  }

  private async delete(): Promise<void> {
    this.counts.delete += 1;
    const index = Math.floor(this.random() * this.ids.length);
    const id = this.ids[index];
    if (id === undefined) throw new Error('no user left to delete');
    // Swap-remove: the order of `ids` does not matter, only that a deleted user is not edited again.
    this.ids[index] = this.ids[this.ids.length - 1] ?? id;
    this.ids.pop();
    this.byId.delete(id);
    await this.core.handlers.deleteUsers({ ids: [id] });
  }

  private pickUser(): User {
    const user = this.byId.get(this.ids[Math.floor(this.random() * this.ids.length)] ?? '');
    if (!user) throw new Error('picked a user that is not there');
    return user;
  }

  private async save(user: User, createOnly = false): Promise<void> {
    // Remembered before the answer, so the next edit of this user builds on this one, as the
    // operator's form would once the list shows the change.
    this.byId.set(user.id, user);
    const result = await this.core.handlers.saveUser({ user, createOnly });
    if (!result.stored) throw new Error(`the console refused an edit of user ${user.id}: ${JSON.stringify(result.problems)}`);
  }
}

function describeEdits(counts: Record<EditKind, number> | undefined): string {
  if (!counts) return '';
  return `${counts.rename} renames, ${counts.card} card changes, ${counts.groups} group changes, ${counts.add} adds, ${counts.delete} deletes`;
}

async function enrollOneByOne(client: GatewayClient, deviceId: number, users: readonly UserInfo[]): Promise<void> {
  for (const user of users) await client.user.enroll(deviceId, [user], true);
}

import type { Store } from '../electron/core/store/store';
import { recordHash } from '../electron/core/sync/recordHash';
import { desiredRecord, toUserInfo } from '../electron/core/sync/userInfoCodec';
import { userToJson, type UserJson } from '../electron/sim/userJson';
import type { DeviceCapabilities } from '../shared/domain/deviceRecord';
import type { User } from '../shared/domain/user';
import { benchUsers } from './benchSupport';
import type { SimChild } from './simChild';

/**
 * A burst of enrollments made *at* the devices (issue 5: a site enrolls a whole shift at its
 * readers), driven through the virtual gateway's control API, and a watch on how far the console
 * has taken them. Shared by the device-origin bench and the UI-frames bench's `--scenario
 * device-origin`, so both measure the same burst.
 */

/** BioStation 2, the model every bench device is: cards and fingerprints, no faces. */
export const BURST_DEVICE_MODEL = 'BioStation 2';
export const BURST_CAPABILITIES: DeviceCapabilities = { cards: true, fingerprints: true, faces: false };
/** Samples that may fail in a row (each after the Store's 30 s) before the watch gives up. */
const MAX_FAILED_SAMPLES = 5;
/** Users per control request: each is about 1.3 kB of JSON and the control API takes 1 MB a body. */
const USERS_PER_REQUEST = 400;

/** A person enrolled at a reader: one card (unique, like every bench user's) and one fingerprint. */
export function burstUsers(count: number, firstId: number): User[] {
  return benchUsers(count, 1, firstId);
}

/** The record a device stores for `user`, as the control API takes it. */
function enrollmentJson(user: User): UserJson {
  const record = desiredRecord(user, BURST_CAPABILITIES);
  if (!record) throw new Error(`user ${user.id} has nothing a ${BURST_DEVICE_MODEL} stores`);
  return userToJson(toUserInfo(record));
}

/** The hash of what was enrolled for each user: the master copy's projection must come out equal (nothing lost or altered). */
export function enrolledHashes(users: readonly User[]): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const user of users) {
    const record = desiredRecord(user, BURST_CAPABILITIES);
    if (record) hashes.set(user.id, recordHash(record));
  }
  return hashes;
}

export interface BurstTiming {
  enrolled: number;
  /** The gateway's clock (this machine's): the first and the last enrollment of the burst, epoch ms. */
  firstAt: number;
  lastAt: number;
}

/**
 * Enrolls `users` at the devices, spread evenly over `windowMs` and over the devices: user i goes
 * to device i mod n, at i × windowMs / users.length after the start. The gateway paces each
 * device's share itself (`POST /devices/{id}/enroll` with a spread), so this driver sends a few
 * requests per device instead of one per user: at 500 enrollments a second, one HTTP request
 * each would be part of what is measured. Device d's share starts d × windowMs / users.length
 * in, so the devices take turns rather than enrolling in step.
 */
export async function enrollAtDevices(sim: SimChild, deviceIds: readonly number[], users: readonly User[], windowMs: number): Promise<BurstTiming> {
  const intervalMs = windowMs / Math.max(users.length, 1);
  const started = Date.now();
  const shares = deviceIds.map((deviceId, d) => ({ deviceId, d, users: users.filter((_, i) => i % deviceIds.length === d) }));
  const timings = await Promise.all(
    shares.map(async ({ deviceId, d, users: share }) => {
      const answers: BurstTiming[] = [];
      for (let first = 0; first < share.length; first += USERS_PER_REQUEST) {
        const part = share.slice(first, first + USERS_PER_REQUEST);
        // The share's k-th user is the burst's (d + k·n)-th: due at that many intervals after the start.
        const dueAt = started + (d + first * deviceIds.length) * intervalMs;
        const wait = dueAt - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        const spreadMs = Math.round(part.length * deviceIds.length * intervalMs);
        answers.push((await sim.control('POST', `/devices/${deviceId}/enroll`, { users: part.map(enrollmentJson), spreadMs })) as BurstTiming);
      }
      return answers;
    }),
  );
  const answers = timings.flat();
  return {
    enrolled: answers.reduce((sum, answer) => sum + answer.enrolled, 0),
    firstAt: Math.min(...answers.map((answer) => answer.firstAt)),
    lastAt: Math.max(...answers.map((answer) => answer.lastAt)),
  };
}

/** Where the console stands with the burst, as sampled. */
export interface BurstProgress {
  /** Users in the master copy. */
  stored: number;
  /** The user count of the device holding fewest. */
  leastOnADevice: number;
  /** The devices' user counts, summed. */
  onDevices: number;
}

/**
 * Samples, every `everyMs`, the master copy's user count (Store.users.count through the database
 * host) and every device's user count (the gateway's `GET /devices`), and notes when each first
 * reached `wanted`: every user in the database, every user on every device. The samples cost a
 * count in the database host and one small HTTP request; their resolution is `everyMs`.
 */
export class BurstWatch {
  inDatabaseAt: number | null = null;
  onEveryDeviceAt: number | null = null;
  /** The last time the master copy's or any device's user count moved (epoch ms). */
  lastProgressAt = Date.now();
  /** Why sampling stopped early (the database host did not answer), if it did. */
  failure: Error | null = null;
  latest: BurstProgress = { stored: 0, leastOnADevice: 0, onDevices: 0 };
  /** Resolves once the first sample is in (or sampling gave up), so `latest` is no placeholder. */
  readonly firstSample: Promise<void>;
  private running = true;
  private readonly loop: Promise<void>;
  private sampled: () => void = () => undefined;

  constructor(
    private readonly store: Store,
    private readonly sim: SimChild,
    private readonly deviceIds: readonly number[],
    private readonly wanted: number,
    private readonly everyMs = 100,
  ) {
    this.firstSample = new Promise((resolve) => {
      this.sampled = resolve;
    });
    this.loop = this.run();
  }

  get done(): boolean {
    return this.inDatabaseAt !== null && this.onEveryDeviceAt !== null;
  }

  /** When every user was in the database and on every device (epoch ms), once both are true. */
  get doneAt(): number | null {
    return this.inDatabaseAt !== null && this.onEveryDeviceAt !== null ? Math.max(this.inDatabaseAt, this.onEveryDeviceAt) : null;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async run(): Promise<void> {
    let failedInARow = 0;
    while (this.running) {
      try {
        await this.sample();
        failedInARow = 0;
        this.sampled();
      } catch (error) {
        // A database host far behind (a request unanswered for 30 s) is what a slow console does
        // to it; the sample is skipped. Only a host that stays silent ends the run, with its reason.
        failedInARow += 1;
        if (failedInARow >= MAX_FAILED_SAMPLES) {
          this.failure = error instanceof Error ? error : new Error(String(error));
          this.sampled();
          return;
        }
      }
      await new Promise((resolve) => setTimeout(resolve, this.everyMs));
    }
  }

  private async sample(): Promise<void> {
    const [stored, listed] = await Promise.all([this.store.users.count(), this.sim.control('GET', '/devices') as Promise<{ deviceID: number; userCount: number }[]>]);
    const now = Date.now();
    const watched = new Set(this.deviceIds);
    const counts = listed.filter((device) => watched.has(device.deviceID)).map((device) => device.userCount);
    const leastOnADevice = counts.length === watched.size ? Math.min(...counts) : 0;
    const onDevices = counts.reduce((sum, count) => sum + count, 0);
    if (stored !== this.latest.stored || onDevices !== this.latest.onDevices) this.lastProgressAt = now;
    this.latest = { stored, leastOnADevice, onDevices };
    if (stored >= this.wanted) this.inDatabaseAt ??= now;
    if (leastOnADevice >= this.wanted) this.onEveryDeviceAt ??= now;
  }

}

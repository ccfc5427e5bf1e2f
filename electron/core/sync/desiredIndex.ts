import { type DeviceCapabilities, type DeviceUserRecord } from '../../../shared/domain/deviceRecord';
import { recordHash } from './recordHash';
import type { User } from '../../../shared/domain/user';
import type { Store } from '../store/store';
import { capabilitiesKey } from './deviceProfile';
import { addPair, digestOf, emptyDigest, removePair, type SetDigest } from './setDigest';
import { desiredRecord } from './userInfoCodec';

/** What the console expects a device of one profile to hold for one user: the record's hash and its header counts. */
export interface DesiredEntry {
  hash: string;
  fingerprint?: string;
  cards: number;
  fingers: number;
  faces: number;
}

export type DesiredEntries = ReadonlyMap<string, DesiredEntry>;

export function desiredEntry(record: DeviceUserRecord): DesiredEntry {
  return {
    hash: recordHash(record),
    cards: record.cards.length,
    fingers: record.fingers.length,
    faces: record.faces.length,
  };
}

/**
 * A profile's entries that keep the digest of their (ID, hash) pairs current on every change,
 * so "is this journal exactly the desired state" costs O(1) for a device that holds every user.
 */
export class DigestedEntries extends Map<string, DesiredEntry> {
  readonly digest: SetDigest = emptyDigest();

  override set(id: string, entry: DesiredEntry): this {
    const previous = super.get(id);
    if (previous) removePair(this.digest, id, previous.hash);
    addPair(this.digest, id, entry.hash);
    return super.set(id, entry);
  }

  override delete(id: string): boolean {
    const previous = super.get(id);
    if (previous) removePair(this.digest, id, previous.hash);
    return super.delete(id);
  }
}

/** The digest of a device's desired (ID, hash) pairs, comparable with a journal's. */
export function desiredDigest(entries: DesiredEntries): SetDigest {
  if (entries instanceof DigestedEntries) return entries.digest;
  return digestOf(pairsOf(entries));
}

function* pairsOf(entries: DesiredEntries): Iterable<[string, string]> {
  for (const [id, entry] of entries) yield [id, entry.hash];
}

const SCAN_BATCH = 2_000;
/** Changed users read per request (see applyUserChanges). */
export const CHANGE_READ_BATCH = 500;

/**
 * The desired record of every enabled user, per device profile, as hashes and header counts
 * only: 100,000 users cost a few megabytes per profile, not the gigabytes their templates
 * would. Records themselves are read from the Store when they are written.
 *
 * A profile is computed (one scan of the users) the first time a device of that profile shows
 * up, and kept current by applyUserChanges. Builds and changes run one at a time, in order, so
 * a change committed during a build is never lost or applied out of order.
 */
export class DesiredIndex {
  private readonly profiles = new Map<string, { capabilities: DeviceCapabilities; entries: DigestedEntries }>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: Store) {}

  /** Every user that belongs on a device with these capabilities, by ID. */
  forCapabilities(capabilities: DeviceCapabilities): Promise<DesiredEntries> {
    const key = capabilitiesKey(capabilities);
    const known = this.profiles.get(key);
    if (known) return Promise.resolve(known.entries);
    return this.serialized(async () => {
      const built = this.profiles.get(key);
      if (built) return built.entries;
      const entries = new DigestedEntries();
      for await (const users of this.store.users.scan(SCAN_BATCH)) {
        for (const user of users) setEntry(entries, user.id, user, capabilities);
      }
      this.profiles.set(key, { capabilities, entries });
      return entries;
    });
  }

  /**
   * Re-projects the given users (changed or deleted in the Store) into every known profile. The
   * records are read `CHANGE_READ_BATCH` at a time: an import stores 5,000 users per write, and
   * 5,000 whole records (templates included, about 11 MB) read at once outlive the young
   * generation while they are hashed, so each import batch left that much garbage in the old
   * generation of the main process (docs/BENCHMARKS.md, main-process memory).
   */
  applyUserChanges(ids: readonly string[]): Promise<void> {
    return this.serialized(async () => {
      if (this.profiles.size === 0 || ids.length === 0) return;
      for (let start = 0; start < ids.length; start += CHANGE_READ_BATCH) {
        const chunk = ids.slice(start, start + CHANGE_READ_BATCH);
        const users = await this.store.users.get(chunk);
        chunk.forEach((id, position) => {
          for (const { capabilities, entries } of this.profiles.values()) setEntry(entries, id, users[position], capabilities);
        });
      }
    });
  }

  /** Forgets every profile (another database took over): the next request builds it anew from the Store. */
  reset(): Promise<void> {
    return this.serialized(async () => {
      this.profiles.clear();
    });
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function setEntry(entries: Map<string, DesiredEntry>, id: string, user: User | undefined, capabilities: DeviceCapabilities): void {
  const record = user ? desiredRecord(user, capabilities) : null;
  if (record) entries.set(id, desiredEntry(record));
  else entries.delete(id);
}

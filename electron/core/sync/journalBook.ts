import type { Store } from '../store/store';
import type { DesiredEntries } from './desiredIndex';
import { digestOf, emptyDigest, removePair, type SetDigest } from './setDigest';

/**
 * One batch of journal entries, with the digest of its written pairs computed once: the same
 * batch is often recorded for 50 devices.
 */
export interface JournalChange {
  written: ReadonlyMap<string, string>;
  removed: readonly string[];
  writtenDigest: SetDigest;
}

/** A device whose journal a write reaches, with what its journal held before (see record). */
export interface JournalTarget {
  deviceId: number;
  previous: ReadonlyMap<string, string> | null;
}

export function journalChange(written: ReadonlyMap<string, string>, removed: readonly string[] = []): JournalChange {
  return { written, removed, writtenDigest: digestOf(written) };
}

/**
 * The journal's values for `ids` now, as a snapshot: the job updates the journal digest with
 * them, and the desired entries (which stand in for a journal known to equal them) may change
 * while it runs.
 */
export function journalValues(journal: ReadonlyMap<string, string> | 'equals-desired', desired: DesiredEntries, ids: readonly string[]): Map<string, string> {
  const values = new Map<string, string>();
  if (journal !== 'equals-desired' && journal.size === 0) return values;
  for (const id of ids) {
    const value = journal === 'equals-desired' ? desired.get(id)?.hash : journal.get(id);
    if (value !== undefined) values.set(id, value);
  }
  return values;
}

/**
 * The engine's way to the device journals (Store.journal), keeping a digest of each device's
 * journal in memory. The engine is the journal's only writer while it runs, so after one read
 * the digest follows every write exactly, and a reconnect check can tell "journal equals the
 * desired state" without reading 100,000 rows from the database. A write whose previous values
 * the caller does not know, or that fails, makes the digest unknown: the next check reads the
 * journal again. Nothing is inferred while a write is still in flight.
 */
export class JournalBook {
  private readonly digests = new Map<number, SetDigest>();
  private readonly pending = new Map<number, number>();
  /** Writes begun per device, ever: a read knows whether one started while it was out. */
  private readonly writes = new Map<number, number>();

  constructor(private readonly store: Store) {}

  async read(deviceId: number): Promise<Map<string, string>> {
    const writesBefore = this.writes.get(deviceId) ?? 0;
    const journal = await this.store.journal.read(deviceId);
    // A write that began (and perhaps ended) while this read was on its way may be missing from
    // what came back: then the digest stays unknown rather than older than the journal.
    if (!this.pending.get(deviceId) && (this.writes.get(deviceId) ?? 0) === writesBefore) this.digests.set(deviceId, digestOf(journal));
    return journal;
  }

  /**
   * The device's journal, read without touching the digest: for a look from outside the device's
   * jobs (a preview), which may overlap a write and so must not set what the next check trusts.
   */
  peek(deviceId: number): Promise<Map<string, string>> {
    return this.store.journal.read(deviceId);
  }

  /** The digest of the device's journal, when it is known and no write is in flight. */
  knownDigest(deviceId: number): SetDigest | undefined {
    return this.pending.get(deviceId) ? undefined : this.digests.get(deviceId);
  }

  /**
   * Records a batch the device confirmed. With `previous` (the journal's values before this
   * write, at least for every ID written or removed that it held) the digest stays known.
   */
  async record(deviceId: number, change: JournalChange, previous: ReadonlyMap<string, string> | null): Promise<void> {
    await this.recordMany([{ deviceId, previous }], change);
  }

  /** Records a batch every device of `targets` confirmed, in one write to the database. */
  async recordMany(targets: readonly JournalTarget[], change: JournalChange): Promise<void> {
    const { written, removed } = change;
    if (targets.length === 0 || (written.size === 0 && removed.length === 0)) return;
    for (const { deviceId, previous } of targets) this.follow(deviceId, change, previous);
    for (const { deviceId } of targets) {
      this.pending.set(deviceId, (this.pending.get(deviceId) ?? 0) + 1);
      this.writes.set(deviceId, (this.writes.get(deviceId) ?? 0) + 1);
    }
    try {
      await this.store.journal.record(
        targets.map((target) => target.deviceId),
        written,
        removed,
      );
    } catch (error) {
      for (const { deviceId } of targets) this.digests.delete(deviceId);
      throw error;
    } finally {
      for (const { deviceId } of targets) this.pending.set(deviceId, (this.pending.get(deviceId) ?? 1) - 1);
    }
  }

  /** Moves the device's digest along with a write, or forgets it when the write cannot be followed. */
  private follow(deviceId: number, change: JournalChange, previous: ReadonlyMap<string, string> | null): void {
    const { written, removed, writtenDigest } = change;
    const digest = this.digests.get(deviceId);
    if (!digest || !previous) {
      this.digests.delete(deviceId);
      return;
    }
    if (previous.size > 0) {
      for (const id of removed) {
        const before = previous.get(id);
        if (before !== undefined) removePair(digest, id, before);
      }
      for (const id of written.keys()) {
        const before = previous.get(id);
        if (before !== undefined) removePair(digest, id, before);
      }
    }
    digest.count += writtenDigest.count;
    digest.a = (digest.a + writtenDigest.a) >>> 0;
    digest.b = (digest.b + writtenDigest.b) >>> 0;
  }

  /**
   * Forgets every digest (another database took over, with journals of its own): the next
   * check of each device reads its journal. A write in flight keeps it unknown until it ends.
   */
  forgetAll(): void {
    this.digests.clear();
  }

  async clear(deviceId: number): Promise<void> {
    this.writes.set(deviceId, (this.writes.get(deviceId) ?? 0) + 1);
    this.digests.delete(deviceId);
    await this.store.journal.clear(deviceId);
    this.digests.set(deviceId, emptyDigest());
  }
}

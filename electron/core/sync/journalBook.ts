import type { Store } from '../store/store';
import { addPair, digestOf, emptyDigest, removePair, type SetDigest } from './setDigest';

/** The journal value a device had for a user before a write, when the caller knows it. */
export type PreviousHash = (userId: string) => string | undefined;

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

  constructor(private readonly store: Store) {}

  async read(deviceId: number): Promise<Map<string, string>> {
    const journal = await this.store.journal.read(deviceId);
    if (!this.pending.get(deviceId)) this.digests.set(deviceId, digestOf(journal));
    return journal;
  }

  /** The digest of the device's journal, when it is known and no write is in flight. */
  knownDigest(deviceId: number): SetDigest | undefined {
    return this.pending.get(deviceId) ? undefined : this.digests.get(deviceId);
  }

  /**
   * Records a batch the device confirmed. With `previous` (the journal's values before this
   * write, for every ID written or removed) the digest stays known.
   */
  async record(deviceId: number, written: ReadonlyMap<string, string>, removed: readonly string[], previous: PreviousHash | null): Promise<void> {
    if (written.size === 0 && removed.length === 0) return;
    const digest = this.digests.get(deviceId);
    if (digest && previous) {
      for (const id of removed) {
        const before = previous(id);
        if (before !== undefined) removePair(digest, id, before);
      }
      for (const [id, hash] of written) {
        const before = previous(id);
        if (before !== undefined) removePair(digest, id, before);
        addPair(digest, id, hash);
      }
    } else {
      this.digests.delete(deviceId);
    }
    this.pending.set(deviceId, (this.pending.get(deviceId) ?? 0) + 1);
    try {
      await this.store.journal.record(deviceId, written, removed);
    } catch (error) {
      this.digests.delete(deviceId);
      throw error;
    } finally {
      this.pending.set(deviceId, (this.pending.get(deviceId) ?? 1) - 1);
    }
  }

  async clear(deviceId: number): Promise<void> {
    this.digests.delete(deviceId);
    await this.store.journal.clear(deviceId);
    this.digests.set(deviceId, emptyDigest());
  }
}

import type { PortcullisDatabase } from './schema';

/**
 * Who holds which card, in memory: the cardOwners table, read once when a database host starts
 * serving and kept in step with every write it commits. Checking a batch of users against it
 * costs no IndexedDB request; in Chromium each request is a round trip to the browser process,
 * and two per user (owner lookup, previous cards) made a bulk write several times slower.
 *
 * It is only right while this host is the single writer, which is why each served connection
 * loads its own (a dev/test host tab that loses the socket may be replaced by another tab that
 * writes). As a second line, newly claimed cards are *added* to cardOwners, never overwritten:
 * if the index were ever stale, IndexedDB refuses the write instead of moving a card.
 */
export class CardIndex {
  private readonly owners = new Map<string, string>();
  private readonly cards = new Map<string, string[]>();

  static async load(db: PortcullisDatabase): Promise<CardIndex> {
    const index = new CardIndex();
    for (const row of await db.cardOwners.toArray()) index.claim(row.userId, row.key);
    return index;
  }

  ownerOf(key: string): string | undefined {
    return this.owners.get(key);
  }

  keysOf(userId: string): readonly string[] {
    return this.cards.get(userId) ?? [];
  }

  /** After a commit: `userId` now holds exactly `keys` (none when it was deleted). */
  set(userId: string, keys: readonly string[]): void {
    for (const key of this.keysOf(userId)) {
      if (this.owners.get(key) === userId) this.owners.delete(key);
    }
    this.cards.delete(userId);
    for (const key of keys) this.claim(userId, key);
  }

  private claim(userId: string, key: string): void {
    this.owners.set(key, userId);
    const held = this.cards.get(userId);
    if (held) held.push(key);
    else this.cards.set(userId, [key]);
  }
}

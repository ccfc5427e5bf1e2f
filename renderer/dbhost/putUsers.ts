import type { UserIdPolicy } from '../../shared/limits';
import { chunk } from '../../shared/db/batches';
import type { PutResultMessage } from '../../shared/db/protocol';
import { cardKey, userProblems, type User, type UserProblem } from '../../shared/domain/user';
import type { CardIndex } from './cardIndex';
import { WRITE_CHUNK, type CardOwnerRow, type PortcullisDatabase } from './schema';

type Refused = PutResultMessage['refused'][number];

/**
 * users.put: validates every candidate (shared/domain/user.ts), checks that each card belongs
 * to one user only (against the stored users and within the batch, through `cards`), then
 * stores the accepted users and their card owners in one transaction. Refused candidates
 * store nothing and are reported with every reason, in the order they came.
 *
 * The batch is applied in order: a user that drops a card frees it for a user after it in the
 * same batch, not for one before it. A user listed twice is refused the second time.
 */
export async function putUsers(db: PortcullisDatabase, cards: CardIndex, candidates: readonly unknown[], policy: UserIdPolicy): Promise<PutResultMessage> {
  const refused: (Refused & { index: number })[] = [];
  const valid: { user: User; index: number; keys: string[] }[] = [];
  const seen = new Set<string>();
  candidates.forEach((candidate, index) => {
    const problems = userProblems(candidate, policy);
    if (problems.length > 0) {
      refused.push({ index, id: idOf(candidate), problems });
      return;
    }
    // userProblems parsed it with a strict schema: it is exactly a User, with no other keys.
    const user = candidate as User;
    if (seen.has(user.id)) {
      refused.push({ index, id: user.id, problems: [{ field: 'id', message: `user ${user.id} is listed twice in this batch` }] });
      return;
    }
    seen.add(user.id);
    valid.push({ user, index, keys: user.cards.map(cardKey) });
  });

  // This batch's own changes, over the committed index: key → holder (null once freed).
  const batchOwners = new Map<string, string | null>();
  const ownerOf = (key: string): string | undefined => (batchOwners.has(key) ? (batchOwners.get(key) ?? undefined) : cards.ownerOf(key));
  const holdings = new Map<string, readonly string[]>();
  const stored: User[] = [];
  const released: string[] = [];
  const claimed: CardOwnerRow[] = [];
  for (const { user, index, keys } of valid) {
    const problems: UserProblem[] = [];
    keys.forEach((key, cardIndex) => {
      const owner = ownerOf(key);
      if (owner === undefined || owner === user.id) return;
      const where = batchOwners.has(key) ? ' (earlier in this batch)' : '';
      problems.push({ field: `cards.${cardIndex}`, message: `this card already belongs to user ${owner}${where}` });
    });
    if (problems.length > 0) {
      refused.push({ index, id: user.id, problems });
      continue;
    }
    const before = cards.keysOf(user.id);
    for (const key of before) {
      if (keys.includes(key)) continue;
      released.push(key);
      batchOwners.set(key, null);
    }
    for (const key of keys) {
      if (!before.includes(key)) claimed.push({ key, userId: user.id });
      batchOwners.set(key, user.id);
    }
    holdings.set(user.id, keys);
    stored.push(user);
  }

  if (stored.length > 0) {
    await db.transaction('rw', db.users, db.cardOwners, async () => {
      // Releases first: a card freed by one user may be claimed by another of this batch.
      for (const part of chunk(released, WRITE_CHUNK)) await db.cardOwners.bulkDelete(part);
      // Added, not put: a card held by someone else makes IndexedDB refuse the whole write.
      for (const part of chunk(claimed, WRITE_CHUNK)) await db.cardOwners.bulkAdd(part);
      for (const part of chunk(stored, WRITE_CHUNK)) await db.users.bulkPut(part);
    });
    for (const [userId, keys] of holdings) cards.set(userId, keys);
  }
  refused.sort((a, b) => a.index - b.index);
  return { stored: stored.map((user) => user.id), refused: refused.map(({ id, problems }) => ({ id, problems })) };
}

/** The ID a refused candidate claims, for the report; '' when it has none. */
function idOf(candidate: unknown): string {
  if (typeof candidate !== 'object' || candidate === null || !('id' in candidate)) return '';
  return typeof candidate.id === 'string' ? candidate.id.slice(0, 64) : '';
}

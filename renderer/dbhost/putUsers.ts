import type { UserIdPolicy } from '../../shared/limits';
import { chunk } from '../../shared/db/batches';
import type { PutResultMessage } from '../../shared/db/protocol';
import { cardKey, userExistsProblem, userProblems, type User, type UserProblem } from '../../shared/domain/user';
import type { CardIndex } from './cardIndex';
import { WRITE_CHUNK, type CardOwnerRow, type PortcullisDatabase } from './schema';

type Refused = PutResultMessage['refused'][number] & { index: number };
interface Candidate {
  user: User;
  index: number;
  keys: string[];
}

export interface PutUsersOptions {
  policy: UserIdPolicy;
  /** Refuse a user whose ID is already stored instead of replacing it. */
  createOnly: boolean;
}

/**
 * users.put: validates every candidate (shared/domain/user.ts), checks that each card belongs
 * to one user only (against the stored users and within the batch, through `cards`), then
 * stores the accepted users and their card owners in one transaction. Refused candidates
 * store nothing and are reported with every reason, in the order they came.
 *
 * The batch is applied in order: a user that drops a card frees it for a user after it in the
 * same batch, not for one before it. A user listed twice is refused the second time.
 *
 * With `createOnly` the stored IDs are read inside the same transaction that writes, and the
 * users are added rather than put, so an ID taken by another writer is refused, never replaced.
 */
export async function putUsers(db: PortcullisDatabase, cards: CardIndex, candidates: readonly unknown[], options: PutUsersOptions): Promise<PutResultMessage> {
  const refused: Refused[] = [];
  const valid = validCandidates(candidates, options.policy, refused);
  let stored: User[] = [];
  if (valid.length > 0) {
    const plan = await db.transaction('rw', db.users, db.cardOwners, async () => {
      const fresh = options.createOnly ? await withoutStoredIds(db, valid, refused) : valid;
      const plan = planCards(fresh, cards, refused);
      // Releases first: a card freed by one user may be claimed by another of this batch.
      for (const part of chunk(plan.released, WRITE_CHUNK)) await db.cardOwners.bulkDelete(part);
      // Added, not put: a card held by someone else makes IndexedDB refuse the whole write.
      for (const part of chunk(plan.claimed, WRITE_CHUNK)) await db.cardOwners.bulkAdd(part);
      for (const part of chunk(plan.stored, WRITE_CHUNK)) await (options.createOnly ? db.users.bulkAdd(part) : db.users.bulkPut(part));
      return plan;
    });
    for (const [userId, keys] of plan.holdings) cards.set(userId, keys);
    stored = plan.stored;
  }
  refused.sort((a, b) => a.index - b.index);
  return { stored: stored.map((user) => user.id), refused: refused.map(({ id, problems }) => ({ id, problems })) };
}

/** The candidates that are valid users, each ID once; the others go to `refused`. */
function validCandidates(candidates: readonly unknown[], policy: UserIdPolicy, refused: Refused[]): Candidate[] {
  const valid: Candidate[] = [];
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
  return valid;
}

/** For a create-only put, inside its transaction: the candidates whose ID is not stored yet. */
async function withoutStoredIds(db: PortcullisDatabase, candidates: readonly Candidate[], refused: Refused[]): Promise<Candidate[]> {
  // Keys only: the stored records (templates, photos) are not needed to know they exist.
  const taken = new Set((await db.users.where(':id').anyOf(candidates.map(({ user }) => user.id)).primaryKeys()) as string[]);
  return candidates.filter(({ user, index }) => {
    if (!taken.has(user.id)) return true;
    refused.push({ index, id: user.id, problems: [userExistsProblem(user.id)] });
    return false;
  });
}

interface CardPlan {
  stored: User[];
  /** Card keys no longer held by their user. */
  released: string[];
  claimed: CardOwnerRow[];
  /** user ID → the card keys it holds once the write commits. */
  holdings: Map<string, readonly string[]>;
}

/** Which candidates may keep their cards, and the card-owner rows that change; the others go to `refused`. */
function planCards(candidates: readonly Candidate[], cards: CardIndex, refused: Refused[]): CardPlan {
  // This batch's own changes, over the committed index: key → holder (null once freed).
  const batchOwners = new Map<string, string | null>();
  const ownerOf = (key: string): string | undefined => (batchOwners.has(key) ? (batchOwners.get(key) ?? undefined) : cards.ownerOf(key));
  const plan: CardPlan = { stored: [], released: [], claimed: [], holdings: new Map() };
  for (const { user, index, keys } of candidates) {
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
      plan.released.push(key);
      batchOwners.set(key, null);
    }
    for (const key of keys) {
      if (!before.includes(key)) plan.claimed.push({ key, userId: user.id });
      batchOwners.set(key, user.id);
    }
    plan.holdings.set(user.id, keys);
    plan.stored.push(user);
  }
  return plan;
}

/** The ID a refused candidate claims, for the report; '' when it has none. */
function idOf(candidate: unknown): string {
  if (typeof candidate !== 'object' || candidate === null || !('id' in candidate)) return '';
  return typeof candidate.id === 'string' ? candidate.id.slice(0, 64) : '';
}

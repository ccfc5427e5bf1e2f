import type { UserIdPolicy } from '../../shared/limits';
import { chunk } from '../../shared/db/batches';
import type { PutResultMessage } from '../../shared/db/protocol';
import { cardKey, userProblems, type User, type UserProblem } from '../../shared/domain/user';
import { WRITE_CHUNK } from './refusal';
import type { CardOwnerRow, PortcullisDatabase } from './schema';

type Refused = PutResultMessage['refused'][number];

/**
 * users.put: validates every candidate (shared/domain/user.ts), then, in one transaction,
 * checks that each card belongs to one user only (against the stored users and within the
 * batch) and stores the accepted users with their card owners. Refused candidates store
 * nothing and are reported with every reason, in the order they came.
 *
 * The batch is applied in order: a user that drops a card frees it for a user after it in the
 * same batch, not for one before it. A user listed twice is refused the second time.
 */
export async function putUsers(db: PortcullisDatabase, candidates: readonly unknown[], policy: UserIdPolicy): Promise<PutResultMessage> {
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

  const stored: User[] = [];
  if (valid.length > 0) {
    await db.transaction('rw', db.users, db.cardOwners, async () => {
      const owners = await currentOwners(db, valid);
      const claimedInBatch = new Set<string>();
      const released: string[] = [];
      const claimed: CardOwnerRow[] = [];
      for (const { user, index, keys } of valid) {
        const problems: UserProblem[] = [];
        keys.forEach((key, cardIndex) => {
          const owner = owners.byKey.get(key);
          if (owner === undefined || owner === user.id) return;
          const where = claimedInBatch.has(key) ? ' (earlier in this batch)' : '';
          problems.push({ field: `cards.${cardIndex}`, message: `this card already belongs to user ${owner}${where}` });
        });
        if (problems.length > 0) {
          refused.push({ index, id: user.id, problems });
          continue;
        }
        for (const old of owners.byUser.get(user.id) ?? []) {
          if (keys.includes(old)) continue;
          released.push(old);
          if (owners.byKey.get(old) === user.id) owners.byKey.delete(old);
        }
        owners.byUser.set(user.id, keys);
        for (const key of keys) {
          owners.byKey.set(key, user.id);
          claimedInBatch.add(key);
          claimed.push({ key, userId: user.id });
        }
        stored.push(user);
      }
      // Releases first: a card freed by one user may be claimed by another of this batch.
      for (const part of chunk(released, WRITE_CHUNK)) await db.cardOwners.bulkDelete(part);
      for (const part of chunk(stored, WRITE_CHUNK)) await db.users.bulkPut(part);
      for (const part of chunk(claimed, WRITE_CHUNK)) await db.cardOwners.bulkPut(part);
    });
  }
  refused.sort((a, b) => a.index - b.index);
  return { stored: stored.map((user) => user.id), refused: refused.map(({ id, problems }) => ({ id, problems })) };
}

/**
 * Who owns the cards this batch names, and which cards the batch's users hold now: only the
 * small card-owner rows are read, never the user records.
 */
async function currentOwners(db: PortcullisDatabase, batch: readonly { user: User; keys: string[] }[]) {
  const wanted = [...new Set(batch.flatMap(({ keys }) => keys))];
  const byKey = new Map<string, string>();
  for (const row of await db.cardOwners.bulkGet(wanted)) if (row) byKey.set(row.key, row.userId);
  const byUser = new Map<string, string[]>();
  const held = await db.cardOwners.where('userId').anyOf(batch.map(({ user }) => user.id)).toArray();
  for (const row of held) {
    byUser.set(row.userId, [...(byUser.get(row.userId) ?? []), row.key]);
    byKey.set(row.key, row.userId);
  }
  return { byKey, byUser };
}

/** The ID a refused candidate claims, for the report; '' when it has none. */
function idOf(candidate: unknown): string {
  if (typeof candidate !== 'object' || candidate === null || !('id' in candidate)) return '';
  return typeof candidate.id === 'string' ? candidate.id.slice(0, 64) : '';
}

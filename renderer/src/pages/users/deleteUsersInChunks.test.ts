import { describe, expect, it } from 'vitest';
import { MAX_IDS_PER_REQUEST } from '../../../../shared/ipc/contract';
import { deleteUsersInChunks, PartialDeleteError, USERS_PER_DELETE } from './deleteUsersInChunks';

const idsUpTo = (count: number) => Array.from({ length: count }, (_, i) => String(i + 1));

describe('deleteUsersInChunks', () => {
  it('stays within the contract’s cap per request', () => {
    expect(USERS_PER_DELETE).toBeLessThanOrEqual(MAX_IDS_PER_REQUEST);
  });

  it('sends every ID once, in order, in requests of at most the chunk size, reporting progress', async () => {
    const requests: string[][] = [];
    const progress: number[] = [];
    await deleteUsersInChunks(
      async ({ ids }) => {
        requests.push(ids);
        return null;
      },
      idsUpTo(25_000),
      (done) => progress.push(done),
      10_000,
    );
    expect(requests.map((ids) => ids.length)).toEqual([10_000, 10_000, 5_000]);
    expect(requests.flat()).toEqual(idsUpTo(25_000));
    expect(progress).toEqual([10_000, 20_000, 25_000]);
  });

  it('stops at the first failure and says which users were deleted', async () => {
    let calls = 0;
    const failing = async () => {
      if (++calls === 2) throw new Error('the database host went away');
      return null;
    };
    const error = await deleteUsersInChunks(failing, idsUpTo(5), () => {}, 2).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(PartialDeleteError);
    expect((error as PartialDeleteError).deleted).toEqual(['1', '2']);
    expect((error as PartialDeleteError).notDeleted).toEqual(['3', '4', '5']);
    expect((error as PartialDeleteError).message).toBe('2 of 5 users were deleted before it stopped: the database host went away');
    expect(calls).toBe(2);
  });
});

import { MAX_IDS_PER_REQUEST } from '../../../../shared/ipc/contract';

/**
 * Users per deleteUsers request: half the contract's cap, so 100,000 users show progress in
 * twenty steps and each request is a short transaction on the database host.
 */
export const USERS_PER_DELETE = MAX_IDS_PER_REQUEST / 2;

/** A chunked delete that stopped part-way: `deleted` users are gone, `notDeleted` are not. */
export class PartialDeleteError extends Error {
  override readonly name = 'PartialDeleteError';
  constructor(
    readonly deleted: readonly string[],
    readonly notDeleted: readonly string[],
    cause: unknown,
  ) {
    const total = deleted.length + notDeleted.length;
    super(`${deleted.length} of ${total} users were deleted before it stopped: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * Deletes `ids` through the contract's deleteUsers, one request of at most USERS_PER_DELETE at a
 * time (the contract refuses more in one), reporting how many are done after each. One at a
 * time on purpose: the core and the database host apply writes in order anyway, and a failure
 * then leaves a clean "these went, those did not".
 */
export async function deleteUsersInChunks(
  deleteUsers: (args: { ids: string[] }) => Promise<null>,
  ids: readonly string[],
  onProgress: (deleted: number) => void,
  chunkSize = USERS_PER_DELETE,
): Promise<void> {
  for (let start = 0; start < ids.length; start += chunkSize) {
    const part = ids.slice(start, start + chunkSize);
    try {
      await deleteUsers({ ids: part });
    } catch (error) {
      throw new PartialDeleteError(ids.slice(0, start), ids.slice(start), error);
    }
    onProgress(start + part.length);
  }
}

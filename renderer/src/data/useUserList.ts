import type { User } from '../../../shared/domain/user';
import { blockRange, type RowWindow } from '../lib/windowRange';
import { useLiveQuery } from './useLiveQuery';
import { readUserListIds, type UserListIds } from './userListIds';
import type { UserSort } from './userOrder';
import type { UserSearch } from './userSearch';

/** Users are read in blocks of this many around the visible window. */
export const USER_BLOCK = 100;

export interface UserList {
  /** Rows in the list; null until first known. */
  total: number | null;
  /** Every row's user ID, in the list's order (for selection); null until first known. */
  ids: readonly string[] | null;
  /** The rows to render, [start, end). */
  window: RowWindow;
  /** A search matched more users than the list holds (MAX_SEARCH_MATCHES). */
  capped: boolean;
  /** The user at a list position, when its block is loaded. */
  rowAt(index: number): User | undefined;
  /** A new search or order is being read; the rows are still the previous list's. */
  pending: 'search' | 'sort' | null;
  /** Reading failed (no database yet, ...); retried by itself. */
  error: string | null;
}

/**
 * The users table's data, windowed: the IDs in the table's order (keys only: every user's, or
 * the search's matches) and then only the block of users around the rendered window — a few
 * hundred records, whatever the size of the site. Both stay live: a user saved or imported
 * elsewhere shows up without a reload.
 */
export function useUserList(search: UserSearch | null, sort: UserSort, windowFor: (total: number) => RowWindow): UserList {
  const searchText = search?.text ?? '';
  const indexKey = `users:${sort.key}:${sort.direction}:${searchText}`;
  const index = useLiveQuery<UserListIds & { searchText: string }>(indexKey, async (reader) => ({ ...(await readUserListIds(reader, search, sort)), searchText }));
  // While a new search or order is read, the previous list stays (no flash of an empty table).
  const current = index.value;
  const total = current === undefined ? null : current.ids.length;
  const window = windowFor(total ?? 0);
  const { offset, limit } = blockRange(window, USER_BLOCK);
  const ids = current?.ids.slice(offset, offset + limit) ?? null;
  const rowsKey = ids === null ? null : `rows:${offset}:${ids.join('\u0000')}`;
  const rows = useLiveQuery(rowsKey, async (reader) => ({ offset, users: ids === null ? [] : await reader.usersByIds(ids) }));

  const block = rows.value;
  return {
    total,
    ids: current?.ids ?? null,
    window,
    capped: current?.capped ?? false,
    rowAt: (i) => {
      if (block === undefined || current === undefined || i >= current.ids.length) return undefined;
      const user = block.users[i - block.offset];
      // A block of an earlier list (search, order, scroll) may still show while this one loads: match by ID.
      return user !== undefined && user.id === current.ids[i] ? user : undefined;
    },
    pending: index.key === null || index.key === indexKey ? null : current?.searchText !== searchText ? 'search' : 'sort',
    error: index.error ?? rows.error,
  };
}

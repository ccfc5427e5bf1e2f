import type { User } from '../../../shared/domain/user';
import { blockRange, type RowWindow } from '../lib/windowRange';
import { useLiveQuery } from './useLiveQuery';
import type { UserSearch } from './userSearch';

/** Users are read in blocks of this many around the visible window. */
export const USER_BLOCK = 100;

/** The list behind the table: every user (counted), or the IDs a search matched. */
type UserIndex = { kind: 'all'; total: number } | { kind: 'matches'; ids: string[]; capped: boolean };

export interface UserList {
  /** Rows in the list; null until first known. */
  total: number | null;
  /** The rows to render, [start, end). */
  window: RowWindow;
  /** A search matched more users than the list holds (MAX_SEARCH_MATCHES). */
  capped: boolean;
  /** The user at a list position, when its block is loaded. */
  rowAt(index: number): User | undefined;
  /** A new search is running; the rows are still the previous list's. */
  searching: boolean;
  /** Reading failed (no database yet, ...); retried by itself. */
  error: string | null;
}

/**
 * The users table's data, windowed: the count (or the search's matching IDs, keys only) and
 * then only the block of users around the rendered window — a few hundred records, whatever the size of
 * the site. Both stay live: a user saved or imported elsewhere shows up without a reload.
 */
export function useUserList(search: UserSearch | null, windowFor: (total: number) => RowWindow): UserList {
  const indexKey = search === null ? 'users:all' : `users:search:${search.text}`;
  const index = useLiveQuery<UserIndex>(indexKey, async (reader) =>
    search === null ? { kind: 'all', total: await reader.userCount() } : { kind: 'matches', ...(await reader.matchingUserIds(search)) },
  );
  // While a new search runs, the previous list stays (no flash of an empty table).
  const current = index.value;
  const total = current === undefined ? null : current.kind === 'all' ? current.total : current.ids.length;
  const window = windowFor(total ?? 0);
  const { offset, limit } = blockRange(window, USER_BLOCK);
  const ids = current?.kind === 'matches' ? current.ids.slice(offset, offset + limit) : null;
  const rowsKey = current === undefined ? null : ids === null ? `rows:all:${offset}:${limit}` : `rows:ids:${offset}:${ids.join('\u0000')}`;
  const rows = useLiveQuery(rowsKey, async (reader) => ({
    offset,
    users: ids === null ? await reader.usersPage(offset, limit) : await reader.usersByIds(ids),
  }));

  // Rows of an earlier search must not show under a new one: only use blocks of this index.
  const block = rows.key !== null && rows.key.startsWith(ids === null ? 'rows:all:' : 'rows:ids:') ? rows.value : undefined;
  return {
    total,
    window,
    capped: current?.kind === 'matches' && current.capped,
    rowAt: (i) => {
      if (block === undefined || (total !== null && i >= total)) return undefined;
      const user = block.users[i - block.offset];
      if (user === undefined) return undefined;
      // A block left from an earlier search may still show while this one loads: match by ID.
      if (current?.kind === 'matches' && current.ids[i] !== user.id) return undefined;
      return user;
    },
    searching: index.key !== null && index.key !== indexKey,
    error: index.error ?? rows.error,
  };
}

import type { MasterDataReader } from './masterReader';
import { inOrderOf, sortUserIds, type UserSort } from './userOrder';
import type { UserSearch } from './userSearch';

/** The IDs behind the users table, in the order shown. */
export interface UserListIds {
  ids: readonly string[];
  /** A search matched more users than `ids` holds (MAX_SEARCH_MATCHES). */
  capped: boolean;
}

/**
 * Every user's ID, or a search's matches, in the table's order: keys only, never records, so
 * 100,000 users cost one key read (and, by ID, a sort the reader skips when no ID came or went).
 * Matches arrive in string order; by ID they are sorted (at most 10,000), by name they are
 * picked from the name index's full order, which is cheaper than reading their records.
 */
export async function readUserListIds(reader: MasterDataReader, search: UserSearch | null, sort: UserSort): Promise<UserListIds> {
  let ascending: readonly string[];
  let capped = false;
  if (search === null) ascending = await reader.userIds(sort.key);
  else {
    const matches = await reader.matchingUserIds(search);
    capped = matches.capped;
    ascending = sort.key === 'id' ? sortUserIds(matches.ids) : inOrderOf(await reader.userIds('name'), matches.ids);
  }
  return { ids: sort.direction === 'asc' ? ascending : [...ascending].reverse(), capped };
}

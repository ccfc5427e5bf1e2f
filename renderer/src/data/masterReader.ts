import type { AccessGroup, AccessLevel, Door, Schedule, Zone } from '../../../shared/domain/access';
import type { User } from '../../../shared/domain/user';
import type { MasterDatabase } from './masterDb';
import { unionIds, type UserSearch } from './userSearch';

/**
 * Every read the pages make of the master copy. Each is one short IndexedDB query by index:
 * pages of users by primary key (never all users at once), search by index, small access
 * tables whole. Run inside `liveQuery` (useLiveQuery.ts) they re-run when the data changes.
 */
export interface MasterDataReader {
  userCount(): Promise<number>;
  /** Users in ID order, [offset, offset + limit). */
  usersPage(offset: number, limit: number): Promise<User[]>;
  /** IDs of the users a search matches, in ID order (keys only, no records). */
  matchingUserIds(search: UserSearch): Promise<string[]>;
  /** The users with these IDs, position for position (undefined where an ID is no longer stored). */
  usersByIds(ids: readonly string[]): Promise<(User | undefined)[]>;
  user(id: string): Promise<User | undefined>;
  accessGroups(): Promise<AccessGroup[]>;
  accessLevels(): Promise<AccessLevel[]>;
  schedules(): Promise<Schedule[]>;
  doors(): Promise<Door[]>;
  zones(): Promise<Zone[]>;
}

/** Search matches are capped so one keystroke cannot pull 100,000 keys twice over. */
export const MAX_SEARCH_MATCHES = 50_000;

export function createMasterDataReader(database: MasterDatabase): MasterDataReader {
  const { tables } = database;
  return {
    userCount: async () => (await tables()).users.count(),
    usersPage: async (offset, limit) => (await tables()).users.orderBy(':id').offset(offset).limit(limit).toArray(),
    matchingUserIds: async (search) => {
      const { users, cardOwners } = await tables();
      const [byId, byName, byCard] = await Promise.all([
        search.idPrefix === null ? [] : users.where(':id').startsWith(search.idPrefix).limit(MAX_SEARCH_MATCHES).primaryKeys(),
        search.namePrefix === null ? [] : users.where('name').startsWithIgnoreCase(search.namePrefix).limit(MAX_SEARCH_MATCHES).primaryKeys(),
        search.cardKeys.length === 0 ? [] : cardOwners.bulkGet(search.cardKeys),
      ]);
      const cardUsers = byCard.flatMap((owner) => (owner === undefined ? [] : [owner.userId]));
      return unionIds([byId, byName, cardUsers]).slice(0, MAX_SEARCH_MATCHES);
    },
    usersByIds: async (ids) => {
      if (ids.length === 0) return [];
      return (await tables()).users.bulkGet([...ids]);
    },
    user: async (id) => (await tables()).users.get(id),
    accessGroups: async () => (await tables()).accessGroups.toArray(),
    accessLevels: async () => (await tables()).accessLevels.toArray(),
    schedules: async () => (await tables()).schedules.toArray(),
    doors: async () => (await tables()).doors.toArray(),
    zones: async () => (await tables()).zones.toArray(),
  };
}

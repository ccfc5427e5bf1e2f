import type { AccessGroup, AccessLevel, Door, Schedule, Zone } from '../../../shared/domain/access';
import type { EventCountRow } from '../../../shared/domain/eventCounts';
import { readSavedEventFilters, SAVED_EVENT_FILTERS_SETTING, type SavedEventFilter } from '../../../shared/domain/eventFilter';
import type { User } from '../../../shared/domain/user';
import type { StoredEvent } from '../../dbhost/schema';
import { countPlanRows, readEventPage, type EventPage, type EventPageRequest } from './eventPages';
import type { EventQueryPlan } from './eventQueryPlan';
import type { MasterDatabase } from './masterDb';
import { createUserIdSorter, type UserSortKey } from './userOrder';
import { unionIds, type UserSearch } from './userSearch';

/**
 * Every read the pages make of the master copy. Each is one short IndexedDB query by index:
 * pages of users by primary key (never all users at once), search by index, small access
 * tables whole. Run inside `liveQuery` (useLiveQuery.ts) they re-run when the data changes.
 */
export interface MasterDataReader {
  /** Resolves once the database exists and is open; live queries start after it. */
  ready(): Promise<void>;
  /**
   * Every user's ID (keys only, no records), ascending: by ID in compareUserIds order (numbers
   * by value), or by name in the name index's order (code units; equal names by ID string).
   * In a live query, call it last: by name it ends with a read Dexie does not see.
   */
  userIds(order: UserSortKey): Promise<readonly string[]>;
  /** IDs of the users a search matches, in ID order (keys only, no records); at most MAX_SEARCH_MATCHES. */
  matchingUserIds(search: UserSearch): Promise<SearchMatches>;
  /** The users with these IDs, position for position (undefined where an ID is no longer stored). */
  usersByIds(ids: readonly string[]): Promise<(User | undefined)[]>;
  user(id: string): Promise<User | undefined>;
  accessGroups(): Promise<AccessGroup[]>;
  accessLevels(): Promise<AccessLevel[]>;
  schedules(): Promise<Schedule[]>;
  doors(): Promise<Door[]>;
  zones(): Promise<Zone[]>;
  /**
   * The newest `limit` events stored after `afterSeq` (0: from the first), newest first. One
   * read by primary key, so a live query re-runs on every event stored however large the log.
   */
  newestEvents(afterSeq: number, limit: number): Promise<StoredEvent[]>;
  /** How many events were stored after `afterSeq` (a key-range count: no records read). */
  countEventsAfter(afterSeq: number): Promise<number>;
  /**
   * The newest `limit` warnings and errors, newest first (by time, then `seq`): two reads of the
   * `[level+time+seq]` index from its newest end, however large the log.
   */
  latestAlerts(limit: number): Promise<StoredEvent[]>;
  /** The per-minute counts from `fromMinute` (epoch ms) on, oldest first: at most one small row per minute. */
  eventCountsSince(fromMinute: number): Promise<EventCountRow[]>;
  /** One page of the event log for a filter's plan (eventQueryPlan.ts, eventPages.ts): bounded, keyset. */
  eventPage(plan: EventQueryPlan, request: EventPageRequest): Promise<EventPage>;
  /** How many rows the plan's index ranges hold: what an export of it reads (for its progress). */
  countPlanRows(plan: EventQueryPlan): Promise<number>;
  /** The Event log's saved filters, in the order they were first saved (unreadable entries left out). */
  savedEventFilters(): Promise<SavedEventFilter[]>;
}

/** Search matches are capped: a one-letter search must stay quick, and nobody reads 10,000 rows (type more). */
export const MAX_SEARCH_MATCHES = 10_000;

export interface SearchMatches {
  ids: string[];
  /** More users match than `ids` holds. */
  capped: boolean;
}

export function createMasterDataReader(database: MasterDatabase, maxMatches = MAX_SEARCH_MATCHES): MasterDataReader {
  const { tables } = database;
  // One per reader (one per window): remembers the last ID order, so a write that adds or
  // removes no user costs a comparison of the keys, not a sort.
  const sortById = createUserIdSorter();
  return {
    ready: () => database.ready(),
    userIds: async (order) => {
      const { users } = await tables();
      // By primary key a live query observes the range it read: cheap at any size.
      if (order === 'id') return sortById(await users.orderBy(':id').primaryKeys());
      // By an index, Dexie's live query would also observe every key the read returned, one by
      // one: over a second of the window's main thread for 100,000 users. So the count of the
      // name index is what the live query observes (its whole range: any user added, renamed
      // or deleted re-runs it), and the IDs are read past Dexie, last, in one native request.
      await users.orderBy('name').count();
      return primaryKeysInIndexOrder(database.db.backendDB(), 'users', 'name');
    },
    matchingUserIds: async (search) => {
      const { users, cardOwners } = await tables();
      // One more than the cap tells whether there are more.
      const limit = maxMatches + 1;
      const [byId, byName, byCard] = await Promise.all([
        search.idPrefix === null ? [] : users.where(':id').startsWith(search.idPrefix).limit(limit).primaryKeys(),
        search.namePrefix === null ? [] : users.where('name').startsWithIgnoreCase(search.namePrefix).limit(limit).primaryKeys(),
        search.cardKeys.length === 0 ? [] : cardOwners.bulkGet(search.cardKeys),
      ]);
      const cardUsers = byCard.flatMap((owner) => (owner === undefined ? [] : [owner.userId]));
      const ids = unionIds([byId, byName, cardUsers]);
      return { ids: ids.slice(0, maxMatches), capped: ids.length > maxMatches };
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
    newestEvents: async (afterSeq, limit) => (await tables()).events.where(':id').above(afterSeq).reverse().limit(limit).toArray(),
    countEventsAfter: async (afterSeq) => (await tables()).events.where(':id').above(afterSeq).count(),
    latestAlerts: async (limit) => {
      const { events } = await tables();
      const newestOf = (level: 'warning' | 'error') =>
        events.where('[level+time+seq]').between([level, -Infinity, -Infinity], [level, Infinity, Infinity]).reverse().limit(limit).toArray();
      const [errors, warnings] = await Promise.all([newestOf('error'), newestOf('warning')]);
      return [...errors, ...warnings].sort((a, b) => b.time - a.time || b.seq - a.seq).slice(0, limit);
    },
    eventCountsSince: async (fromMinute) => (await tables()).eventCounts.where(':id').aboveOrEqual(fromMinute).toArray(),
    eventPage: async (plan, request) => readEventPage((await tables()).events, plan, request),
    countPlanRows: async (plan) => countPlanRows((await tables()).events, plan),
    savedEventFilters: async () => readSavedEventFilters((await (await tables()).settings.get(SAVED_EVENT_FILTERS_SETTING))?.value),
  };
}

/** The primary keys of `table` in the order of one of its indexes, in one IndexedDB request (getAllKeys). */
function primaryKeysInIndexOrder(db: IDBDatabase, table: string, index: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const request = db.transaction(table, 'readonly').objectStore(table).index(index).getAllKeys();
    // User IDs are strings; the filter only keeps the type honest.
    request.onsuccess = () => resolve(request.result.filter((key): key is string => typeof key === 'string'));
    request.onerror = () => reject(request.error ?? new Error(`reading ${table} by ${index} failed`));
  });
}

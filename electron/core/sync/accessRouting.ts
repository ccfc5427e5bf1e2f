import type { User } from '../../../shared/domain/user';
import type { Store } from '../store/store';
import { involvedAccess, type AccessTables } from './accessRecords';
import type { AccessTablesCache } from './accessSync';
import type { UserRouting } from './userRouting';

/*
 * The "Specific devices" mode (DESIGN.md §4): a user belongs on device D iff one of the user's
 * access groups grants an access level naming a door whose entry or exit device is D. Doors name
 * devices by device ID alone, so the routing of a device does not depend on its gateway.
 */

/** The access groups that reach a door of `deviceId` (the same chain that decides its access rules). */
export function groupsReachingDevice(deviceId: number, tables: AccessTables): Set<number> {
  return new Set(involvedAccess(deviceId, tables).groups.map((group) => group.id));
}

/** One way an access group reaches a device: group → access level → door → the device as the door's entry or exit reader. */
export interface RouteChain {
  groupId: number;
  groupName: string;
  levelId: number;
  levelName: string;
  doorId: number;
  doorName: string;
  role: 'entry' | 'exit';
}

/**
 * Every chain by which an access group reaches `deviceId`, by group ID: the routing of
 * `groupsReachingDevice` spelled out, read from the same narrowed records of `involvedAccess`
 * (so an explanation can never disagree with where users are sent). A door whose entry and
 * exit reader are both this device gives two chains.
 */
export function routeChainsToDevice(deviceId: number, tables: AccessTables): Map<number, RouteChain[]> {
  const { doors, levels, groups } = involvedAccess(deviceId, tables);
  const doorsById = new Map(doors.map((door) => [door.id, door]));
  const levelsById = new Map(levels.map((level) => [level.id, level]));
  const chains = new Map<number, RouteChain[]>();
  for (const group of groups) {
    const groupChains: RouteChain[] = [];
    // A level may name a door once per schedule: one chain per level and door is enough.
    const seen = new Set<string>();
    for (const levelId of group.levelIds) {
      const level = levelsById.get(levelId);
      for (const { doorId } of level?.doorSchedules ?? []) {
        const door = doorsById.get(doorId);
        if (!level || !door || seen.has(`${level.id}:${door.id}`)) continue;
        seen.add(`${level.id}:${door.id}`);
        const roles = [door.entryDeviceId === deviceId ? 'entry' : null, door.exitDeviceId === deviceId ? 'exit' : null] as const;
        for (const role of roles) {
          if (role) groupChains.push({ groupId: group.id, groupName: group.name, levelId: level.id, levelName: level.name, doorId: door.id, doorName: door.name, role });
        }
      }
    }
    chains.set(group.id, groupChains);
  }
  return chains;
}

/** A door through which access groups reach a device, with every role the device has at it. */
export interface DoorRoute {
  doorId: number;
  doorName: string;
  roles: ('entry' | 'exit')[];
  /** The groups that reach the door (through any level). */
  groupIds: number[];
}

/** The chains to `deviceId` gathered by door: which groups each door of the device brings. */
export function doorRoutesToDevice(deviceId: number, tables: AccessTables): DoorRoute[] {
  const byDoor = new Map<number, DoorRoute>();
  for (const [groupId, chains] of routeChainsToDevice(deviceId, tables)) {
    for (const chain of chains) {
      let route = byDoor.get(chain.doorId);
      if (!route) byDoor.set(chain.doorId, (route = { doorId: chain.doorId, doorName: chain.doorName, roles: [], groupIds: [] }));
      if (!route.roles.includes(chain.role)) route.roles.push(chain.role);
      if (!route.groupIds.includes(groupId)) route.groupIds.push(groupId);
    }
  }
  for (const route of byDoor.values()) route.roles.sort(); // 'entry' before 'exit'
  return [...byDoor.values()];
}

/** A door of a device and how many of the users wanted there it brings. */
export interface DoorUsers {
  doorId: number;
  doorName: string;
  roles: ('entry' | 'exit')[];
  users: number;
}

/**
 * Per door, the wanted users whose groups reach it, each counted once per door, from the group
 * membership the routing already keeps (no user is read). `wanted` must be the device's desired
 * entries under this routing (the users of every group in `routes` the device can hold), so a
 * door that every one of those groups reaches brings all of them: a reader of one door costs
 * nothing. Otherwise the largest group is walked first and a later group skips users an earlier
 * one brought: a door reached by "Everyone" and a small group costs about one lookup per member,
 * with nothing allocated (about 20 ms per door for 100,000 users).
 */
export function countDoorUsers(routes: readonly DoorRoute[], byGroup: ReadonlyMap<number, ReadonlySet<string>>, wanted: ReadonlyMap<string, unknown>): DoorUsers[] {
  const empty: ReadonlySet<string> = new Set();
  const everyGroup = new Set(routes.flatMap((route) => route.groupIds));
  return routes.map((route) => {
    if (route.groupIds.length === everyGroup.size) return { doorId: route.doorId, doorName: route.doorName, roles: route.roles, users: wanted.size };
    const groups = route.groupIds.map((groupId) => byGroup.get(groupId) ?? empty).sort((a, b) => b.size - a.size);
    let users = 0;
    groups.forEach((members, position) => {
      const earlier = groups.slice(0, position);
      for (const id of members) if (wanted.has(id) && !earlier.some((group) => group.has(id))) users += 1;
    });
    return { doorId: route.doorId, doorName: route.doorName, roles: route.roles, users };
  });
}

/** Per device, the users routed to it: the pure form of the routing, for tests and previews. */
export function routeUsers(
  tables: AccessTables,
  users: Iterable<Pick<User, 'id' | 'accessGroupIds'>>,
  deviceIds: readonly number[],
): Map<number, Set<string>> {
  const reaching = new Map(deviceIds.map((deviceId) => [deviceId, groupsReachingDevice(deviceId, tables)]));
  const routed = new Map(deviceIds.map((deviceId) => [deviceId, new Set<string>()]));
  for (const user of users) {
    for (const [deviceId, groups] of reaching) {
      if (user.accessGroupIds.some((groupId) => groups.has(groupId))) routed.get(deviceId)?.add(user.id);
    }
  }
  return routed;
}

const SCAN_BATCH = 2_000;

/** The access groups a change touched: those a changed user left or joined (or stays in). 'unknown' before the first build. */
export type TouchedGroups = ReadonlySet<number> | 'unknown';

/**
 * Access group → the IDs of its users, built by one scan of the users and kept current from
 * their changes. Only group membership is kept (no records): 100,000 users in one group each
 * cost one set entry each. Built only when the "Specific devices" mode asks for it. Builds and
 * changes run one at a time, in order, as in DesiredIndex.
 */
export class GroupMembership {
  private members: Map<number, Set<string>> | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly store: Store) {}

  get built(): boolean {
    return this.members !== null;
  }

  /** Every group's users; scans the users the first time. */
  byGroup(): Promise<ReadonlyMap<number, ReadonlySet<string>>> {
    if (this.members) return Promise.resolve(this.members);
    return this.serialized(async () => {
      if (this.members) return this.members;
      const members = new Map<number, Set<string>>();
      for await (const users of this.store.users.scan(SCAN_BATCH)) {
        for (const user of users) join(members, user.id, user.accessGroupIds);
      }
      this.members = members;
      return members;
    });
  }

  /**
   * Applies changed or deleted users and returns the groups they were or are in, so the devices
   * those groups reach can be told. Before the first build nothing is known ('unknown').
   */
  applyUserChanges(ids: readonly string[]): Promise<TouchedGroups> {
    return this.serialized(async () => {
      const members = this.members;
      if (!members || ids.length === 0) return members ? new Set<number>() : 'unknown';
      const users = await this.store.users.get(ids);
      const touched = new Set<number>();
      ids.forEach((id, position) => {
        // A user is in a few groups of maybe hundreds: looking through the groups is cheaper
        // than keeping every user's groups a second time.
        for (const [groupId, users] of members) {
          if (users.delete(id)) touched.add(groupId);
        }
        const groupIds = users[position]?.accessGroupIds ?? [];
        join(members, id, groupIds);
        for (const groupId of groupIds) touched.add(groupId);
      });
      for (const [groupId, users] of members) if (users.size === 0) members.delete(groupId);
      return touched;
    });
  }

  /** Another database took over: the next request scans anew. */
  reset(): Promise<void> {
    return this.serialized(async () => {
      this.members = null;
    });
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work, work);
    this.queue = result.catch(() => undefined);
    return result;
  }
}

function join(members: Map<number, Set<string>>, userId: string, groupIds: readonly number[]): void {
  for (const groupId of groupIds) {
    let users = members.get(groupId);
    if (!users) members.set(groupId, (users = new Set()));
    users.add(userId);
  }
}

/** The "Specific devices" routing, from the cached access tables and the group membership. */
export class AccessGroupRouting implements UserRouting {
  constructor(
    private readonly access: AccessTablesCache,
    private readonly membership: GroupMembership,
  ) {}

  async desiredUserIds(_gatewayId: string, deviceId: number): Promise<ReadonlySet<string>> {
    const [tables, byGroup] = await Promise.all([this.access.get(), this.membership.byGroup()]);
    const routed = new Set<string>();
    for (const groupId of groupsReachingDevice(deviceId, tables)) {
      for (const userId of byGroup.get(groupId) ?? []) routed.add(userId);
    }
    return routed;
  }

  /** The doors of the device that bring its users, with how many of `wanted` each brings. */
  async doorsToDevice(_gatewayId: string, deviceId: number, wanted: ReadonlyMap<string, unknown>): Promise<DoorUsers[]> {
    const [tables, byGroup] = await Promise.all([this.access.get(), this.membership.byGroup()]);
    return countDoorUsers(doorRoutesToDevice(deviceId, tables), byGroup, wanted);
  }
}

import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Door } from '../../../shared/domain/access';
import { blankUser, type User } from '../../../shared/domain/user';
import { openInProcessStore, type InProcessStore } from '../store/inProcessStore';
import type { AccessTables } from './accessRecords';
import { GroupMembership, groupsReachingDevice, routeUsers } from './accessRouting';
import { devicesAffectedByAccessChange, devicesAffectedByUserChange } from './affectedDevices';
import { ChangeCoalescer } from './changeCoalescer';

function door(id: number, entryDeviceId: number, exitDeviceId: number | null = null): Door {
  return { id, name: `Door ${id}`, entryDeviceId, exitDeviceId, relayPort: 0, sensor: null, exitButton: null, autoLockSeconds: 3, heldOpenSeconds: 10 };
}

/** Front door on 1 (exit reader 2), server room on 3, dock on 4 (no level names it). */
const tables: AccessTables = {
  schedules: [],
  doors: [door(10, 1, 2), door(11, 3), door(12, 4)],
  levels: [
    { id: 20, name: 'Staff', doorSchedules: [{ doorId: 10, scheduleId: 1 }] },
    { id: 21, name: 'IT', doorSchedules: [{ doorId: 11, scheduleId: 1 }] },
  ],
  groups: [
    { id: 30, name: 'Everyone', levelIds: [20] },
    { id: 31, name: 'IT team', levelIds: [20, 21] },
    { id: 32, name: 'No doors', levelIds: [] },
  ],
  zones: [],
};

const user = (id: string, accessGroupIds: number[]) => ({ id, accessGroupIds });
const devices = [1, 2, 3, 4].map((deviceId) => ({ key: `site/${deviceId}`, deviceId }));

describe('Specific-devices routing', () => {
  it('routes a user to the entry and exit devices of every door their groups reach, and nowhere else', () => {
    const routed = routeUsers(tables, [user('a', [30]), user('b', [31]), user('c', [32]), user('d', []), user('e', [99])], [1, 2, 3, 4]);
    expect(Object.fromEntries([...routed].map(([deviceId, ids]) => [deviceId, [...ids].sort()]))).toEqual({
      1: ['a', 'b'],
      2: ['a', 'b'],
      3: ['b'],
      4: [],
    });
  });

  it('follows a door moved to another device, and a level that loses its door', () => {
    const moved = { ...tables, doors: [door(10, 4), door(11, 3), door(12, 4)] };
    expect([...groupsReachingDevice(1, moved)]).toEqual([]);
    expect([...groupsReachingDevice(4, moved)].sort()).toEqual([30, 31]);
    const emptied = { ...tables, levels: [{ id: 20, name: 'Staff', doorSchedules: [] }, tables.levels[1]!] };
    expect([...groupsReachingDevice(1, emptied)]).toEqual([]);
    expect([...groupsReachingDevice(3, emptied)]).toEqual([31]);
  });
});

describe('affected devices', () => {
  it('a user change reaches every device in the All-devices modes, only the devices of the groups it touched in Specific', () => {
    expect(devicesAffectedByUserChange('all', devices, new Set([31]), tables)).toHaveLength(4);
    expect(devicesAffectedByUserChange('all-with-device', devices, new Set(), tables)).toHaveLength(4);
    expect(devicesAffectedByUserChange('specific', devices, new Set([31]), tables)).toEqual(['site/1', 'site/2', 'site/3']);
    expect(devicesAffectedByUserChange('specific', devices, new Set([30]), tables)).toEqual(['site/1', 'site/2']);
    expect(devicesAffectedByUserChange('specific', devices, new Set([32]), tables)).toEqual([]);
    expect(devicesAffectedByUserChange('specific', devices, 'unknown', tables)).toHaveLength(4);
  });

  it('an access change reaches the devices whose rules differ: both ends of a moved door', () => {
    const moved = { ...tables, doors: [door(10, 4, 2), door(11, 3), door(12, 4)] };
    expect(devicesAffectedByAccessChange(devices, tables, moved)).toEqual(['site/1', 'site/2', 'site/4']);
    const renamedIt = { ...tables, levels: [tables.levels[0]!, { ...tables.levels[1]!, name: 'Servers' }] };
    expect(devicesAffectedByAccessChange(devices, tables, renamedIt)).toEqual(['site/3']);
    expect(devicesAffectedByAccessChange(devices, tables, tables)).toEqual([]);
    expect(devicesAffectedByAccessChange(devices, null, tables)).toHaveLength(4);
  });
});

describe('GroupMembership', () => {
  let database: InProcessStore | null = null;
  afterEach(async () => {
    await database?.close();
    database = null;
  });

  const member = (id: string, accessGroupIds: number[]): User => ({ ...blankUser(id, 1), name: `User ${id}`, accessGroupIds });

  it('keeps group → users current and says which groups a change touched', async () => {
    database = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange }, { userIdPolicy: 'numeric' });
    const { store } = database;
    await store.users.put([member('1', [30]), member('2', [30, 31])]);
    const membership = new GroupMembership(store);
    expect(await membership.applyUserChanges(['1'])).toBe('unknown');
    const byGroup = await membership.byGroup();
    expect([...(byGroup.get(30) ?? [])].sort()).toEqual(['1', '2']);

    await store.users.put([member('1', [31])]);
    expect([...(await membership.applyUserChanges(['1']))].sort()).toEqual([30, 31]);
    expect([...(byGroup.get(30) ?? [])]).toEqual(['2']);
    expect([...(byGroup.get(31) ?? [])].sort()).toEqual(['1', '2']);

    await store.users.delete(['2']);
    expect([...(await membership.applyUserChanges(['2']))].sort()).toEqual([30, 31]);
    expect(byGroup.has(30)).toBe(false);
    expect([...(byGroup.get(31) ?? [])]).toEqual(['1']);
  });
});

describe('ChangeCoalescer', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('hands over once the edits are quiet, and at the latest after the longest wait', () => {
    vi.useFakeTimers();
    const handed: string[][] = [];
    const coalescer = new ChangeCoalescer({ quietMs: 100, maxWaitMs: 350 }, (keys) => handed.push(keys.sort()));
    coalescer.add(['a']);
    vi.advanceTimersByTime(50);
    coalescer.add(['b', 'a']);
    vi.advanceTimersByTime(99);
    expect(handed).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(handed).toEqual([['a', 'b']]);
    // A steady stream: every 60 ms an edit, never quiet for 100 ms.
    for (let i = 0; i < 10; i += 1) {
      coalescer.add([`k${i % 2}`]);
      vi.advanceTimersByTime(60);
    }
    // The longest wait cut the stream once (at 350 ms); the rest goes when it falls quiet.
    expect(handed).toHaveLength(2);
    expect(handed[1]).toEqual(['k0', 'k1']);
    vi.advanceTimersByTime(40);
    expect(handed).toHaveLength(3);
    coalescer.clear();
    vi.advanceTimersByTime(1_000);
    expect(handed).toHaveLength(3);
  });
});

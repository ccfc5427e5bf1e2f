import { describe, expect, it } from 'vitest';
import type { DevicePlacement } from '../../../shared/devices';
import type { Store } from '../store/store';
import { countDoorUsers, doorRoutesToDevice } from './accessRouting';
import type { AccessTables } from './accessRecords';
import { groupMember, harnessesClosedAfterEach, siteDoor, waitFor, type SyncHarness } from './syncTestSupport';

const harness = harnessesClosedAfterEach();

/*
 * Reader 801 is the entry of the Lobby (door 40) and the exit of the Lab (door 41); reader 802
 * is the Lab's entry; reader 803 is the Vault's entry (door 42). Visitors (group 50) may
 * open the Lobby, Chemists (51) the Lab, Managers (52) every door.
 */
const READERS = [801, 802, 803];
const DOORS = [siteDoor(40, 801, null, 'Lobby'), siteDoor(41, 802, 801, 'Lab'), siteDoor(42, 803, null, 'Vault')];
const LEVELS = [
  { id: 60, name: 'Lobby', doorSchedules: [{ doorId: 40, scheduleId: 1 }] },
  { id: 61, name: 'Lab', doorSchedules: [{ doorId: 41, scheduleId: 1 }] },
  { id: 62, name: 'Everywhere', doorSchedules: [40, 41, 42].map((doorId) => ({ doorId, scheduleId: 1 })) },
];
const GROUPS = [
  { id: 50, name: 'Visitors', levelIds: [60] },
  { id: 51, name: 'Chemists', levelIds: [61] },
  { id: 52, name: 'Managers', levelIds: [62] },
  { id: 53, name: 'Nobody’s door', levelIds: [] },
];
async function seedSite(store: Store): Promise<void> {
  await store.doors.put(DOORS);
  await store.accessLevels.put(LEVELS);
  await store.accessGroups.put(GROUPS);
}
const USERS = [
  groupMember('1', [50]), // Lobby only
  groupMember('2', [51]), // Lab only
  groupMember('3', [52]), // every door
  groupMember('4', [50, 51]), // Lobby and Lab, by two groups
  groupMember('5', [53]), // no door
  groupMember('6', [50], true), // disabled: wanted nowhere
];

function placementIs(h: SyncHarness, deviceId: number, expected: DevicePlacement): Promise<void> {
  return waitFor(h, () => JSON.stringify(h.sync(deviceId)?.placement) === JSON.stringify(expected), `device ${deviceId}'s placement ${JSON.stringify(expected)} (is ${JSON.stringify(h.sync(deviceId)?.placement)})`);
}

describe('the placement each device shows', () => {
  it('counts in Specific devices the users each door of the device brings, each user once in the total, and follows doors and mode', async () => {
    const h = await harness({ devices: READERS.map((deviceID) => ({ deviceID })), users: USERS, seed: seedSite, syncMode: 'specific' });
    // 801: Lobby brings 1, 3, 4; the Lab (exit) brings 2, 3, 4; users 3 and 4 count for both doors, once in the total.
    await placementIs(h, 801, {
      mode: 'specific',
      users: 4,
      doors: [
        { doorId: 41, name: 'Lab', roles: ['exit'], users: 3 },
        { doorId: 40, name: 'Lobby', roles: ['entry'], users: 3 },
      ],
      moreDoors: 0,
    });
    await placementIs(h, 802, { mode: 'specific', users: 3, doors: [{ doorId: 41, name: 'Lab', roles: ['entry'], users: 3 }], moreDoors: 0 });
    await placementIs(h, 803, { mode: 'specific', users: 1, doors: [{ doorId: 42, name: 'Vault', roles: ['entry'], users: 1 }], moreDoors: 0 });

    // The Lobby's reader moves to 802: the automatic sync that follows (no check first) says so.
    await h.database.store.doors.put([{ ...DOORS[0]!, entryDeviceId: 802 }]);
    await placementIs(h, 801, { mode: 'specific', users: 3, doors: [{ doorId: 41, name: 'Lab', roles: ['exit'], users: 3 }], moreDoors: 0 });
    await placementIs(h, 802, {
      mode: 'specific',
      users: 4,
      doors: [
        { doorId: 41, name: 'Lab', roles: ['entry'], users: 3 },
        { doorId: 40, name: 'Lobby', roles: ['entry'], users: 3 },
      ],
      moreDoors: 0,
    });

    // Every other mode sends every enabled user to every device: no doors.
    await h.core.handlers.setSyncMode({ mode: 'all' });
    for (const deviceId of READERS) await placementIs(h, deviceId, { mode: 'all', users: 5, doors: [], moreDoors: 0 });
    await h.core.handlers.setSyncMode({ mode: 'not-used' });
    for (const deviceId of READERS) await placementIs(h, deviceId, { mode: 'not-used', users: 5, doors: [], moreDoors: 0 });
  });
});

describe('countDoorUsers', () => {
  const tables: AccessTables = { doors: DOORS, levels: LEVELS, groups: GROUPS, schedules: [], zones: [] };
  const byGroup = new Map<number, ReadonlySet<string>>([
    [50, new Set(['1', '4', '6'])],
    [51, new Set(['2', '4'])],
    [52, new Set(['3'])],
  ]);

  it('counts a user reached through two groups once per door, and only users wanted on the device', () => {
    const wanted = new Map(['1', '2', '3', '4'].map((id) => [id, true]));
    const doors = countDoorUsers(doorRoutesToDevice(801, tables), byGroup, wanted);
    expect(doors.sort((a, b) => a.doorId - b.doorId)).toEqual([
      { doorId: 40, doorName: 'Lobby', roles: ['entry'], users: 3 },
      { doorId: 41, doorName: 'Lab', roles: ['exit'], users: 3 },
    ]);
  });

  it('counts every wanted user for a door that every group reaching the device reaches, without looking', () => {
    const wanted = new Map(['2', '3', '4'].map((id) => [id, true]));
    expect(countDoorUsers(doorRoutesToDevice(802, tables), byGroup, wanted)).toEqual([{ doorId: 41, doorName: 'Lab', roles: ['entry'], users: 3 }]);
  });

  it('gives a door read both ways by the device one entry with both roles', () => {
    // The domain refuses such a door (doorWiringProblems); tables read from elsewhere are not trusted to.
    const bothWays = { ...tables, doors: [siteDoor(42, 803, 803, 'Vault')] };
    expect(doorRoutesToDevice(803, bothWays)).toEqual([{ doorId: 42, doorName: 'Vault', roles: ['entry', 'exit'], groupIds: [52] }]);
  });
});

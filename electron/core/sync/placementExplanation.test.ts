import { describe, expect, it } from 'vitest';
import type { Door } from '../../../shared/domain/access';
import { MAX_PLACEMENT_USER_IDS, requests, type UserPlacement } from '../../../shared/ipc/contract';
import type { Store } from '../store/store';
import { routeChainsToDevice } from './accessRouting';
import { groupMember, harnessesClosedAfterEach, siteDoor, waitForHeld, waitForState, type SyncHarness } from './syncTestSupport';

const harness = harnessesClosedAfterEach();

const door = (id: number, name: string, entryDeviceId: number, exitDeviceId: number | null = null): Door => siteDoor(id, entryDeviceId, exitDeviceId, name);

const member = groupMember;

/**
 * The dock door is read by 701 (entry) and 702 (exit), the server room by 703. Night shift and
 * Cleaners both reach the dock through the Warehouse level; IT reaches the server room.
 */
const SITE = [701, 702, 703];
async function seedSite(store: Store): Promise<void> {
  await store.doors.put([door(10, 'Dock', 701, 702), door(11, 'Server room', 703)]);
  await store.accessLevels.put([
    { id: 20, name: 'Warehouse', doorSchedules: [{ doorId: 10, scheduleId: 1 }] },
    { id: 21, name: 'Servers', doorSchedules: [{ doorId: 11, scheduleId: 1 }] },
  ]);
  await store.accessGroups.put([
    { id: 30, name: 'Night shift', levelIds: [20] },
    { id: 31, name: 'IT', levelIds: [21] },
    { id: 32, name: 'Cleaners', levelIds: [20] },
  ]);
}
// 1: Night shift and Cleaners; 2: IT only; 3: Night shift but disabled.
const SITE_USERS = [member('1', [30, 32]), member('2', [31]), member('3', [30], true)];

async function explain(h: SyncHarness, deviceId: number, userIds: string[]): Promise<Map<string, UserPlacement>> {
  const answer = await h.core.handlers.explainPlacement({ deviceId, userIds });
  // What the core answers is what the contract promises the window.
  expect(requests.explainPlacement.result.safeParse(answer).success).toBe(true);
  return new Map(answer.map((placement) => [placement.userId, placement]));
}

describe('explainPlacement', () => {
  it('in Specific devices gives every group → level → door chain that routes a user to the device', async () => {
    const h = await harness({ devices: SITE.map((deviceID) => ({ deviceID })), users: SITE_USERS, seed: seedSite, syncMode: 'specific' });
    await waitForHeld(h, { 701: ['1'], 702: ['1'], 703: ['2'] }, 'the automatic sync by access group');
    // The device holds a user a moment before the journal records it: wait for the sync to end.
    for (const deviceId of SITE) await waitForState(h, deviceId, 'in-sync');
    await h.engine.whenIdle();

    const atDock = await explain(h, 701, ['1', '2', '3', '404']);
    expect(atDock.get('1')).toEqual({
      userId: '1',
      placed: true,
      wanted: true,
      user: 'enabled',
      mode: 'specific',
      because: [
        { groupId: 30, groupName: 'Night shift', levelId: 20, levelName: 'Warehouse', doorId: 10, doorName: 'Dock', role: 'entry' },
        { groupId: 32, groupName: 'Cleaners', levelId: 20, levelName: 'Warehouse', doorId: 10, doorName: 'Dock', role: 'entry' },
      ],
    });
    // Not routed here: no chain, not wanted, and the console never put the user there.
    expect(atDock.get('2')).toEqual({ userId: '2', placed: false, wanted: false, user: 'enabled', mode: 'specific', because: [] });
    // A disabled user's chain still shows; the user goes to no device.
    expect(atDock.get('3')).toMatchObject({ placed: false, wanted: false, user: 'disabled', because: [{ groupName: 'Night shift', role: 'entry' }] });
    expect(atDock.get('404')).toEqual({ userId: '404', placed: false, wanted: false, user: 'absent', mode: 'specific', because: [] });

    // The same door's exit reader is reached as the exit device.
    const atExit = await explain(h, 702, ['1']);
    expect(atExit.get('1')?.because.map((chain) => [chain.groupName, chain.doorName, chain.role])).toEqual([
      ['Night shift', 'Dock', 'exit'],
      ['Cleaners', 'Dock', 'exit'],
    ]);

    // After a change the explanation follows the routing at once; the journal says who is still there.
    await h.database.store.users.put([member('1', [31])]);
    await waitForHeld(h, { 701: [], 702: [], 703: ['1', '2'] }, 'user 1 moved to IT');
    for (const deviceId of SITE) await waitForState(h, deviceId, 'in-sync');
    await h.engine.whenIdle();
    expect((await explain(h, 701, ['1'])).get('1')).toMatchObject({ placed: false, wanted: false, because: [] });
    expect((await explain(h, 703, ['1'])).get('1')).toMatchObject({ placed: true, wanted: true, because: [{ groupName: 'IT', levelName: 'Servers', doorName: 'Server room', role: 'entry' }] });
  });

  it('in All devices says every user goes to every device, with no chain', async () => {
    const h = await harness({ devices: SITE.map((deviceID) => ({ deviceID })), users: SITE_USERS, seed: seedSite, syncMode: 'all' });
    await waitForHeld(h, { 701: ['1', '2'], 702: ['1', '2'], 703: ['1', '2'] }, 'every enabled user everywhere');
    for (const deviceId of SITE) await waitForState(h, deviceId, 'in-sync');
    await h.engine.whenIdle();
    const atServers = await explain(h, 703, ['1', '2', '3']);
    expect(atServers.get('1')).toEqual({ userId: '1', placed: true, wanted: true, user: 'enabled', mode: 'all', because: [] });
    expect(atServers.get('2')).toEqual({ userId: '2', placed: true, wanted: true, user: 'enabled', mode: 'all', because: [] });
    expect(atServers.get('3')).toMatchObject({ placed: false, wanted: false, user: 'disabled', because: [] });

    await h.core.handlers.setSyncMode({ mode: 'not-used' });
    expect((await explain(h, 703, ['2'])).get('2')).toMatchObject({ mode: 'not-used', wanted: true, because: [] });
  });

  it('refuses a device the console does not know, and more IDs than the contract allows', async () => {
    const h = await harness({ devices: [{ deviceID: 711 }], users: [member('1', [])] });
    await expect(h.core.handlers.explainPlacement({ deviceId: 999, userIds: ['1'] })).rejects.toThrow('no device 999');
    const ids = (count: number) => Array.from({ length: count }, (_, i) => String(i + 1));
    expect(requests.explainPlacement.args.safeParse({ deviceId: 711, userIds: ids(MAX_PLACEMENT_USER_IDS) }).success).toBe(true);
    expect(requests.explainPlacement.args.safeParse({ deviceId: 711, userIds: ids(MAX_PLACEMENT_USER_IDS + 1) }).success).toBe(false);
  });
});

describe('routeChainsToDevice', () => {
  it('gives one chain per level and door even when the level names the door twice, and both roles for a door read in and out by one device', () => {
    const chains = routeChainsToDevice(801, {
      schedules: [],
      doors: [door(10, 'Turnstile', 801, 801), door(11, 'Elsewhere', 802)],
      levels: [{ id: 20, name: 'Lobby', doorSchedules: [{ doorId: 10, scheduleId: 1 }, { doorId: 10, scheduleId: 2 }, { doorId: 11, scheduleId: 1 }] }],
      groups: [
        { id: 30, name: 'Visitors', levelIds: [20] },
        { id: 31, name: 'Nobody here', levelIds: [] },
      ],
      zones: [],
    });
    expect([...chains.keys()]).toEqual([30]);
    expect(chains.get(30)?.map((chain) => `${chain.levelName}/${chain.doorName}/${chain.role}`)).toEqual(['Lobby/Turnstile/entry', 'Lobby/Turnstile/exit']);
  });
});

import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openPortcullisDatabase } from '../../../renderer/dbhost/schema';
import { serveDatabaseHost } from '../../../renderer/dbhost/server';
import { createLoopbackPair } from '../../../shared/db/loopback';
import type { ConsoleEvent } from '../../../shared/domain/consoleEvent';
import type { Door } from '../../../shared/domain/access';
import type { User } from '../../../shared/domain/user';
import { testUser } from '../../sim/testSupport';
import type { Store } from '../store/store';
import { profileFromCapability } from './deviceProfile';
import { desiredRecord, wireSize } from './userInfoCodec';
import { deviceDifferences, groupMember, harnessesClosedAfterEach, heldUserIds, siteDoor, siteUser, siteUsers, waitFor, waitForHeld, waitForState, type SyncHarness } from './syncTestSupport';

const harness = harnessesClosedAfterEach();

const door = (id: number, entryDeviceId: number, exitDeviceId: number | null = null): Door => siteDoor(id, entryDeviceId, exitDeviceId);

const member = (id: string, accessGroupIds: number[]): User => groupMember(id, accessGroupIds);

/**
 * One site, three readers: the front door is read by 501 (entry) and 502 (exit), the server room
 * by 503. Staff (group 30) may open the front door, IT (group 31) the server room.
 */
const SITE = [501, 502, 503];
async function seedSite(store: Store): Promise<void> {
  await store.doors.put([door(10, 501, 502), door(11, 503)]);
  await store.accessLevels.put([
    { id: 20, name: 'Front door', doorSchedules: [{ doorId: 10, scheduleId: 1 }] },
    { id: 21, name: 'Server room', doorSchedules: [{ doorId: 11, scheduleId: 1 }] },
  ]);
  await store.accessGroups.put([
    { id: 30, name: 'Staff', levelIds: [20] },
    { id: 31, name: 'IT', levelIds: [21] },
  ]);
}
const SITE_USERS = [member('1', [30]), member('2', [31]), member('3', [30, 31])];

async function syncRoundsStarted(h: SyncHarness): Promise<number> {
  await h.engine.whenIdle();
  const events: ConsoleEvent[] = (await h.database.database.events.toArray()).filter((event) => event.source === 'console');
  return events.filter((event) => event.kind === 'sync.started').length;
}

describe('automatic sync: Specific devices', () => {
  it('routes users by access group → level → door → device, follows every change, and never removes users only on a device', async () => {
    const h = await harness({ devices: SITE.map((deviceID) => ({ deviceID })), users: SITE_USERS, seed: seedSite, syncMode: 'specific' });
    h.site.enrollAtDevice(503, testUser('9001'));
    // Nobody presses Sync: the reconnect check finds the devices out of sync and the mode syncs them.
    await waitForHeld(h, { 501: ['1', '3'], 502: ['1', '3'], 503: ['2', '3', '9001'] }, 'the first automatic sync');
    expect(await h.core.handlers.getSyncMode(undefined)).toEqual({ mode: 'specific' });

    const { store } = h.database;
    await store.users.put([member('4', [31])]);
    await waitForHeld(h, { 501: ['1', '3'], 502: ['1', '3'], 503: ['2', '3', '4', '9001'] }, 'a new IT member only on the server room reader');

    await store.users.put([member('1', [31])]);
    await waitForHeld(h, { 501: ['3'], 502: ['3'], 503: ['1', '2', '3', '4', '9001'] }, 'user 1 moved from Staff to IT');

    await store.doors.put([door(11, 502)]);
    await waitForHeld(h, { 501: ['3'], 502: ['1', '2', '3', '4'], 503: ['9001'] }, 'the server room door moved to reader 502');

    await store.accessLevels.delete([20]);
    await waitForHeld(h, { 501: [], 502: ['1', '2', '3', '4'], 503: ['9001'] }, 'the front-door level deleted');

    await store.users.delete(['4']);
    await waitForHeld(h, { 501: [], 502: ['1', '2', '3'], 503: ['9001'] }, 'user 4 deleted');
    for (const deviceId of [501, 502]) await waitForState(h, deviceId, 'in-sync');
    await waitForState(h, 503, 'out-of-sync'); // 9001 only on the device: the yellow mark stays, the user too
    expect(h.sync(503)).toMatchObject({ missing: 0, outdated: 0, extra: 0, onlyOnDevice: 1 });
    expect(h.site.device(502)?.user('1')?.name).toBe('User 1');
  });
});

describe('automatic sync: All devices', () => {
  it('sends every edit to every device within seconds, in few jobs, with no operator sync', async () => {
    const users = siteUsers(30);
    const maxWaitMs = 1_500;
    const h = await harness({ devices: [{ deviceID: 601 }, { deviceID: 602 }], users, syncMode: 'all', tuning: { autoSyncQuietMs: 400, autoSyncMaxWaitMs: maxWaitMs } });
    for (const deviceId of [601, 602]) await waitForState(h, deviceId, 'in-sync');
    const before = await syncRoundsStarted(h);

    // 30 edits in a burst become a round or two per device, not one per edit. The quiet time is
    // longer than a put takes on a loaded machine; a burst longer than the coalescer's longest
    // wait may still take one more round per wait.
    const burstStarted = Date.now();
    for (const [position, user] of users.entries()) await h.database.store.users.put([{ ...user, name: `Edited ${position}` }]);
    const windows = Math.ceil((Date.now() - burstStarted) / maxWaitMs);
    await waitFor(h, () => [601, 602].every((deviceId) => h.site.device(deviceId)?.users().every((info) => info.hdr.ID !== '' && h.site.device(deviceId)?.user(info.hdr.ID)?.name.startsWith('Edited'))), 'every edit on both devices', 10_000);
    for (const deviceId of [601, 602]) await waitForState(h, deviceId, 'in-sync');
    for (const deviceId of [601, 602]) expect(await deviceDifferences(h, deviceId)).toEqual([]);
    const rounds = (await syncRoundsStarted(h)) - before;
    expect(rounds).toBeGreaterThan(0);
    expect(rounds).toBeLessThanOrEqual(2 * (windows + 2)); // measured: one round per device
    expect(rounds).toBeLessThan(users.length);
  });

  it('brings a device that was offline during the edits up to date when it is back', async () => {
    const users = siteUsers(10);
    const h = await harness({ devices: [{ deviceID: 611 }, { deviceID: 612 }], users, syncMode: 'all-with-device' });
    for (const deviceId of [611, 612]) await waitForState(h, deviceId, 'in-sync');
    h.site.setNetwork(612, false);
    await waitForState(h, 612, 'unknown');
    await h.database.store.users.put([siteUser('11'), { ...users[0]!, name: 'Renamed' }]);
    await h.database.store.users.delete([users[1]!.id]);
    await waitFor(h, () => h.site.device(611)?.user('11') !== undefined && h.site.device(611)?.user(users[1]!.id) === undefined, 'the online device updated');
    expect(h.site.device(612)?.user('11')).toBeUndefined();
    h.site.setNetwork(612, true);
    await waitFor(h, () => h.site.device(612)?.user('11') !== undefined && h.site.device(612)?.user(users[0]!.id)?.name === 'Renamed', 'the device back online updated', 15_000);
    await waitForState(h, 612, 'in-sync');
    expect(await deviceDifferences(h, 612)).toEqual([]);
  });

  it('converges when switched to Specific devices and back', async () => {
    const h = await harness({ devices: SITE.map((deviceID) => ({ deviceID })), users: SITE_USERS, seed: seedSite, syncMode: 'all' });
    const everyone = ['1', '2', '3'];
    await waitForHeld(h, { 501: everyone, 502: everyone, 503: everyone }, 'every user everywhere');
    await h.core.handlers.setSyncMode({ mode: 'specific' });
    expect(await h.database.store.settings.get('sync.mode')).toBe('specific');
    await waitForHeld(h, { 501: ['1', '3'], 502: ['1', '3'], 503: ['2', '3'] }, 'routed by access group');
    await h.core.handlers.setSyncMode({ mode: 'all' });
    await waitForHeld(h, { 501: everyone, 502: everyone, 503: everyone }, 'every user everywhere again');
    for (const deviceId of SITE) await waitForState(h, deviceId, 'in-sync');
    expect(await h.core.handlers.getSyncMode(undefined)).toEqual({ mode: 'all' });
  });
});

describe('automatic sync: another database host', () => {
  it('reads the new database\'s mode: without one, the mode the console started in pushes its users', async () => {
    const h = await harness({ devices: [{ deviceID: 621 }], users: siteUsers(4), syncMode: 'all' });
    await waitForState(h, 621, 'in-sync');
    const other = await openPortcullisDatabase({ indexedDB: new IDBFactory(), IDBKeyRange });
    const [coreEnd, hostEnd] = createLoopbackPair();
    const host = serveDatabaseHost(other, hostEnd);
    try {
      h.database.store.attach(coreEnd);
      expect((await h.database.store.users.put(siteUsers(2, 901))).refused).toEqual([]);
      // The old database's users stay (only on the device now); the new ones arrive by themselves.
      await waitForHeld(h, { 621: ['1', '2', '3', '4', '901', '902'] }, 'the new database\'s users pushed');
      expect(await h.core.handlers.getSyncMode(undefined)).toEqual({ mode: 'all' });
    } finally {
      await h.core.stop();
      host.stop();
      other.close();
    }
  });
});

describe('automatic sync: Not used', () => {
  it('pushes nothing: the device stays out of sync until the operator syncs it', async () => {
    const h = await harness({ devices: [{ deviceID: 701 }], users: siteUsers(5) });
    await waitForState(h, 701, 'out-of-sync');
    await h.database.store.users.put([siteUser('6')]);
    await waitFor(h, () => h.sync(701)?.missing === 6, 'the new user noticed');
    await new Promise((resolve) => setTimeout(resolve, 500)); // longer than the automatic modes' longest wait in tests
    await h.engine.whenIdle();
    expect(heldUserIds(h, 701)).toEqual([]);
    expect(h.sync(701)?.state).toBe('out-of-sync');
    expect(await h.core.handlers.getSyncMode(undefined)).toEqual({ mode: 'not-used' });
  });

  it('the stored mode wins over the one the console starts with', async () => {
    const h = await harness({
      devices: [{ deviceID: 711 }],
      users: siteUsers(3),
      syncMode: 'all',
      seed: (store) => store.settings.put('sync.mode', 'not-used'),
    });
    await waitForState(h, 711, 'out-of-sync');
    expect(await h.core.handlers.getSyncMode(undefined)).toEqual({ mode: 'not-used' });
    await h.engine.whenIdle();
    expect(heldUserIds(h, 711)).toEqual([]);
    await h.core.handlers.setSyncMode({ mode: 'all' });
    await waitForState(h, 711, 'in-sync');
    expect(heldUserIds(h, 711)).toEqual(['1', '2', '3']);
  });
});

describe('the preview before a mode switch', () => {
  /** What the preview should count as bytes for these users on this virtual device. */
  function expectedBytes(h: SyncHarness, deviceId: number, users: readonly User[]): number {
    const device = h.site.device(deviceId);
    if (!device) throw new Error(`no device ${deviceId}`);
    const { capabilities } = profileFromCapability(device.capability());
    return users.reduce((sum, user) => {
      const record = desiredRecord(user, capabilities);
      return sum + (record ? wireSize(record) : 0);
    }, 0);
  }

  it('counts what each device would get, switches nothing, and applying the mode does exactly that', async () => {
    const h = await harness({ devices: SITE.map((deviceID) => ({ deviceID })), users: SITE_USERS, seed: seedSite });
    for (const deviceId of SITE) await waitForState(h, deviceId, 'out-of-sync');

    // Not used → All devices: every user is new on every device.
    const toAll = await h.core.handlers.previewSyncMode({ mode: 'all' });
    expect(await h.core.handlers.getSyncMode(undefined)).toEqual({ mode: 'not-used' });
    expect(toAll.notConnected).toEqual([]);
    expect(toAll.devices.map(({ deviceId, add, update, remove }) => ({ deviceId, add, update, remove }))).toEqual(SITE.map((deviceId) => ({ deviceId, add: 3, update: 0, remove: 0 })));
    for (const device of toAll.devices) expect(device.bytes).toBe(expectedBytes(h, device.deviceId, SITE_USERS));
    expect(toAll.totals).toEqual({ add: 9, update: 0, remove: 0, bytes: toAll.devices.reduce((sum, device) => sum + device.bytes, 0) });
    await h.engine.whenIdle();
    expect(heldUserIds(h, 501)).toEqual([]); // a preview writes nothing

    await h.core.handlers.setSyncMode({ mode: 'all' });
    const everyone = ['1', '2', '3'];
    await waitForHeld(h, { 501: everyone, 502: everyone, 503: everyone }, 'every user everywhere');
    for (const deviceId of SITE) await waitForState(h, deviceId, 'in-sync');

    // Back to Not used, an edit that stays in the console, and a user only on a device.
    await h.core.handlers.setSyncMode({ mode: 'not-used' });
    const edited = { ...SITE_USERS[2]!, name: 'Renamed 3' };
    await h.database.store.users.put([edited]);
    h.site.enrollAtDevice(503, testUser('9001'));
    await h.engine.whenIdle();

    // All devices → Specific devices: users no longer routed to a device are removed from it.
    const toSpecific = await h.core.handlers.previewSyncMode({ mode: 'specific' });
    expect(await h.core.handlers.getSyncMode(undefined)).toEqual({ mode: 'not-used' });
    const counts = Object.fromEntries(toSpecific.devices.map(({ deviceId, add, update, remove }) => [deviceId, { add, update, remove }]));
    expect(counts).toEqual({
      501: { add: 0, update: 1, remove: 1 }, // user 3 renamed, user 2 (IT only) leaves
      502: { add: 0, update: 1, remove: 1 },
      503: { add: 0, update: 1, remove: 1 }, // user 1 (Staff only) leaves; 9001 only on the device stays
    });
    for (const device of toSpecific.devices) expect(device.bytes).toBe(expectedBytes(h, device.deviceId, [edited]));
    expect(toSpecific.totals).toMatchObject({ add: 0, update: 3, remove: 3 });

    await h.core.handlers.setSyncMode({ mode: 'specific' });
    await waitForHeld(h, { 501: ['1', '3'], 502: ['1', '3'], 503: ['2', '3', '9001'] }, 'routed by access group');
    await waitFor(h, () => SITE.every((deviceId) => h.site.device(deviceId)?.user('3')?.name === 'Renamed 3'), 'the edit on every device');
    await h.engine.whenIdle();
    const after = await h.core.handlers.previewSyncMode({ mode: 'specific' });
    expect(after.totals).toEqual({ add: 0, update: 0, remove: 0, bytes: 0 });
  });

  it('estimates a device that went offline from its journal and last known model, and only names one never seen', async () => {
    const users = siteUsers(4);
    const h = await harness({ devices: [{ deviceID: 631 }, { deviceID: 632 }, { deviceID: 633, online: false }], users, syncMode: 'all' });
    for (const deviceId of [631, 632]) await waitForState(h, deviceId, 'in-sync');
    await h.core.handlers.setSyncMode({ mode: 'not-used' });
    h.site.setNetwork(632, false);
    await waitForState(h, 632, 'unknown');
    const added = siteUser('5');
    const renamed = { ...users[0]!, name: 'Renamed 1' };
    await h.database.store.users.put([added, renamed]);
    await h.engine.whenIdle();

    const preview = await h.core.handlers.previewSyncMode({ mode: 'all' });
    const rows = Object.fromEntries(preview.devices.map(({ deviceId, add, update, remove, offline }) => [deviceId, { add, update, remove, offline }]));
    expect(rows).toEqual({ 631: { add: 1, update: 1, remove: 0, offline: false }, 632: { add: 1, update: 1, remove: 0, offline: true } });
    for (const device of preview.devices) expect(device.bytes).toBe(expectedBytes(h, device.deviceId, [added, renamed]));
    expect(preview.totals).toMatchObject({ add: 2, update: 2, remove: 0 });
    expect(preview.notConnected.map((device) => device.deviceId)).toEqual([633]);

    // Applied, the estimate comes true for the device when it is back.
    await h.core.handlers.setSyncMode({ mode: 'all' });
    await waitForState(h, 631, 'in-sync');
    expect(h.site.device(632)?.user('5')).toBeUndefined();
    h.site.setNetwork(632, true);
    await waitFor(h, () => h.site.device(632)?.user('5') !== undefined && h.site.device(632)?.user('1')?.name === 'Renamed 1', 'the device back online updated', 15_000);
    expect(await deviceDifferences(h, 632)).toEqual([]);
  });
});

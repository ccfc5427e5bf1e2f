import { status as GrpcStatus } from '@grpc/grpc-js';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import { GatewayError, type GatewayClient } from '../../gsdk';
import { openInProcessStore } from '../store/inProcessStore';
import { AccessTablesCache } from './accessSync';
import { DeviceSlot } from './deviceSlot';
import { checkDeviceAccess, type WorkContext } from './workContext';
import { startSyncHarness, waitFor, waitForState, type SyncHarness } from './syncTestSupport';

const harnesses: SyncHarness[] = [];
afterEach(async () => {
  await Promise.all(harnesses.splice(0).map((h) => h.close()));
});

const week = (start: number, end: number) => Array.from({ length: 7 }, () => [{ start, end }]);

async function siteWithRules(): Promise<SyncHarness> {
  const h = await startSyncHarness({ devices: [{ deviceID: 401 }, { deviceID: 402 }] });
  harnesses.push(h);
  const { store } = h.database;
  await store.schedules.put([{ id: 2, name: 'Office hours', days: week(480, 1080) }]);
  await store.doors.put([
    { id: 10, name: 'Main entrance', entryDeviceId: 401, exitDeviceId: null, relayPort: 0 },
    { id: 11, name: 'Server room', entryDeviceId: 402, exitDeviceId: null, relayPort: 1 },
  ]);
  await store.accessLevels.put([
    { id: 20, name: 'Staff', doorSchedules: [{ doorId: 10, scheduleId: 2 }] },
    { id: 21, name: 'IT', doorSchedules: [{ doorId: 11, scheduleId: 1 }] },
  ]);
  await store.accessGroups.put([
    { id: 30, name: 'Everyone', levelIds: [20, 21] },
    { id: 31, name: 'IT team', levelIds: [21] },
  ]);
  await store.zones.put([{ id: 40, name: 'Lobby', kind: 'anti-passback', deviceIds: [401, 402] }]);
  await waitFor(h, () => h.sync(401)?.accessDiffers.length === 5 && h.sync(402)?.accessDiffers.length === 4, 'access differences seen');
  await h.engine.whenIdle();
  return h;
}

describe('sync engine: access rules', () => {
  it('says which access rules differ, and writes to each device the rules that involve it', async () => {
    const h = await siteWithRules();
    expect(h.sync(401)).toMatchObject({ state: 'out-of-sync', accessDiffers: ['schedule Office hours', 'door Main entrance', 'access level Staff', 'access group Everyone', 'zone Lobby'] });
    await h.core.handlers.syncAll(undefined);
    await waitFor(h, () => h.sync(401)?.state === 'in-sync' && h.sync(402)?.state === 'in-sync', 'both in sync');
    const on401 = h.site.device(401)!.access.snapshot();
    expect(on401.doors.map((door) => door.doorID)).toEqual([10]);
    expect(on401.levels).toEqual([{ ID: 20, name: 'Staff', doorSchedules: [{ doorID: 10, scheduleID: 2 }] }]);
    expect(on401.groups).toEqual([{ ID: 30, name: 'Everyone', levelIDs: [20] }]);
    const on402 = h.site.device(402)!.access.snapshot();
    expect(on402.schedules).toEqual([]);
    expect(on402.groups.map((group) => group.ID)).toEqual([30, 31]);
    expect(on402.zones[0]?.members.map((member) => member.deviceID)).toEqual([401, 402]);
  });

  it('follows edits and deletions in the console, and keeps rules it never placed until a wipe', async () => {
    const h = await siteWithRules();
    await h.core.handlers.syncAll(undefined);
    await waitFor(h, () => h.sync(401)?.state === 'in-sync' && h.sync(402)?.state === 'in-sync', 'both in sync');

    h.site.device(402)!.access.groups.put([{ ID: 77, name: 'From elsewhere', levelIDs: [] }]);
    await h.database.store.doors.put([{ id: 11, name: 'Server room B', entryDeviceId: 402, exitDeviceId: null, relayPort: 1 }]);
    await h.database.store.accessGroups.delete([31]);
    await waitFor(h, () => h.sync(402)?.accessDiffers.join('|') === 'door Server room B|access group 31|1 access group only on the device', `402 differences (${h.sync(402)?.accessDiffers.join('|')})`);

    await h.core.handlers.syncDevice({ deviceId: 402 });
    await waitFor(h, () => h.sync(402)?.accessDiffers.join('|') === '1 access group only on the device' && h.sync(402)?.progress === null, 'synced, the foreign group kept');
    expect(h.sync(402)?.state).toBe('out-of-sync');
    const on402 = h.site.device(402)!.access.snapshot();
    expect(on402.doors[0]?.name).toBe('Server room B');
    expect(on402.groups.map((group) => group.ID)).toEqual([30, 77]);

    await h.core.handlers.wipeAndResync({ deviceId: 402 });
    await waitForState(h, 402, 'in-sync');
    expect(h.site.device(402)!.access.snapshot().groups.map((group) => group.ID)).toEqual([30]);
  });
});

describe('sync engine: access rules a device cannot list', () => {
  it('say so in the state and keep the check going, unless the device is gone', async () => {
    const database = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange });
    try {
      const context = { access: new AccessTablesCache(database.store), store: database.store, now: Date.now } as unknown as WorkContext;
      const failing = (code: number) => () => Promise.reject(new GatewayError('zones are not supported', { code }));
      const client = (code: number) =>
        ({
          schedule: { getList: () => Promise.resolve([]) },
          door: { getList: () => Promise.resolve([]) },
          access: { getLevels: () => Promise.resolve([]), getGroups: () => Promise.resolve([]) },
          zone: { getList: failing(code) },
        }) as unknown as GatewayClient;
      const slot = new DeviceSlot('site/5', 'site', 5);
      slot.connect(client(GrpcStatus.UNIMPLEMENTED));
      const check = await checkDeviceAccess(context, slot, slot.link!);
      expect(check.converged).toBe(true);
      expect(check.words).toEqual(['access rules could not be read (zones are not supported)']);
      slot.connect(client(GrpcStatus.UNAVAILABLE));
      await expect(checkDeviceAccess(context, slot, slot.link!)).rejects.toThrow('zones are not supported');
    } finally {
      await database.close();
    }
  });
});

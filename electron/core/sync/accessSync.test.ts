import { status as GrpcStatus } from '@grpc/grpc-js';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Door } from '../../../shared/domain/access';
import { ApbReaderType, GatewayError, SwitchType, type GatewayClient } from '../../gsdk';
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

/** A door wired to its entry device: sensor on input 0, exit button on input 1. */
function door(id: number, name: string, entryDeviceId: number, relayPort: number): Door {
  return {
    id,
    name,
    entryDeviceId,
    exitDeviceId: null,
    relayPort,
    sensor: { deviceId: entryDeviceId, port: 0, switchType: 'normally-closed' },
    exitButton: { deviceId: entryDeviceId, port: 1, switchType: 'normally-open' },
    autoLockSeconds: 3,
    heldOpenSeconds: 10,
  };
}

async function siteWithRules(): Promise<SyncHarness> {
  const h = await startSyncHarness({ devices: [{ deviceID: 401 }, { deviceID: 402 }] });
  harnesses.push(h);
  const { store } = h.database;
  await store.schedules.put([{ id: 2, name: 'Office hours', days: week(480, 1080) }]);
  await store.doors.put([
    door(10, 'Main entrance', 401, 0),
    door(11, 'Server room', 402, 1),
  ]);
  await store.accessLevels.put([
    { id: 20, name: 'Staff', doorSchedules: [{ doorId: 10, scheduleId: 2 }] },
    { id: 21, name: 'IT', doorSchedules: [{ doorId: 11, scheduleId: 1 }] },
  ]);
  await store.accessGroups.put([
    { id: 30, name: 'Everyone', levelIds: [20, 21] },
    { id: 31, name: 'IT team', levelIds: [21] },
  ]);
  await store.zones.put([
    {
      id: 40,
      name: 'Lobby',
      kind: 'anti-passback',
      mode: 'hard',
      resetMinutes: 1440,
      members: [
        { deviceId: 401, role: 'entry' },
        { deviceId: 402, role: 'exit' },
      ],
    },
  ]);
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
    expect(on402.zones[0]?.members).toEqual([
      { deviceID: 401, readerType: ApbReaderType.ENTRY },
      { deviceID: 402, readerType: ApbReaderType.EXIT },
    ]);
    expect(on401.doors[0]).toMatchObject({
      sensor: { deviceID: 401, port: 0, type: SwitchType.NORMALLY_CLOSED },
      button: { deviceID: 401, port: 1, type: SwitchType.NORMALLY_OPEN },
      autoLockTimeout: 3,
      heldOpenTimeout: 10,
    });
  });

  it('rewrites a door whose sensor or exit button differs on the device, and a zone whose reader roles differ', async () => {
    const h = await siteWithRules();
    await h.core.handlers.syncAll(undefined);
    await waitFor(h, () => h.sync(401)?.state === 'in-sync' && h.sync(402)?.state === 'in-sync', 'both in sync');

    // Rewired at the device (or by another tool): the sensor's switch type, the exit button gone, the zone's roles swapped.
    const on401 = h.site.device(401)!.access;
    const [main] = on401.snapshot().doors;
    on401.doors.put([{ ...main!, sensor: { ...main!.sensor!, type: SwitchType.NORMALLY_OPEN }, button: null }]);
    const [lobby] = on401.snapshot().zones;
    on401.zones.put([{ ...lobby!, members: lobby!.members.map((member) => ({ ...member, readerType: member.readerType === ApbReaderType.ENTRY ? ApbReaderType.EXIT : ApbReaderType.ENTRY })) }]);
    await h.core.handlers.checkDevice({ deviceId: 401 });
    await waitFor(h, () => h.sync(401)?.accessDiffers.join('|') === 'door Main entrance|zone Lobby', `401 differences (${h.sync(401)?.accessDiffers.join('|')})`);
    expect(h.sync(401)?.state).toBe('out-of-sync');

    await h.core.handlers.syncDevice({ deviceId: 401 });
    await waitForState(h, 401, 'in-sync');
    const after = on401.snapshot();
    expect(after.doors[0]).toMatchObject({ sensor: { type: SwitchType.NORMALLY_CLOSED }, button: { deviceID: 401, port: 1, type: SwitchType.NORMALLY_OPEN } });
    expect(after.zones[0]?.members.map((member) => member.readerType)).toEqual([ApbReaderType.ENTRY, ApbReaderType.EXIT]);
  });

  it('follows edits and deletions in the console, and keeps rules it never placed until a wipe', async () => {
    const h = await siteWithRules();
    await h.core.handlers.syncAll(undefined);
    await waitFor(h, () => h.sync(401)?.state === 'in-sync' && h.sync(402)?.state === 'in-sync', 'both in sync');

    h.site.device(402)!.access.groups.put([{ ID: 77, name: 'From elsewhere', levelIDs: [] }]);
    await h.database.store.doors.put([door(11, 'Server room B', 402, 1)]);
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

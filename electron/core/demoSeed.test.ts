import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blankUser } from '../../shared/domain/user';
import { demoDevices } from '../sim/demoSite';
import { DEVICE_MODELS } from '../sim/models';
import { seedDemoSite } from './demoSeed';
import { openInProcessStore, type InProcessStore } from './store/inProcessStore';

const devices = demoDevices(12).map((spec, index) => ({
  deviceID: spec.deviceID ?? 540_000_000 + index,
  name: spec.name ?? `Device ${index}`,
  model: DEVICE_MODELS[spec.model ?? 'BioStation 2'].name,
}));

let handle: InProcessStore;

beforeEach(async () => {
  handle = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange });
});

afterEach(async () => {
  await handle.close();
});

describe('seedDemoSite', () => {
  it('fills an empty database once, references before the records that use them', async () => {
    expect(await seedDemoSite(handle.store, devices)).toBe(true);
    const { store } = handle;
    expect(await store.users.count()).toBe(300);
    const doors = await store.doors.all();
    const levels = await store.accessLevels.all();
    expect(doors.length).toBeGreaterThan(0);
    const doorIds = new Set(doors.map((door) => door.id));
    for (const level of levels) for (const pair of level.doorSchedules) expect(doorIds.has(pair.doorId)).toBe(true);
    expect(await handle.database.table('events').count()).toBe(1);

    await store.users.delete(['1']);
    expect(await seedDemoSite(store, devices)).toBe(false);
    expect(await store.users.count()).toBe(299);
  });

  it('never seeds over an operator\'s own data', async () => {
    await handle.store.users.put([{ ...blankUser('4242', 1), name: 'Site manager' }]);
    expect(await seedDemoSite(handle.store, devices)).toBe(false);
    expect(await handle.store.users.count()).toBe(1);
    expect(await handle.store.doors.all()).toEqual([]);
  });
});

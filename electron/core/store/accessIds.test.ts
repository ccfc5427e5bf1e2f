import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it } from 'vitest';
import type { Door, NewRecord, Schedule, Zone } from '../../../shared/domain/access';
import { createDatabaseHandlers } from '../../../renderer/dbhost/handlers';
import { openPortcullisDatabase, type PortcullisDatabase } from '../../../renderer/dbhost/schema';
import { masterDataHandlers } from '../masterData';
import { EventWriter } from '../sync/syncEvents';
import { openInProcessStore, type InProcessStore } from './inProcessStore';
import { StoreWriteError } from './store';

const zone = (name: string): NewRecord<Zone> => ({
  name,
  kind: 'anti-passback',
  mode: 'hard',
  resetMinutes: 60,
  members: [
    { deviceId: 1, role: 'entry' },
    { deviceId: 2, role: 'exit' },
  ],
});
const week = Array.from({ length: 7 }, () => [{ start: 0, end: 1440 }]);
const schedule = (name: string): NewRecord<Schedule> => ({ name, days: week });

const closers: (() => unknown)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

async function store(): Promise<InProcessStore> {
  const handle = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange });
  closers.push(() => handle.close());
  return handle;
}

describe('new access records get their ID from the database', () => {
  it('gives concurrent creates different IDs and returns each', async () => {
    const { store: s } = await store();
    const names = ['A', 'B', 'C', 'D'];
    const ids = await Promise.all(names.map((name) => s.zones.create(zone(name))));
    expect(new Set(ids).size).toBe(4);
    // Each create's answer is the ID its own record is stored under.
    const stored = await s.zones.all();
    expect(new Map(stored.map((record) => [record.id, record.name]))).toEqual(new Map(ids.map((id, index) => [id, names[index]])));
  });

  it('goes above every ID stored or given before, so a deleted record’s ID is not given again', async () => {
    const { store: s } = await store();
    await s.zones.put([{ ...zone('Seeded'), id: 40 }]);
    expect(await s.zones.create(zone('Next'))).toBe(41);
    await s.zones.delete([41]);
    expect(await s.zones.create(zone('After a delete'))).toBe(42);
    // Schedule 1 is "Always", built into every device.
    expect(await s.schedules.create(schedule('Office hours'))).toBe(2);
  });

  it('refuses a new record that breaks the domain, naming the rule, and stores nothing', async () => {
    const { store: s } = await store();
    const attempt = s.zones.create({ ...zone('Lobby'), members: [{ deviceId: 1, role: 'entry' }] });
    await expect(attempt).rejects.toThrow(StoreWriteError);
    await expect(attempt).rejects.toThrow('the new zone was refused: members: choose at least one exit reader');
    expect(await s.zones.all()).toEqual([]);
  });

  it('gives different IDs to two database hosts creating at once on the same database (two windows)', async () => {
    const factory = { indexedDB: new IDBFactory(), IDBKeyRange };
    const databases: PortcullisDatabase[] = [await openPortcullisDatabase(factory, 'shared'), await openPortcullisDatabase(factory, 'shared')];
    closers.push(() => databases.forEach((db) => db.close()));
    const [one, two] = databases.map((db) => createDatabaseHandlers(db, () => undefined));
    const creates = Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? one! : two!)['doors.create']({ record: door(`Door ${index}`) }));
    const ids = (await Promise.all(creates)).map((result) => result.id);
    expect([...ids].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(await databases[0]!.doors.count()).toBe(10);
  });

  it('answers the operator’s create request with the new ID and logs it', async () => {
    const handle = await store();
    const writer = new EventWriter(handle.store);
    const handlers = masterDataHandlers(handle.store, writer, () => 1_700_000_000_000);
    const [first, second] = await Promise.all([handlers.createDoor({ record: door('Front') }), handlers.createDoor({ record: door('Back') })]);
    expect(first.id).not.toBe(second.id);
    expect((await handle.store.doors.all()).map((record) => record.name).sort()).toEqual(['Back', 'Front']);
    await writer.flush();
    const events = await handle.database.events.toArray();
    expect(events.map((event) => event.message).sort()).toEqual([`Operator created door ${second.id} “Back”`, `Operator created door ${first.id} “Front”`].sort());
  });
});

function door(name: string): NewRecord<Door> {
  return {
    name,
    entryDeviceId: 5,
    exitDeviceId: null,
    relayPort: 0,
    sensor: { deviceId: 5, port: 0, switchType: 'normally-closed' },
    exitButton: null,
    autoLockSeconds: 3,
    heldOpenSeconds: 10,
  };
}

import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openPortcullisDatabase, type IndexedDbFactory } from '../../../renderer/dbhost/schema';
import { openInProcessStore } from './inProcessStore';

/** Version 1 exactly as it was released: the tables, and the records in their old shape. */
const V1_STORES = {
  users: 'id, name, department',
  cardOwners: 'key, userId',
  accessGroups: 'id',
  accessLevels: 'id',
  schedules: 'id',
  doors: 'id',
  zones: 'id',
  journal: '[deviceId+userId], deviceId',
  events: '++seq, time, deviceId, kind, level, userId, &deviceEventKey',
  settings: 'key',
  eventCursors: 'deviceId',
};

async function versionOneDatabase(factory: IndexedDbFactory, name: string): Promise<void> {
  const v1 = new Dexie(name, factory);
  v1.version(1).stores(V1_STORES);
  await v1.open();
  await v1.table('doors').bulkAdd([
    { id: 1, name: 'Main entrance', entryDeviceId: 101, exitDeviceId: 102, relayPort: 0 },
    { id: 2, name: 'Dock', entryDeviceId: 103, exitDeviceId: null, relayPort: 1 },
  ]);
  await v1.table('zones').bulkAdd([
    { id: 1, name: 'Main entrance anti-passback', kind: 'anti-passback', deviceIds: [101, 102] },
    { id: 2, name: 'Dock anti-passback', kind: 'anti-passback', deviceIds: [103] },
  ]);
  await v1.table('accessGroups').add({ id: 5, name: 'Everyone', levelIds: [] });
  v1.close();
}

describe('database upgrades', () => {
  it('converts version 1 doors and zones (version 4), and says which zone it could not keep', async () => {
    const factory = { indexedDB: new IDBFactory(), IDBKeyRange };
    await versionOneDatabase(factory, 'upgrade-test');

    const db = await openPortcullisDatabase(factory, 'upgrade-test');
    try {
      expect(db.verno).toBe(5);
      expect(await db.doors.toArray()).toEqual([
        { id: 1, name: 'Main entrance', entryDeviceId: 101, exitDeviceId: 102, relayPort: 0, sensor: null, exitButton: null, autoLockSeconds: 3, heldOpenSeconds: 10 },
        { id: 2, name: 'Dock', entryDeviceId: 103, exitDeviceId: null, relayPort: 1, sensor: null, exitButton: null, autoLockSeconds: 3, heldOpenSeconds: 10 },
      ]);
      // The exit device of the main entrance is the zone's exit reader; what the devices held (hard, never reset) stays.
      expect(await db.zones.toArray()).toEqual([
        {
          id: 1,
          name: 'Main entrance anti-passback',
          kind: 'anti-passback',
          mode: 'hard',
          resetMinutes: 0,
          members: [
            { deviceId: 101, role: 'entry' },
            { deviceId: 102, role: 'exit' },
          ],
        },
      ]);
      const events = await db.events.toArray();
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ source: 'console', kind: 'database.upgraded', level: 'warning' });
      expect(events[0]?.message).toMatch(/^zone 2 “Dock anti-passback” was removed by the database upgrade: .*entry and an exit reader.*\(103\)/);
      // Other tables are untouched.
      expect(await db.accessGroups.toArray()).toEqual([{ id: 5, name: 'Everyone', levelIds: [] }]);
    } finally {
      db.close();
    }
  });

  it('creates a new database at the latest version with nothing to convert', async () => {
    const db = await openPortcullisDatabase({ indexedDB: new IDBFactory(), IDBKeyRange }, 'fresh');
    try {
      expect(db.verno).toBe(5);
      expect(await db.events.count()).toBe(0);
    } finally {
      db.close();
    }
  });
  it('carries version 1 journals (one row per user and device) over to entries and links (versions 2 and 3)', async () => {
    const factory = { indexedDB: new IDBFactory(), IDBKeyRange };
    const v1 = new Dexie('portcullis', factory);
    v1.version(1).stores(V1_STORES);
    await v1.open();
    await v1.table('journal').bulkPut([
      { deviceId: 1, userId: '10', hash: 'h10' },
      { deviceId: 1, userId: '11', hash: 'h11' },
      { deviceId: 2, userId: '10', hash: 'other' },
    ]);
    v1.close();

    const db = await openPortcullisDatabase(factory);
    expect(db.tables.map((table) => table.name)).not.toContain('journal');
    db.close();
    const handle = await openInProcessStore(factory);
    try {
      expect(await handle.store.journal.read(1)).toEqual(new Map([['10', 'h10'], ['11', 'h11']]));
      expect(await handle.store.journal.read(2)).toEqual(new Map([['10', 'other']]));
      expect(await handle.store.journal.read(3)).toEqual(new Map());
    } finally {
      await handle.close();
    }
  });
});

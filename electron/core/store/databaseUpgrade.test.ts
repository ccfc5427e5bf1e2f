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
      expect(db.verno).toBe(6);
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
      // Written by version 4's upgrade, given its category by version 5's.
      expect(events[0]).toMatchObject({ source: 'console', kind: 'database.upgraded', level: 'warning', category: 'console' });
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
      expect(db.verno).toBe(6);
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

  it('gives every stored event its category and indexes the log for filtered pages (version 5)', async () => {
    const factory = { indexedDB: new IDBFactory(), IDBKeyRange };
    const v4 = new Dexie('portcullis', factory);
    v4.version(4).stores({ ...V1_STORES, journal: null, journalEntries: '++seq', journalLinks: '[deviceId+seq], seq' });
    await v4.open();
    const stored = (kind: string, time: number, deviceId: number | null, userId: string | null) => ({
      time,
      source: deviceId === null ? 'console' : 'device',
      kind,
      level: 'info',
      message: kind,
      deviceId,
      userId,
      deviceEventId: deviceId === null ? null : time,
      ...(deviceId === null ? {} : { deviceEventKey: `${deviceId}:${time}` }),
    });
    // More than one upgrade step (5,000 rows), so the chunked conversion is exercised.
    const rows = Array.from({ length: 12_001 }, (_, i) => stored(i % 3 === 0 ? 'device.0x1000' : i % 3 === 1 ? 'sync.started' : 'device.0x5400', 1_000 + i, i % 3 === 1 ? null : 7, i % 3 === 0 ? '42' : null));
    await v4.table('events').bulkAdd(rows);
    v4.close();

    const db = await openPortcullisDatabase(factory);
    try {
      expect(db.verno).toBe(6);
      expect(await db.events.count()).toBe(12_001);
      expect(await db.events.where('[category+time+seq]').between(['authentication', -Infinity, -Infinity], ['authentication', Infinity, Infinity]).count()).toBe(4_001);
      expect(await db.events.where('[category+time+seq]').between(['sync', -Infinity, -Infinity], ['sync', Infinity, Infinity]).count()).toBe(4_000);
      expect(await db.events.where('[category+time+seq]').between(['door', -Infinity, -Infinity], ['door', Infinity, Infinity]).count()).toBe(4_000);
      // A console event has no device and no user: it is in neither index.
      expect(await db.events.where('[deviceId+time+seq]').between([7, -Infinity, -Infinity], [7, Infinity, Infinity]).count()).toBe(8_001);
      expect(await db.events.where('[userId+time+seq]').between(['42', -Infinity, -Infinity], ['42', Infinity, Infinity]).count()).toBe(4_001);
      // By time alone: [time+seq] replaces version 1's time index.
      expect(await db.events.where('[time+seq]').below([1_010, -Infinity]).count()).toBe(10);
      // Stored once per device event still holds.
      await expect(db.events.add({ ...stored('device.0x1000', 1_000, 7, '42'), category: 'authentication' } as never)).rejects.toThrow();
    } finally {
      db.close();
    }
  });
});

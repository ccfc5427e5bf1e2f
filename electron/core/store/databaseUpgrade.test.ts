import Dexie from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { describe, expect, it } from 'vitest';
import { openPortcullisDatabase } from '../../../renderer/dbhost/schema';
import { openInProcessStore } from './inProcessStore';

describe('database upgrade', () => {
  it('carries version 1 journals (one row per user and device) over to the entry layout', async () => {
    const factory = { indexedDB: new IDBFactory(), IDBKeyRange };
    const old = new Dexie('portcullis', factory);
    old.version(1).stores({ journal: '[deviceId+userId], deviceId' });
    await old.open();
    await old.table('journal').bulkPut([
      { deviceId: 1, userId: '10', hash: 'h10' },
      { deviceId: 1, userId: '11', hash: 'h11' },
      { deviceId: 2, userId: '10', hash: 'other' },
    ]);
    old.close();

    const database = await openPortcullisDatabase(factory);
    expect(database.verno).toBeGreaterThanOrEqual(3);
    expect(database.tables.map((table) => table.name)).not.toContain('journal');
    database.close();
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

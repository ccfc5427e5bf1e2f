import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { blankUser, type User } from '../../../shared/domain/user';
import { openInProcessStore, type InProcessStore } from '../store/inProcessStore';
import { CHANGE_READ_BATCH, DesiredIndex } from './desiredIndex';

const CAPABILITIES = { cards: true, fingerprints: true, faces: false };

describe('DesiredIndex', () => {
  let database: InProcessStore | null = null;
  afterEach(async () => {
    await database?.close();
    database = null;
  });

  const named = (id: number, name: string): User => ({ ...blankUser(String(id), 1), name });

  it('applies a large change in reads of at most CHANGE_READ_BATCH users, every user re-projected', async () => {
    database = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange }, { userIdPolicy: 'numeric' });
    const { store } = database;
    const count = CHANGE_READ_BATCH * 2 + 7;
    const ids = Array.from({ length: count }, (_, i) => String(i + 1));
    await store.users.put(ids.map((id) => named(Number(id), `Before ${id}`)));
    const index = new DesiredIndex(store);
    const before = new Map([...(await index.forCapabilities(CAPABILITIES))].map(([id, entry]) => [id, entry.hash]));

    // Every user renamed, the last one deleted: one change of them all, as an import reports it.
    await store.users.put(ids.slice(0, -1).map((id) => named(Number(id), `After ${id}`)));
    await store.users.delete(ids.slice(-1));
    const get = vi.spyOn(store.users, 'get');
    await index.applyUserChanges(ids);

    expect(get.mock.calls.map(([asked]) => asked.length)).toEqual([CHANGE_READ_BATCH, CHANGE_READ_BATCH, 7]);
    const after = await index.forCapabilities(CAPABILITIES);
    expect(after.size).toBe(count - 1);
    expect(ids.slice(0, -1).every((id) => after.get(id) !== undefined && after.get(id)?.hash !== before.get(id))).toBe(true);
    expect(after.has(ids[count - 1] ?? '')).toBe(false);
  });
});

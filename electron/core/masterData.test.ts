import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blankUser, type User } from '../../shared/domain/user';
import { masterDataHandlers, type MasterDataHandlers } from './masterData';
import { openInProcessStore, type InProcessStore } from './store/inProcessStore';
import { EventWriter } from './sync/syncEvents';

const NOW = 1_700_000_000_000;
const user = (id: string, name: string): User => ({ ...blankUser(id, NOW), name });

let handle: InProcessStore;
let handlers: MasterDataHandlers;
let events: EventWriter;

beforeEach(async () => {
  handle = await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange });
  events = new EventWriter(handle.store);
  handlers = masterDataHandlers(handle.store, events, () => NOW);
});

afterEach(async () => {
  await handle.close();
});

describe('saveUser', () => {
  it('adds a new user when createOnly is set', async () => {
    expect(await handlers.saveUser({ user: user('123', 'Ada'), createOnly: true })).toEqual({ stored: true, problems: [] });
    expect((await handle.store.users.get(['123']))[0]?.name).toBe('Ada');
  });

  it('refuses to replace an existing user when createOnly is set, naming the ID, and logs nothing', async () => {
    await handlers.saveUser({ user: user('123', 'Ada') });
    await events.flush();
    const eventsBefore = await handle.database.events.count();
    expect(await handlers.saveUser({ user: user('123', 'Grace'), createOnly: true })).toEqual({
      stored: false,
      problems: [{ field: 'id', message: 'user ID 123 already exists' }],
    });
    expect((await handle.store.users.get(['123']))[0]?.name).toBe('Ada');
    await events.flush();
    expect(await handle.database.events.count()).toBe(eventsBefore);
  });

  it('replaces an existing user without the flag (an edit)', async () => {
    await handlers.saveUser({ user: user('123', 'Ada') });
    expect(await handlers.saveUser({ user: user('123', 'Ada L.') })).toEqual({ stored: true, problems: [] });
    expect((await handle.store.users.get(['123']))[0]?.name).toBe('Ada L.');
  });
});

describe('saving an access record', () => {
  it('stores an edit of a record that exists, and logs it', async () => {
    const { id } = await handlers.createAccessGroup({ record: { name: 'Night shift', levelIds: [] } });
    await handlers.saveAccessGroup({ record: { id, name: 'Night crew', levelIds: [] } });
    expect((await handle.store.accessGroups.all()).map((group) => group.name)).toEqual(['Night crew']);
  });

  it('refuses an edit of a record deleted meanwhile (a stale editor) instead of bringing it back, and logs nothing', async () => {
    const { id } = await handlers.createAccessGroup({ record: { name: 'Night shift', levelIds: [] } });
    await handlers.deleteAccessGroups({ ids: [id] });
    await events.flush();
    const eventsBefore = await handle.database.events.count();
    await expect(handlers.saveAccessGroup({ record: { id, name: 'Night crew', levelIds: [] } })).rejects.toThrow(
      `This access group (ID ${id}) was deleted meanwhile, so the edit was not saved`,
    );
    expect(await handle.store.accessGroups.all()).toEqual([]);
    await events.flush();
    expect(await handle.database.events.count()).toBe(eventsBefore);
  });
});

describe('the audit names the signed-in operator', () => {
  it('logs each edit as made by the caller’s operator, not a fixed actor', async () => {
    const caller = { session: null, operator: { id: 'u1', name: 'Uma', role: 'userOperator' } } as const;
    await handlers.saveUser({ user: user('77', 'Grace') }, caller);
    await handlers.saveUser({ user: user('77', 'Grace H.') }, caller);
    await handlers.deleteUsers({ ids: ['77'] }, caller);
    const { id } = await handlers.createDoor({ record: { name: 'Lab', entryDeviceId: 11, exitDeviceId: null, relayPort: 0, sensor: null, exitButton: null, autoLockSeconds: 3, heldOpenSeconds: 10 } }, caller);
    await events.flush();
    const messages = (await handle.database.events.toArray()).map((event) => event.message);
    expect(messages).toEqual([
      'Uma added user 77 “Grace” (0 cards, 0 fingerprints, 0 faces, no access group)',
      'Uma changed user 77 “Grace H.”: name “Grace” → “Grace H.”',
      'Uma deleted user 77 “Grace H.”',
      `Uma created door ${id} “Lab”`,
    ]);
  });
});

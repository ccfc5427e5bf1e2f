import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLoopbackPair } from '../../../shared/db/loopback';
import type { DbMessage, DbRequest } from '../../../shared/db/protocol';
import type { DbTransport } from '../../../shared/db/transport';
import { blankUser } from '../../../shared/domain/user';
import { openPortcullisDatabase } from '../../../renderer/dbhost/schema';
import { serveDatabaseHost } from '../../../renderer/dbhost/server';
import { createDatabaseHostLink } from './databaseHostLink';
import { RemoteStore } from './remoteStore';
import { StoreFaultError, StoreUnavailableError, StoreWriteError } from './store';

const stores: RemoteStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.close();
});

function remoteStore(options: ConstructorParameters<typeof RemoteStore>[0] = {}): RemoteStore {
  const store = new RemoteStore({ log: () => {}, ...options });
  stores.push(store);
  return store;
}

/** A database host we script by hand: it records requests and answers only when told. */
function scriptedHost() {
  const [coreEnd, hostEnd] = createLoopbackPair();
  const requests: DbRequest[] = [];
  hostEnd.onMessage((message) => requests.push(message as DbRequest));
  return {
    coreEnd,
    hostEnd,
    requests,
    nextRequest: async (): Promise<DbRequest> => {
      await vi.waitFor(() => expect(requests.length).toBeGreaterThan(0));
      return requests.shift()!;
    },
    send: (message: DbMessage | unknown) => hostEnd.send(message as DbMessage),
  };
}

/** A real database host on fake-indexeddb, on its own loopback link. */
async function realHost(): Promise<DbTransport> {
  const db = await openPortcullisDatabase({ indexedDB: new IDBFactory(), IDBKeyRange });
  const [coreEnd, hostEnd] = createLoopbackPair();
  serveDatabaseHost(db, hostEnd);
  return coreEnd;
}

describe('RemoteStore', () => {
  it('fails a request the host does not answer in time, naming it', async () => {
    const store = remoteStore({ requestTimeoutMs: 50 });
    store.attach(scriptedHost().coreEnd);
    const attempt = store.users.put([blankUser('1')]);
    await expect(attempt).rejects.toThrow(StoreUnavailableError);
    await expect(attempt).rejects.toThrow('the database host did not answer users.put within 50 ms');
  });

  it('says 30 s in words people read', async () => {
    vi.useFakeTimers();
    try {
      const store = remoteStore();
      store.attach(scriptedHost().coreEnd);
      const attempt = store.users.count();
      attempt.catch(() => {});
      await vi.advanceTimersByTimeAsync(30_000);
      await expect(attempt).rejects.toThrow('the database host did not answer users.count within 30 s');
    } finally {
      vi.useRealTimers();
    }
  });

  it('keeps requests made before any database host, and sends them once one is attached', async () => {
    const store = remoteStore();
    const early = store.users.put([{ ...blankUser('1'), name: 'Early' }]);
    const count = store.users.count();
    await new Promise((resolve) => setTimeout(resolve, 20));
    store.attach(await realHost());
    await expect(early).resolves.toEqual({ stored: ['1'], refused: [] });
    await expect(count).resolves.toBe(1);
  });

  it('gives up waiting for a database host after a bound', async () => {
    const store = remoteStore({ attachTimeoutMs: 30 });
    await expect(store.users.count()).rejects.toThrow('no database host is connected: users.count waited 30 ms for one');
  });

  it('fails what was sent when the transport closes, then waits for the next host', async () => {
    const store = remoteStore();
    const host = scriptedHost();
    store.attach(host.coreEnd);
    const lost = store.users.get(['1']);
    await host.nextRequest();
    host.hostEnd.close('renderer crashed');
    await expect(lost).rejects.toThrow(StoreUnavailableError);
    await expect(lost).rejects.toThrow('the database host went away before answering users.get (renderer crashed)');
    expect(store.attached).toBe(false);

    const later = store.users.count();
    store.attach(await realHost());
    await expect(later).resolves.toBe(0);
  });

  it('closes the previous transport when a new host is attached', async () => {
    const store = remoteStore();
    const first = scriptedHost();
    const closed = vi.fn();
    first.hostEnd.onClose(closed);
    store.attach(first.coreEnd);
    const pending = store.users.count();
    await first.nextRequest();
    store.attach(await realHost());
    await expect(pending).rejects.toThrow('went away before answering users.count');
    await vi.waitFor(() => expect(closed).toHaveBeenCalledWith('replaced by a new database host'));
    await expect(store.users.count()).resolves.toBe(0);
  });

  it('refuses results off the protocol instead of handing them to the engine', async () => {
    const store = remoteStore();
    const host = scriptedHost();
    store.attach(host.coreEnd);
    const get = store.users.get(['1']);
    const request = await host.nextRequest();
    host.send({ type: 'response', id: request.id, ok: true, result: [{ id: '1', name: 'no other fields' }] });
    await expect(get).rejects.toThrow('the database host answered users.get with a malformed result');

    const short = store.users.get(['1', '2']);
    host.send({ type: 'response', id: (await host.nextRequest()).id, ok: true, result: [null] });
    await expect(short).rejects.toThrow('answered users.get for 2 IDs with 1 records');
  });

  it('ignores malformed messages and answers to unknown requests, logging them', async () => {
    const log = vi.fn();
    const store = remoteStore({ log });
    const host = scriptedHost();
    store.attach(host.coreEnd);
    const changes = vi.fn();
    store.onChange(changes);
    const count = store.users.count();
    const request = await host.nextRequest();
    host.send('garbage');
    host.send({ type: 'changed', change: { table: 'users', ids: [42] } });
    host.send({ type: 'response', id: 999, ok: true, result: 5 });
    host.send({ type: 'response', id: null, ok: false, error: { kind: 'invalid-request', message: 'what was that?' } });
    host.send({ type: 'response', id: request.id, ok: true, result: 3 });
    await expect(count).resolves.toBe(3);
    expect(changes).not.toHaveBeenCalled();
    expect(log.mock.calls.map(([message]) => String(message))).toEqual([
      expect.stringContaining('ignored a malformed message'),
      expect.stringContaining('ignored a malformed message'),
      'the database host could not read a message: what was that?',
    ]);
  });

  it('reads the next scan page while the caller works on this one, and stops a host that does not move forward', async () => {
    const store = remoteStore();
    const host = scriptedHost();
    store.attach(host.coreEnd);
    const page = (ids: string[], more: boolean) => ({ users: ids.map((id) => blankUser(id, 1)), more });
    const scan = store.users.scan(2)[Symbol.asyncIterator]();
    const first = scan.next();
    const request = await host.nextRequest();
    expect(request.args).toEqual({ afterId: null, limit: 2 });
    host.send({ type: 'response', id: request.id, ok: true, result: page(['1', '2'], true) });
    expect((await first).value).toHaveLength(2);
    // Asked for before the caller wanted it.
    const prefetched = await host.nextRequest();
    expect(prefetched.args).toEqual({ afterId: '2', limit: 2 });
    const second = scan.next();
    host.send({ type: 'response', id: prefetched.id, ok: true, result: page(['1', '2'], true) });
    await expect(second).rejects.toThrow('the database host answered users.scan out of order');
  });

  it('turns refusals into StoreWriteError, failed writes into StoreFaultError (worth trying again) and other failures into errors naming the request', async () => {
    const store = remoteStore();
    const host = scriptedHost();
    store.attach(host.coreEnd);
    const refused = store.doors.put([]);
    host.send({ type: 'response', id: (await host.nextRequest()).id, ok: false, error: { kind: 'refused', message: 'door 1 was refused' } });
    await expect(refused).rejects.toThrow(StoreWriteError);
    await expect(refused).rejects.not.toThrow(StoreFaultError);

    const quota = store.journal.clear(1);
    host.send({ type: 'response', id: (await host.nextRequest()).id, ok: false, error: { kind: 'failed', message: 'QuotaExceededError: full' } });
    await expect(quota).rejects.toThrow(new StoreFaultError('the database could not apply journal.clear: QuotaExceededError: full'));
    await expect(quota).rejects.toThrow(StoreWriteError);

    const read = store.users.count();
    host.send({ type: 'response', id: (await host.nextRequest()).id, ok: false, error: { kind: 'failed', message: 'AbortError' } });
    await expect(read).rejects.toThrow('the database failed users.count: AbortError');
  });

  it('fails everything waiting or pending when closed, and refuses new work', async () => {
    const store = remoteStore();
    const waiting = store.users.count();
    store.close();
    await expect(waiting).rejects.toThrow('users.count was cancelled: the console is shutting down');
    await expect(store.users.count()).rejects.toThrow(StoreUnavailableError);
  });

  it('says how far a multi-batch users.put got when a batch fails', async () => {
    const store = remoteStore({ usersPerRequest: 2 });
    const host = scriptedHost();
    store.attach(host.coreEnd);
    const put = store.users.put(['1', '2', '3', '4', '5'].map((id) => blankUser(id)));
    const first = await host.nextRequest();
    host.send({ type: 'response', id: first.id, ok: true, result: { stored: ['1', '2'], refused: [] } });
    const second = await host.nextRequest();
    host.send({ type: 'response', id: second.id, ok: false, error: { kind: 'failed', message: 'AbortError' } });
    await expect(put).rejects.toThrow(
      new StoreFaultError('users.put stopped at batch 2 of 3; the 2 users stored before it stay stored: the database could not apply users.put: AbortError'),
    );
  });

  it('keeps at most two users.put batches in flight', async () => {
    const store = remoteStore({ usersPerRequest: 1 });
    const host = scriptedHost();
    store.attach(host.coreEnd);
    const put = store.users.put(['1', '2', '3'].map((id) => blankUser(id)));
    await vi.waitFor(() => expect(host.requests).toHaveLength(2));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(host.requests).toHaveLength(2);
    for (const id of ['1', '2', '3']) {
      const request = await host.nextRequest();
      host.send({ type: 'response', id: request.id, ok: true, result: { stored: [id], refused: [] } });
    }
    await expect(put).resolves.toEqual({ stored: ['1', '2', '3'], refused: [] });
  });
});

describe('createDatabaseHostLink', () => {
  it('is a Store that starts without a host and serves once one is attached', async () => {
    const link = createDatabaseHostLink({ log: () => {} });
    stores.push(link.store);
    const count = link.store.users.count();
    link.attach(await realHost());
    await expect(count).resolves.toBe(0);
    link.close();
    await expect(link.store.users.count()).rejects.toThrow('shutting down');
  });
});

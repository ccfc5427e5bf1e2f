import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLoopbackPair } from '../../../shared/db/loopback';
import { DB_LIMITS, type DbMessage } from '../../../shared/db/protocol';
import type { DbTransport } from '../../../shared/db/transport';
import { blankUser } from '../../../shared/domain/user';
import { openPortcullisDatabase, type PortcullisDatabase } from '../../../renderer/dbhost/schema';
import { serveDatabaseHost, type DatabaseHostService } from '../../../renderer/dbhost/server';

// The database host (renderer/dbhost/server.ts) facing a peer that sends anything at all: it
// answers every message, never throws, and never lets a malformed request reach the database.
// (Tests of renderer/dbhost live here because vitest runs the Node-side folders.)

let db: PortcullisDatabase;
let host: DatabaseHostService;
let peer: DbTransport;
let received: Record<string, unknown>[];

beforeEach(async () => {
  db = await openPortcullisDatabase({ indexedDB: new IDBFactory(), IDBKeyRange });
  const [coreEnd, hostEnd] = createLoopbackPair();
  host = serveDatabaseHost(db, hostEnd);
  peer = coreEnd;
  received = [];
  peer.onMessage((message) => received.push(message as Record<string, unknown>));
});

afterEach(() => {
  host.stop();
  db.close();
});

/** Sends one raw message and waits for the response it gets. */
async function exchange(message: unknown): Promise<Record<string, unknown>> {
  const before = received.filter((m) => m.type === 'response').length;
  peer.send(message as DbMessage);
  await vi.waitFor(() => expect(received.filter((m) => m.type === 'response').length).toBe(before + 1));
  return received.filter((m) => m.type === 'response').at(-1)!;
}

describe('database host, facing malformed messages', () => {
  it.each([
    ['a bare string', 'not json', null, 'not a database request'],
    ['null', null, null, 'not a database request'],
    ['a request without an ID', { type: 'request', name: 'users.count' }, null, 'id'],
    ['a negative ID', { type: 'request', id: -1, name: 'users.count' }, null, 'id'],
    ['an unknown envelope', { type: 'subscribe', id: 3 }, 3, 'type'],
    ['extra envelope fields', { type: 'request', id: 4, name: 'users.count', admin: true }, 4, 'not a database request'],
    ['an unknown request', { type: 'request', id: 5, name: 'users.drop' }, 5, 'unknown request "users.drop"'],
    ['a prototype key as name', { type: 'request', id: 6, name: 'constructor' }, 6, 'unknown request "constructor"'],
    ['__proto__ as name', { type: 'request', id: 7, name: '__proto__' }, 7, 'unknown request "__proto__"'],
    ['arguments for a request that takes none', { type: 'request', id: 8, name: 'users.count', args: { all: true } }, 8, 'invalid arguments for users.count'],
    ['wrong argument types', { type: 'request', id: 9, name: 'users.get', args: { ids: [1, 2] } }, 9, 'invalid arguments for users.get: ids.0'],
    ['a missing argument', { type: 'request', id: 10, name: 'journal.read', args: {} }, 10, 'invalid arguments for journal.read: deviceId'],
    ['a page too large', { type: 'request', id: 11, name: 'users.scan', args: { afterId: null, limit: 1e9 } }, 11, 'invalid arguments for users.scan: limit'],
    [
      'too many users in one put',
      { type: 'request', id: 12, name: 'users.put', args: { users: Array.from({ length: DB_LIMITS.usersPerPut + 1 }, () => ({})), idPolicy: 'numeric' } },
      12,
      'invalid arguments for users.put: users',
    ],
    ['a setting that is not JSON-shaped', { type: 'request', id: 13, name: 'settings.put', args: { key: 'k' } }, 13, 'invalid arguments for settings.put'],
  ])('answers %s with invalid-request', async (_what, message, id, words) => {
    const response = await exchange(message);
    expect(response).toMatchObject({ type: 'response', id, ok: false, error: { kind: 'invalid-request' } });
    expect(String((response.error as { message: string }).message)).toContain(words);
  });

  it('keeps serving after malformed messages, and stored nothing because of them', async () => {
    await exchange({ type: 'request', id: 1, name: 'users.put', args: { users: [blankUser('1')] } });
    await exchange({ type: 'request', id: 2, name: 'users.put', args: { users: [blankUser('1')], idPolicy: 'numeric' } });
    expect(await exchange({ type: 'request', id: 3, name: 'users.count' })).toEqual({ type: 'response', id: 3, ok: true, result: 1 });
  });

  it('answers a record that breaks the domain with refused, and a database failure with failed', async () => {
    const entryOnly = { id: 1, name: 'Z', kind: 'anti-passback', mode: 'hard', resetMinutes: 0, members: [{ deviceId: 5, role: 'entry' }] };
    const refused = await exchange({ type: 'request', id: 1, name: 'zones.put', args: { records: [entryOnly] } });
    expect(refused).toMatchObject({
      id: 1,
      ok: false,
      error: { kind: 'refused', message: 'zone 1 was refused: members: choose at least one exit reader: anti-passback needs a way in and a way out' },
    });
    db.close();
    const failed = await exchange({ type: 'request', id: 2, name: 'users.count' });
    expect(failed).toMatchObject({ id: 2, ok: false, error: { kind: 'failed' } });
    expect(String((failed.error as { message: string }).message)).toContain('DatabaseClosedError');
  });

  it('sends changed before the response of the write it reports', async () => {
    await exchange({ type: 'request', id: 1, name: 'users.put', args: { users: [blankUser('1'), blankUser('0')], idPolicy: 'numeric' } });
    expect(received.map((message) => message.type)).toEqual(['changed', 'response']);
    expect(received[0]).toEqual({ type: 'changed', change: { table: 'users', ids: ['1'] } });
  });
});

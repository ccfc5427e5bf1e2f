import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { DATABASE_HOST_BUSY_CODE, DATABASE_HOST_BUSY_REASON } from '../../shared/db/channels';
import { blankUser } from '../../shared/domain/user';
import { connectDatabaseHost, type HostConnection, type HostSocketFactory } from '../../renderer/dbhost/hostSocket';
import { openPortcullisDatabase, type PortcullisDatabase } from '../../renderer/dbhost/schema';
import { serveDatabaseHost } from '../../renderer/dbhost/server';
import { createDatabaseHostLink, type DatabaseHostLink } from '../core/store/databaseHostLink';
import type { StoreChange } from '../core/store/store';
import { attachDatabaseHostEndpoint, type DatabaseHostEndpoint } from './databaseHostEndpoint';
import { routeUpgrades } from './upgradeRoutes';

// The dev/test host's database path end to end in Node: the page worker's connection loop
// (renderer/dbhost/hostSocket.ts, here over the `ws` package instead of the browser's
// WebSocket) and the real database host on fake-indexeddb, the /dbhost endpoint, and the
// core's RemoteStore. Playwright runs the same path in Chromium (e2e/browser/database-host.spec.ts).

const ORIGIN_PLACEHOLDER = 'http://127.0.0.1:0';

/** The `ws` package behind the worker's socket interface. */
const nodeSockets: HostSocketFactory = (url, events) => {
  const ws = new WebSocket(url);
  ws.on('open', () => events.onOpen());
  ws.on('message', (data) => events.onMessage(data.toString()));
  ws.on('close', (code, reason) => events.onClose(code, reason.toString()));
  ws.on('error', () => {});
  return { send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) };
};

let server: Server;
let url: string;
let origin: string;
let endpoint: DatabaseHostEndpoint;
let link: DatabaseHostLink;
let factory: InstanceType<typeof IDBFactory>;
const workers: HostConnection[] = [];
const databases: PortcullisDatabase[] = [];

beforeEach(async () => {
  server = createServer((_request, response) => response.writeHead(404).end());
  origin = ORIGIN_PLACEHOLDER;
  const routes = routeUpgrades(server, () => origin);
  link = createDatabaseHostLink({ log: () => {} });
  endpoint = attachDatabaseHostEndpoint(routes, link.attach);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  url = `ws://127.0.0.1:${port}/dbhost`;
  // One browser origin: every tab's worker opens the same IndexedDB.
  factory = new IDBFactory();
});

afterEach(async () => {
  for (const worker of workers.splice(0)) worker.stop();
  link.close();
  endpoint.close();
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  for (const db of databases.splice(0)) db.close();
});

/** One tab's database host worker; reports what its socket was told when closed. */
async function startWorker(closes: { code: number; reason: string }[] = []): Promise<HostConnection> {
  const db = await openPortcullisDatabase({ indexedDB: factory, IDBKeyRange });
  databases.push(db);
  const worker = connectDatabaseHost({
    url,
    serve: (transport) => serveDatabaseHost(db, transport),
    createSocket: (target, events) =>
      nodeSockets(target, {
        ...events,
        onClose: (code, reason) => {
          closes.push({ code, reason });
          events.onClose(code, reason);
        },
      }),
    retryMs: 20,
    busyRetryMs: 50,
    random: () => 0.5,
  });
  workers.push(worker);
  return worker;
}

function openRaw(path: string, headers: Record<string, string> = {}): Promise<WebSocket> {
  const socket = new WebSocket(`${origin.replace('http', 'ws')}${path}`, { headers });
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`refused with ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

describe('the /dbhost endpoint', () => {
  it('serves the core Store from the worker that connects', async () => {
    const changes: StoreChange[] = [];
    link.store.onChange((change) => changes.push(change));
    // The core asks before any browser is open: the request waits for the worker.
    const put = link.store.users.put([{ ...blankUser('7'), name: 'Night guard', cards: [{ type: 1, data: 'AQID' }] }]);
    await startWorker();
    await expect(put).resolves.toEqual({ stored: ['7'], refused: [] });
    expect((await link.store.users.get(['7']))[0]?.name).toBe('Night guard');
    expect(changes).toEqual([{ table: 'users', ids: ['7'] }]);
    expect(endpoint.connected()).toBe(true);
  });

  it('serves one database host at a time: a second is told why and takes over when the first goes', async () => {
    const first = await startWorker();
    const stored = { ...blankUser('1', 1), cards: [{ type: 1, data: 'AQID' }] };
    await expect(link.store.users.put([stored])).resolves.toMatchObject({ stored: ['1'] });

    const closes: { code: number; reason: string }[] = [];
    await startWorker(closes);
    await vi.waitFor(() => expect(closes.length).toBeGreaterThanOrEqual(2)); // refused, and refused again on retry
    expect(closes[0]).toEqual({ code: DATABASE_HOST_BUSY_CODE, reason: DATABASE_HOST_BUSY_REASON });
    await expect(link.store.users.count()).resolves.toBe(1);

    first.stop();
    // Same origin, same IndexedDB: the second tab's host sees what the first one stored. (A
    // request that went out just before the first host's socket closed fails, as it should.)
    await vi.waitFor(async () => expect(await link.store.users.get(['1'])).toEqual([stored]), { timeout: 2_000 });
    // ...and knows whose the cards are.
    const taken = await link.store.users.put([{ ...blankUser('2', 1), cards: [{ type: 1, data: 'AQID' }] }]);
    expect(taken.refused).toEqual([{ id: '2', problems: [{ field: 'cards.0', message: 'this card already belongs to user 1' }] }]);
  });

  it('fails what was in flight when the worker goes, and serves again when it is back', async () => {
    const worker = await startWorker();
    await expect(link.store.users.count()).resolves.toBe(0);
    worker.stop();
    await vi.waitFor(() => expect(link.store.attached).toBe(false));
    const waiting = link.store.users.count();
    await startWorker();
    await expect(waiting).resolves.toBe(0);
  });

  it('refuses other origins and unknown paths, and accepts the own page and scripts', async () => {
    await expect(openRaw('/dbhost', { Origin: 'https://evil.test' })).rejects.toThrow('refused with 403');
    await expect(openRaw('/elsewhere')).rejects.toThrow('refused with 403');
    const page = await openRaw('/dbhost', { Origin: origin });
    page.close();
    await vi.waitFor(() => expect(endpoint.connected()).toBe(false));
    const script = await openRaw('/dbhost');
    script.close();
  });

  it('hangs up on binary frames', async () => {
    const socket = await openRaw('/dbhost');
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send(Buffer.from([1, 2, 3]));
    expect(await closed).toBe(1003);
  });
});

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { startConsoleRuntime, type ConsoleRuntime } from '../../electron/core/consoleRuntime';
import { createDatabaseHostLink, type DatabaseHostLink } from '../../electron/core/store/databaseHostLink';
import type { StoreChange } from '../../electron/core/store/store';
import { startHostServer, type HostServer } from '../../electron/host/hostServer';
import { blankUser, type User } from '../../shared/domain/user';
import { repoRoot } from '../support/readyProcess';

/*
 * The database host against Chromium's real IndexedDB, through the real path: the operator's
 * page (the built renderer) starts the database host worker, which opens Dexie and connects to
 * the dev/test host's /dbhost socket; the core's Store is the RemoteStore on the other end.
 *
 * The host runs inside this test process (startHostServer, as `npm run host` does) so that the
 * test holds that RemoteStore and drives the Store port directly: nothing test-only is added
 * to the product, and the renderer contract is not widened to reach the database. Node tests
 * (fake-indexeddb) cover every operation; this suite proves the same modules in the browser:
 * the worker bundle, Dexie on real IndexedDB, the WebSocket link and the one-host-at-a-time rule.
 */

let dataDir: string;
let runtime: ConsoleRuntime;
let host: HostServer;
let link: DatabaseHostLink;

test.beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'portcullis-dbhost-'));
  link = createDatabaseHostLink();
  runtime = await startConsoleRuntime({ shell: 'host', version: 'test', dataDir, gateway: null, virtualSite: { devices: 1 } });
  host = await startHostServer({
    core: runtime.core,
    rendererDir: path.join(repoRoot, 'dist', 'renderer'),
    port: 0,
    onDatabaseHost: link.attach,
  });
});

test.afterAll(async () => {
  await host?.close();
  link?.close();
  await runtime?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

const b64 = (text: string): string => Buffer.from(text).toString('base64');

function user(n: number, change: Partial<User> = {}): User {
  return {
    ...blankUser(String(n), 1_700_000_000_000),
    name: `Guard ${n}`,
    department: n % 2 === 0 ? 'Day' : 'Night',
    cards: [{ type: 1, data: b64(`card-${n}`) }],
    fingers: [
      { index: 0, flag: 0, templates: [b64(`t0a-${n}`.repeat(30)), b64(`t0b-${n}`.repeat(30))] },
      { index: 1, flag: 0, templates: [b64(`t1a-${n}`.repeat(30)), b64(`t1b-${n}`.repeat(30))] },
    ],
    ...change,
  };
}

/** Counts users with IndexedDB's own API in the page: proof the data lives in the browser. */
function countInPage(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('portcullis');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const request = open.result.transaction('users').objectStore('users').count();
          request.onsuccess = () => {
            open.result.close();
            resolve(request.result);
          };
          request.onerror = () => reject(request.error);
        };
      }),
  );
}

test('the page worker serves the core Store from real IndexedDB', async ({ page }) => {
  const changes: StoreChange[] = [];
  const unsubscribe = link.store.onChange((change) => changes.push(change));
  try {
    await page.goto(host.url);
    const users = Array.from({ length: 3_000 }, (_, i) => user(i + 1));
    // Waits for the worker to connect, then goes out in batches.
    const result = await link.store.users.put(users);
    expect(result.stored).toHaveLength(3_000);
    expect(result.refused).toEqual([]);

    const conflict = await link.store.users.put([user(9_001, { cards: [users[41]!.cards[0]!] }), user(9_002, { name: 'x'.repeat(49) })]);
    expect(conflict.stored).toEqual([]);
    expect(conflict.refused).toEqual([
      { id: '9001', problems: [{ field: 'cards.0', message: 'this card already belongs to user 42' }] },
      { id: '9002', problems: [expect.objectContaining({ field: 'name' })] },
    ]);

    expect(await link.store.users.count()).toBe(3_000);
    expect(await link.store.users.get(['42', '9001'])).toEqual([users[41], undefined]);
    const scanned: string[] = [];
    for await (const page of link.store.users.scan(700)) scanned.push(...page.map((found) => found.id));
    expect(scanned).toEqual(users.map((found) => found.id).sort());

    // One batch confirmed by two devices is one entry linked to both; a later one reaches one.
    await link.store.journal.record([540_000_001, 540_000_002], new Map([['1', 'hash-1'], ['2', 'hash-2']]), []);
    await link.store.journal.record([540_000_002], new Map([['3', 'hash-3']]), ['1']);
    expect(await link.store.journal.read(540_000_001)).toEqual(new Map([['1', 'hash-1'], ['2', 'hash-2']]));
    expect(await link.store.journal.read(540_000_002)).toEqual(new Map([['2', 'hash-2'], ['3', 'hash-3']]));
    const deviceEvent = {
      time: 1,
      source: 'device' as const,
      kind: 'device.0x2000',
      level: 'info' as const,
      message: 'User enrolled',
      deviceId: 540_000_001,
      userId: '1',
      deviceEventId: 77,
    };
    await link.store.events.add([deviceEvent, deviceEvent]);
    await link.store.events.add([deviceEvent]);
    await link.store.settings.put('sync.mode', { mode: 'all-devices' });
    expect(await link.store.settings.get('sync.mode')).toEqual({ mode: 'all-devices' });

    expect(changes.filter((change) => change.table === 'users').flatMap((change) => change.ids)).toHaveLength(3_000);
    expect(await countInPage(page)).toBe(3_000);
    const storedEvents = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          const open = indexedDB.open('portcullis');
          open.onsuccess = () => {
            const request = open.result.transaction('events').objectStore('events').count();
            request.onsuccess = () => resolve(request.result);
          };
        }),
    );
    expect(storedEvents).toBe(1);
  } finally {
    unsubscribe();
  }
});

test('a reload starts a new worker on the same database', async ({ page }) => {
  await page.goto(host.url);
  await link.store.users.put([user(1), user(2)]);
  await page.reload();
  // Requests sent just as the old worker's socket closed fail; the next ones reach the new worker.
  await expect.poll(async () => link.store.users.count().catch(() => -1), { timeout: 10_000 }).toBe(2);
  expect(await countInPage(page)).toBe(2);
});

test('a second tab waits while the first serves the database, and takes over when it closes', async ({ context }) => {
  const first = await context.newPage();
  await first.goto(host.url);
  await link.store.users.put([user(5)]);
  const second = await context.newPage();
  await second.goto(host.url);
  // The second tab's worker is refused while the first is connected; the first keeps serving.
  await link.store.users.put([user(6)]);
  expect(await link.store.users.count()).toBe(2);

  await first.close();
  await expect.poll(async () => link.store.users.put([user(7)]).then((result) => result.stored, () => []), { timeout: 15_000 }).toEqual(['7']);
  expect(await countInPage(second)).toBe(3);
});

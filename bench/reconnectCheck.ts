/**
 * Reconnect check of a device holding 100,000 users (DESIGN.md §5: < 1 s): the device's network
 * is cut and restored; measured from the moment the console sees it connected again to the
 * moment its sync state is known (header list read, compared with journal and desired state),
 * and from the network coming back to that state. Baseline in the same run: the bare
 * User.GetList of the same device. Also the first check after the console starts, which has to
 * build the desired state and read the journal from the database once.
 *
 *   npm run bench -- reconnect-check [--users 100000] [--repeats 5] [--store database|memory]
 */
import { parseArgs } from 'node:util';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { GatewayClient } from '../electron/gsdk';
import type { ConsoleCore } from '../electron/core/consoleCore';
import { openInProcessStore } from '../electron/core/store/inProcessStore';
import type { Store } from '../electron/core/store/store';
import { BENCH_GATEWAY, benchUsers, seedUsers, median, report, seconds, startBenchConsole, waitUntil } from './benchSupport';
import { MemoryStore } from './memoryStore';
import { startSimChild } from './simChild';

export async function reconnectCheckBenchmark(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { users: { type: 'string' }, repeats: { type: 'string' }, store: { type: 'string' } } });
  const userCount = Number(values.users ?? 100_000);
  const repeats = Number(values.repeats ?? 5);
  const storeKind = values.store === 'memory' ? 'memory' : 'database';
  const sim = await startSimChild();
  const client = new GatewayClient({ host: '127.0.0.1', port: sim.grpcPort, caCert: null }, { callTimeoutMs: 120_000 });
  const database = storeKind === 'database' ? await openInProcessStore({ indexedDB: new IDBFactory(), IDBKeyRange }) : null;
  const store: Store = database?.store ?? new MemoryStore();
  let core: ConsoleCore | null = null;
  try {
    const { deviceID } = (await sim.control('POST', '/devices', { model: 'BioStation 2', capacity: Math.max(userCount, 1) })) as { deviceID: number };
    const key = `${BENCH_GATEWAY}/${deviceID}`;
    console.error(`preparing: ${userCount} users into the ${storeKind} store and onto device ${deviceID} through the engine`);
    await seedUsers(store, benchUsers(userCount, 1));
    core = startBenchConsole(sim, store);
    const view = () => core?.registry.get(key);
    await waitUntil(() => view()?.sync.state === 'out-of-sync', 'the first check');
    await core.handlers.syncDevice({ deviceId: deviceID });
    await waitUntil(() => view()?.sync.state === 'in-sync', 'the device filled');
    await core.sync?.whenIdle();

    const connectedToChecked: number[] = [];
    const networkToChecked: number[] = [];
    for (let run = 0; run < repeats; run++) {
      await sim.control('POST', `/devices/${deviceID}/network`, { online: false });
      await waitUntil(() => view()?.connection === 'disconnected' && view()?.sync.state === 'unknown', 'the device seen offline');
      const before = view()?.sync.checkedAt ?? 0;
      const restoredAt = Date.now();
      await sim.control('POST', `/devices/${deviceID}/network`, { online: true });
      await waitUntil(() => view()?.sync.state === 'in-sync' && (view()?.sync.checkedAt ?? 0) > before, 'the reconnect check');
      const checked = view();
      if (!checked?.sync.checkedAt) throw new Error('no check time');
      connectedToChecked.push(checked.sync.checkedAt - checked.since);
      networkToChecked.push(checked.sync.checkedAt - restoredAt);
    }

    const getList: number[] = [];
    await client.waitForReady(5_000);
    for (let run = 0; run < repeats; run++) {
      const started = performance.now();
      const hdrs = await client.user.getList(deviceID);
      getList.push(Math.round(performance.now() - started));
      if (hdrs.length !== userCount) throw new Error(`the device lists ${hdrs.length} users`);
    }

    // The first check after a console start: desired state built, journal read from the store.
    await core.stop();
    const startedAt = Date.now();
    core = startBenchConsole(sim, store);
    await waitUntil(() => view()?.sync.state === 'in-sync', 'the first check after a restart');
    const first = view();
    const coldConnectedToChecked = (first?.sync.checkedAt ?? 0) - (first?.since ?? 0);
    const coldTotal = (first?.sync.checkedAt ?? 0) - startedAt;

    report(
      `reconnect check: a device holding ${userCount} users (${storeKind} store)`,
      [
        ['reconnect: connected → state known', `${seconds(median(connectedToChecked))} median of ${repeats} (${connectedToChecked.join(', ')} ms)`],
        ['reconnect: network back → state known', `${seconds(median(networkToChecked))} median (${networkToChecked.join(', ')} ms)`],
        ['baseline: bare User.GetList', `${seconds(median(getList))} median (${getList.join(', ')} ms)`],
        ['first check after console start', `${seconds(coldConnectedToChecked)} connected → state known; ${seconds(coldTotal)} from start`],
        ['budget', 'reconnect check < 1 s'],
      ],
      { users: userCount, store: storeKind, connectedToCheckedMs: connectedToChecked, networkToCheckedMs: networkToChecked, getListMs: getList, coldConnectedToCheckedMs: coldConnectedToChecked, coldTotalMs: coldTotal },
    );
  } finally {
    await core?.stop();
    await database?.close();
    client.close();
    await sim.stop();
  }
}

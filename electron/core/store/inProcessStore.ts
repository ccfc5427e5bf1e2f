import type { DBCore, Middleware } from 'dexie';
import { createLoopbackPair } from '../../../shared/db/loopback';
import { DATABASE_NAME, PortcullisDatabase, type IndexedDbFactory } from '../../../renderer/dbhost/schema';
import { serveDatabaseHost } from '../../../renderer/dbhost/server';
import { RemoteStore, type RemoteStoreOptions } from './remoteStore';

export interface InProcessStore {
  /** The Store, exactly as the app's core gets it: RemoteStore → protocol → database host. */
  store: RemoteStore;
  /** The database behind it, for tests that look at what was stored. */
  database: PortcullisDatabase;
  close(): Promise<void>;
}

/**
 * The real database host (renderer/dbhost) in this process, over a loopback link that turns
 * every message into JSON and back: for Node tests (with fake-indexeddb) and benchmarks. Only
 * the IndexedDB implementation and the link differ from the app.
 */
export async function openInProcessStore(
  factory: IndexedDbFactory,
  options: RemoteStoreOptions & {
    databaseName?: string;
    /** Dexie DBCore middleware under the host (tests: a disk that refuses writes, databaseFaults.ts). */
    middleware?: readonly Middleware<DBCore>[];
  } = {},
): Promise<InProcessStore> {
  const { databaseName, middleware = [], ...storeOptions } = options;
  const database = new PortcullisDatabase(databaseName ?? DATABASE_NAME, factory);
  // Before opening: Dexie builds its middleware stack when the database opens.
  for (const layer of middleware) database.use(layer);
  await database.open();
  const [coreEnd, hostEnd] = createLoopbackPair();
  const host = serveDatabaseHost(database, hostEnd);
  const store = new RemoteStore(storeOptions);
  store.attach(coreEnd);
  return {
    store,
    database,
    async close() {
      store.close();
      host.stop();
      database.close();
    },
  };
}

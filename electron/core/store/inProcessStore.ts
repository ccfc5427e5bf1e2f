import { createLoopbackPair } from '../../../shared/db/loopback';
import { openPortcullisDatabase, type IndexedDbFactory, type PortcullisDatabase } from '../../../renderer/dbhost/schema';
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
  options: RemoteStoreOptions & { databaseName?: string } = {},
): Promise<InProcessStore> {
  const { databaseName, ...storeOptions } = options;
  const database = await openPortcullisDatabase(factory, databaseName);
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

import type { DBCore, Middleware } from 'dexie';
import { createLoopbackPair } from '../../../shared/db/loopback';
import { DATABASE_NAME, PortcullisDatabase, type IndexedDbFactory } from '../../../renderer/dbhost/schema';
import { serveDatabaseHost, type DatabaseHostService } from '../../../renderer/dbhost/server';
import { RemoteStore, type RemoteStoreOptions } from './remoteStore';

export interface InProcessStore {
  /** The Store, exactly as the app's core gets it: RemoteStore → protocol → database host. */
  store: RemoteStore;
  /** The database behind it, for tests that look at what was stored (a new one after `restartHost`). */
  readonly database: PortcullisDatabase;
  /**
   * The database host dies and a new one takes over, as Electron restarts the hidden database
   * window after its renderer crashed: the link closes (what the store had sent on it fails),
   * the new host opens the same IndexedDB and is attached to the same store. Write transactions
   * the old host had not committed are lost only if the caller aborts them first
   * (`DatabaseFaults.abortOpenWrites`); `whileDown` runs in between.
   */
  restartHost(whileDown?: () => void | Promise<void>): Promise<void>;
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
  const store = new RemoteStore(storeOptions);
  const serve = async (): Promise<{ database: PortcullisDatabase; host: DatabaseHostService }> => {
    const database = new PortcullisDatabase(databaseName ?? DATABASE_NAME, factory);
    // Before opening: Dexie builds its middleware stack when the database opens.
    for (const layer of middleware) database.use(layer);
    await database.open();
    const [coreEnd, hostEnd] = createLoopbackPair();
    const host = serveDatabaseHost(database, hostEnd);
    store.attach(coreEnd);
    return { database, host };
  };
  let serving = await serve();
  return {
    store,
    get database() {
      return serving.database;
    },
    async restartHost(whileDown) {
      serving.host.stop();
      serving.database.close();
      await whileDown?.();
      serving = await serve();
    },
    async close() {
      store.close();
      serving.host.stop();
      serving.database.close();
    },
  };
}

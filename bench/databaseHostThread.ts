import { Worker, isMainThread, parentPort, type MessagePort } from 'node:worker_threads';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createTransportCore, type DbTransport } from '../shared/db/transport';
import { RemoteStore } from '../electron/core/store/remoteStore';
import { openPortcullisDatabase } from '../renderer/dbhost/schema';
import { serveDatabaseHost } from '../renderer/dbhost/server';

/**
 * The real database host (renderer/dbhost over fake-indexeddb) in a worker thread, linked to the
 * core's RemoteStore by a MessagePort with structured clone: the shape of the app, where the host
 * is the hidden database window, a process of its own, and main reaches it over a MessagePort.
 * A benchmark run with it measures what the sync waits for, not the host's CPU taken from the
 * engine's thread.
 */
export interface DatabaseHostThread {
  store: RemoteStore;
  close(): Promise<void>;
}

export async function startDatabaseHostThread(): Promise<DatabaseHostThread> {
  // The worker loads this very file from its TypeScript source through tsx's API (a loader
  // flag in execArgv does not reach worker threads on Node 20).
  const bootstrap = `import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(import.meta.url)}, ${JSON.stringify(import.meta.url)}))`;
  const worker = new Worker(bootstrap, { eval: true });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  const store = new RemoteStore();
  store.attach(portTransport(worker));
  return {
    store,
    async close() {
      store.close();
      await worker.terminate();
    },
  };
}

function portTransport(port: MessagePort | Worker): DbTransport {
  const link = createTransportCore({
    send: (message) => port.postMessage(message),
    close: () => undefined,
  });
  port.on('message', (message: unknown) => link.receive(message));
  return link.transport;
}

async function serveInThisThread(port: MessagePort): Promise<void> {
  const database = await openPortcullisDatabase({ indexedDB: new IDBFactory(), IDBKeyRange });
  serveDatabaseHost(database, portTransport(port));
  port.postMessage('ready');
}

if (!isMainThread && parentPort) await serveInThisThread(parentPort);

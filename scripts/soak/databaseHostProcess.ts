import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { createTransportCore } from '../../shared/db/transport';
import { RemoteStore } from '../../electron/core/store/remoteStore';
import { openPortcullisDatabase } from '../../renderer/dbhost/schema';
import { serveDatabaseHost } from '../../renderer/dbhost/server';

/**
 * The real database host (renderer/dbhost over fake-indexeddb) in a child process, linked to the
 * core's RemoteStore over Node's IPC channel with structured clone: in the app the host is the
 * hidden database window, a process of its own, so the soak's reading of the main process's
 * memory must not include the database (its event log grows with every write, as it should).
 */
export interface DatabaseHostProcess {
  store: RemoteStore;
  close(): Promise<void>;
}

export async function startDatabaseHostProcess(): Promise<DatabaseHostProcess> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve'], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the database host exited with code ${String(code)} before it was ready`)));
  });
  const link = createTransportCore({
    send: (message) => {
      child.send(message);
    },
    close: () => undefined,
  });
  child.on('message', (message: unknown) => link.receive(message));
  child.once('exit', () => link.closed('the database host process ended'));
  const store = new RemoteStore();
  store.attach(link.transport);
  return {
    store,
    async close() {
      store.close();
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function serveOverIpc(): Promise<void> {
  const send = process.send?.bind(process);
  if (!send) throw new Error('the database host process needs an IPC channel');
  const database = await openPortcullisDatabase({ indexedDB: new IDBFactory(), IDBKeyRange });
  const link = createTransportCore({
    send: (message) => {
      send(message);
    },
    close: () => process.exit(0),
  });
  process.on('message', (message: unknown) => link.receive(message));
  // The soak ended (or died): nothing is left to serve.
  process.on('disconnect', () => process.exit(0));
  serveDatabaseHost(database, link.transport);
  send('ready');
}

if (process.argv.includes('--serve')) await serveOverIpc();

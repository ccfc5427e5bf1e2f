import type { DbTransport } from '../../../shared/db/transport';
import { RemoteStore, type RemoteStoreOptions } from './remoteStore';

/**
 * The core's end of the data plane: the Store the engine uses, and the socket where a shell
 * plugs in its database host when it has one. Electron attaches the hidden database window's
 * MessagePort (again after every restart of that window); the dev/test host attaches the
 * WebSocket of the page's worker. Requests made before the first attach wait for it.
 */
export interface DatabaseHostLink {
  store: RemoteStore;
  /** A new database host is ready on `transport`; it replaces the previous one. */
  attach(transport: DbTransport): void;
  /** Shutdown: fails what is pending and closes the current transport. */
  close(): void;
}

export function createDatabaseHostLink(options: RemoteStoreOptions = {}): DatabaseHostLink {
  const store = new RemoteStore(options);
  return {
    store,
    attach: (transport) => store.attach(transport),
    close: () => store.close(),
  };
}

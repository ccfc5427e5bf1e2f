// First: configures zod before any schema is created (the window's CSP has no 'unsafe-eval').
import '../src/zodSetup';
import { drop } from '../../shared/assert';
import { DATABASE_PORT_CHANNEL } from '../../shared/db/channels';
import { messagePortTransport } from './portTransport';
import { openPortcullisDatabase } from './schema';
import { serveDatabaseHost, type DatabaseHostService } from './server';

/**
 * The database host in Electron: the page of the hidden database window (dbhost.html). Main
 * sends a MessagePort through the preload (electron/main/dbhostPreload.ts), which forwards it
 * as a window message; every port that arrives replaces the previous one.
 */
const database = openPortcullisDatabase();
let service: DatabaseHostService | null = null;

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  // Only the preload's own message, posted on this window, with the port attached.
  const port = event.ports[0];
  if (event.source !== window || !port || !isPortMessage(event.data)) return;
  drop(
    database.then((db) => {
      service?.stop();
      service = serveDatabaseHost(db, messagePortTransport(port));
    }),
    (error: unknown) => console.error('the database host could not open the database:', error),
  );
});

// Ask Chromium to keep this origin's storage under disk pressure: it holds the master copy.
// Main grants it to our own origin (electron/main/windowGuards.ts); nothing else depends on it.
drop(navigator.storage.persist());

function isPortMessage(data: unknown): boolean {
  return typeof data === 'object' && data !== null && 'type' in data && data.type === DATABASE_PORT_CHANNEL;
}

// First: configures zod before any schema is created (the page's CSP has no 'unsafe-eval').
import '../src/zodSetup';
import { DATABASE_HOST_PATH } from '../../shared/db/channels';
import { connectDatabaseHost, databaseHostUrl, type HostSocketFactory } from './hostSocket';
import { openPortcullisDatabase } from './schema';
import { serveDatabaseHost } from './server';

/**
 * The database host of the dev/test host: a Web Worker of the operator's page (started by
 * inBrowser.ts) that owns the page origin's IndexedDB and serves it to the console core over
 * the host's /dbhost WebSocket. The same modules run in Electron's hidden database window.
 */
const browserSockets: HostSocketFactory = (url, events) => {
  const ws = new WebSocket(url);
  ws.onopen = () => events.onOpen();
  ws.onmessage = (event: MessageEvent<unknown>) => events.onMessage(typeof event.data === 'string' ? event.data : '');
  ws.onclose = (event) => events.onClose(event.code, event.reason);
  return { send: (text) => ws.send(text), close: (code, reason) => ws.close(code, reason) };
};

openPortcullisDatabase().then(
  (db) => {
    connectDatabaseHost({
      url: databaseHostUrl(self.location, DATABASE_HOST_PATH),
      serve: (transport) => serveDatabaseHost(db, transport),
      createSocket: browserSockets,
    });
  },
  (error: unknown) => {
    // Nothing connects, so the core's requests fail with "no database host is connected".
    console.error('the database host could not open the database:', error);
  },
);

import { WebSocketServer, type WebSocket } from 'ws';
import { DATABASE_HOST_BUSY_CODE, DATABASE_HOST_BUSY_REASON, DATABASE_HOST_PATH } from '../../shared/db/channels';
import { createTransportCore, parseFrame, type DbTransport } from '../../shared/db/transport';
import type { UpgradeRoutes } from './upgradeRoutes';

/**
 * A users.put batch is a few MB and a scan page at most 8 MB of users (renderer/dbhost); this
 * leaves room for the largest records the domain allows without letting one frame eat memory.
 */
const MAX_FRAME_BYTES = 64 * 1024 * 1024;

export interface DatabaseHostEndpoint {
  /** Whether a database host is connected now. */
  connected(): boolean;
  /** Disconnects the database host and refuses new ones. */
  close(): void;
}

/**
 * The dev/test host's socket for the database host: the page's Web Worker (renderer/dbhost)
 * connects to `/dbhost` and the core's RemoteStore talks to it through `onTransport`.
 *
 * The database has one writer, so exactly one database host is served at a time: a second
 * tab's worker is accepted, told why in the close frame (4001) and closed; it tries again
 * later, and takes over once the active one disconnects.
 */
export function attachDatabaseHostEndpoint(routes: UpgradeRoutes, onTransport: (transport: DbTransport) => void): DatabaseHostEndpoint {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  let active: WebSocket | null = null;
  let closed = false;

  routes.add(DATABASE_HOST_PATH, (request, socket, head) =>
    wss.handleUpgrade(request, socket, head, (ws) => {
      // Accepted before being refused: a browser learns a close reason, never an HTTP status.
      if (active !== null || closed) {
        ws.close(DATABASE_HOST_BUSY_CODE, DATABASE_HOST_BUSY_REASON);
        return;
      }
      active = ws;
      onTransport(serveSocket(ws, () => {
        if (active === ws) active = null;
      }));
    }),
  );

  return {
    connected: () => active !== null,
    close() {
      closed = true;
      for (const client of wss.clients) client.terminate();
      wss.close();
    },
  };
}

/** The socket as a DbTransport: JSON text frames both ways. */
function serveSocket(ws: WebSocket, onGone: () => void): DbTransport {
  const link = createTransportCore({
    send(message) {
      if (ws.readyState !== ws.OPEN) throw new Error('the database host socket is closed');
      ws.send(JSON.stringify(message));
    },
    close(reason) {
      ws.close(1000, closeReason(reason));
    },
  });
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      ws.close(1003, 'text frames only');
      return;
    }
    link.receive(parseFrame(data.toString()));
  });
  ws.on('close', (code, reason) => {
    onGone();
    const why = reason.toString();
    link.closed(`the database host disconnected (${code}${why ? `: ${why}` : ''})`);
  });
  // An 'error' is always followed by 'close', which does the bookkeeping.
  ws.on('error', () => {});
  return link.transport;
}

/** WebSocket close reasons are at most 123 bytes. */
function closeReason(reason: string): string {
  const bytes = new TextEncoder().encode(reason);
  return bytes.length <= 123 ? reason : new TextDecoder().decode(bytes.slice(0, 120)).replace(/\uFFFD$/, '');
}

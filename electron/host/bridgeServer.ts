import { WebSocketServer, type WebSocket } from 'ws';
import { BRIDGE_PATH, bridgeRequestSchema, type BridgeServerMessage } from '../../shared/ipc/bridgeProtocol';
import { MAX_REQUEST_FRAME_BYTES, type EventSink, type RequestHandlers } from '../../shared/ipc/contract';
import { dispatchRequest, type CallerSession } from '../../shared/ipc/dispatch';
import type { UpgradeRoutes } from './upgradeRoutes';

/** A session the core opens for a connection; closed when the connection goes. */
export interface BridgeSession extends CallerSession {
  close(): void;
}

export interface BridgeCore<S extends BridgeSession = BridgeSession> {
  handlers: RequestHandlers<S>;
  /** A connection's session: who is signed in on it; the core's events reach `sink` while someone is. */
  openSession(sink: EventSink): S;
}


/**
 * Carries the preload's contract over a WebSocket, so the renderer in a plain browser (and any
 * script) drives the core exactly as the Electron window does. Who may connect is checked by
 * the routes (upgradeRoutes.ts): only pages served by this host, or scripts.
 */
export function attachBridge<S extends BridgeSession>(routes: UpgradeRoutes, core: BridgeCore<S>): WebSocketServer {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_REQUEST_FRAME_BYTES });
  routes.add(BRIDGE_PATH, (request, socket, head) => wss.handleUpgrade(request, socket, head, (ws) => serveClient(ws, core)));
  return wss;
}

// Larger frames than the contract's largest request (a CSV import) are refused outright (1009).

/** One connection is one session: a page that reconnects (or reloads) signs in again. */
function serveClient<S extends BridgeSession>(ws: WebSocket, core: BridgeCore<S>): void {
  const send = (message: BridgeServerMessage): void => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
  };
  const session = core.openSession({ emit: (name, payload) => send({ type: 'event', name, payload }) });
  ws.on('close', () => session.close());
  // A frame over the limit or a broken socket: ws closes the connection itself (1009, 1006);
  // without a listener the error event would throw and take the whole host down.
  ws.on('error', () => undefined);
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      ws.close(1003, 'text frames only');
      return;
    }
    const request = parseRequest(data.toString());
    if (!request) {
      ws.close(1007, 'not a bridge request');
      return;
    }
    dispatchRequest(core.handlers, request.name, request.args, session).then(
      (result) => send({ type: 'response', id: request.id, ok: true, result }),
      (error: unknown) =>
        send({ type: 'response', id: request.id, ok: false, error: { message: error instanceof Error ? error.message : String(error) } }),
    );
  });
}

function parseRequest(text: string) {
  try {
    const parsed = bridgeRequestSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

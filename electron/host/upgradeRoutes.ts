import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';

export type UpgradeHandler = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface UpgradeRoutes {
  /** `path` is served by `handler` from now on. */
  add(path: string, handler: UpgradeHandler): void;
}

/**
 * The host's one WebSocket door: a connection is handed to the endpoint that owns its path
 * (the bridge, the database host) only when its Origin is the host's own page, or absent (a
 * script); anything else is refused with 403. Another site open in the same browser must not
 * drive the console nor pose as its database.
 */
export function routeUpgrades(server: Server, allowedOrigin: () => string): UpgradeRoutes {
  const routes = new Map<string, UpgradeHandler>();
  server.on('upgrade', (request, socket, head) => {
    const { pathname } = new URL(request.url ?? '/', 'http://host');
    const handler = routes.get(pathname);
    if (!handler || !originAllowed(request, allowedOrigin())) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    handler(request, socket, head);
  });
  return { add: (path, handler) => void routes.set(path, handler) };
}

function originAllowed(request: IncomingMessage, allowed: string): boolean {
  // Scripts (no Origin header) are allowed; browsers always send one, and it must be ours.
  const origin = request.headers.origin;
  return origin === undefined || origin === allowed;
}

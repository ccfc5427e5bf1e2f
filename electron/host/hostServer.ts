import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DbTransport } from '../../shared/db/transport';
import { attachBridge, type BridgeCore, type BridgeSession } from './bridgeServer';
import { attachDatabaseHostEndpoint } from './databaseHostEndpoint';
import { serveStatic } from './staticFiles';
import { routeUpgrades } from './upgradeRoutes';

export interface HostServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface HostServerOptions<S extends BridgeSession = BridgeSession> {
  core: BridgeCore<S>;
  rendererDir: string;
  port: number;
  /**
   * Where a database host (the page's worker) is handed when it connects to /dbhost; usually
   * `createDatabaseHostLink().attach` (electron/core/store). Without it /dbhost is refused.
   */
  onDatabaseHost?: (transport: DbTransport) => void;
}

/** Serves the built renderer, the WebSocket bridge and the database host's socket on one loopback port. */
export async function startHostServer<S extends BridgeSession>(options: HostServerOptions<S>): Promise<HostServer> {
  let origin = '';
  const server: Server = createServer((request, response) => {
    serveStatic(options.rendererDir, request, response).catch((error: unknown) => {
      console.error('serving', request.url, 'failed:', error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  const routes = routeUpgrades(server, () => origin);
  const bridge = attachBridge(routes, options.core);
  const databaseHost = options.onDatabaseHost ? attachDatabaseHostEndpoint(routes, options.onDatabaseHost) : null;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    port,
    async close() {
      for (const client of bridge.clients) client.terminate();
      bridge.close();
      databaseHost?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

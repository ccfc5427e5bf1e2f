import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { attachBridge, type BridgeCore } from './bridgeServer';
import { serveStatic } from './staticFiles';

export interface HostServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Serves the built renderer and the WebSocket bridge on one loopback port. */
export async function startHostServer(options: { core: BridgeCore; rendererDir: string; port: number }): Promise<HostServer> {
  let origin = '';
  const server: Server = createServer((request, response) => {
    serveStatic(options.rendererDir, request, response).catch((error: unknown) => {
      console.error('serving', request.url, 'failed:', error);
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  const bridge = attachBridge(server, options.core, () => origin);
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
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

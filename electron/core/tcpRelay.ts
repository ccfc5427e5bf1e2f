import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * For tests (not used by product code): a TCP relay between a console core and its gateway that
 * can be cut at once, as when the process holding the connections dies: every connection is
 * destroyed in both directions and no new one is accepted, so whatever the core had in flight on
 * the wire is abandoned and nothing it does afterwards reaches the gateway.
 */
export class TcpRelay {
  private constructor(
    private readonly server: Server,
    private readonly sockets: ReadonlySet<Socket>,
    readonly port: number,
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpRelay> {
    const sockets = new Set<Socket>();
    const server = createServer((inbound) => {
      const outbound = connect(target.port, target.host);
      for (const socket of [inbound, outbound]) {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
        // Either side failing ends both, as one dropped link.
        socket.on('error', () => {
          inbound.destroy();
          outbound.destroy();
        });
      }
      inbound.pipe(outbound).pipe(inbound);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === 'string') throw new Error('the relay has no TCP port');
    return new TcpRelay(server, sockets, address.port);
  }

  /** Drops every connection at once and refuses new ones. */
  async cut(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }
}

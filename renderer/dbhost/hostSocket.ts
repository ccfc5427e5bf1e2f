import { DATABASE_HOST_BUSY_CODE } from '../../shared/db/channels';
import { createTransportCore, parseFrame, type DbTransport, type TransportCore } from '../../shared/db/transport';

/** What the connection needs to hear from a socket. */
export interface SocketEvents {
  onOpen(): void;
  onMessage(text: string): void;
  onClose(code: number, reason: string): void;
}

/** What the connection needs to do with a socket. */
export interface HostSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
}

/** Opens a socket to `url`: the browser's WebSocket in the worker, the `ws` package in Node tests. */
export type HostSocketFactory = (url: string, events: SocketEvents) => HostSocket;

export interface HostConnectionOptions {
  /** ws(s)://<host>/dbhost of the dev/test host that served the page. */
  url: string;
  /** Serve the database on a freshly opened link (it closes when the socket does). */
  serve(transport: DbTransport): void;
  createSocket: HostSocketFactory;
  /** First wait after a lost or failed link; doubles per failure up to `maxRetryMs`. */
  retryMs?: number;
  maxRetryMs?: number;
  /** Wait while another tab's database host is the active one. */
  busyRetryMs?: number;
  /** For jitter (±25 %), so several tabs do not knock in step; tests pass a constant. */
  random?: () => number;
}

export interface HostConnection {
  stop(): void;
}

/**
 * The dev/test host's database host keeps a WebSocket to the console host for as long as the
 * page lives: it reconnects with backoff when the host restarts, and when another tab already
 * serves the database (close code 4001) it waits and asks again, so it takes over when that
 * tab goes away.
 */
export function connectDatabaseHost(options: HostConnectionOptions): HostConnection {
  const { createSocket } = options;
  const retryMs = options.retryMs ?? 500;
  const maxRetryMs = options.maxRetryMs ?? 10_000;
  const busyRetryMs = options.busyRetryMs ?? 2_000;
  const random = options.random ?? Math.random;
  let failures = 0;
  let stopped = false;
  let socket: HostSocket | null = null;
  let timer: ReturnType<typeof setTimeout> | undefined;

  function connect(): void {
    let link: TransportCore | null = null;
    const current: HostSocket = createSocket(options.url, {
      onOpen() {
        failures = 0;
        link = createTransportCore({
          send: (message) => current.send(JSON.stringify(message)),
          close: (reason) => current.close(1000, reason.slice(0, 120)),
        });
        options.serve(link.transport);
      },
      onMessage(text) {
        link?.receive(parseFrame(text));
      },
      onClose(code, reason) {
        link?.closed(`the console host closed the link (${code}${reason ? `: ${reason}` : ''})`);
        if (socket === current) socket = null;
        if (stopped) return;
        const base = code === DATABASE_HOST_BUSY_CODE ? busyRetryMs : Math.min(retryMs * 2 ** failures++, maxRetryMs);
        timer = setTimeout(connect, base * (0.75 + random() * 0.5));
      },
    });
    socket = current;
  }

  connect();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
      socket?.close(1000, 'the page is going away');
    },
  };
}

/** The /dbhost URL of the host that served `location`. */
export function databaseHostUrl(location: { protocol: string; host: string }, path: string): string {
  return `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${path}`;
}

import { BRIDGE_PATH, bridgeServerMessageSchema, type BridgeRequest } from '../../../shared/ipc/bridgeProtocol';
import {
  eventNames,
  events,
  requestNames,
  requests,
  subscriberName,
  type ConsoleApi,
  type EventName,
  type EventPayload,
  type RequestName,
  type Unsubscribe,
} from '../../../shared/ipc/contract';
import type { HostLink, HostLinkStatus } from './hostLink';

/**
 * ConsoleApi over the dev/test host's WebSocket bridge (shared/ipc/bridgeProtocol.ts).
 *
 * - One socket at a time; request ids count up; each response settles its pending request.
 * - Everything the host sends is untrusted until zod says otherwise: the envelope, each
 *   request's result (against the contract's result schema) and each event's payload (against
 *   `events[name]`). Malformed messages are dropped with a console.warn; a malformed result
 *   rejects its request.
 * - When the socket closes (the host restarted, the network blipped) every pending request
 *   rejects with a clear error, new requests fail at once, and the client reconnects with
 *   backoff. The `link` signal tells the app when it is back, so it can fetch fresh state.
 */

/** What the client needs to hear from a socket. */
export interface SocketHandlers {
  onOpen(): void;
  onMessage(data: unknown): void;
  onClose(info: { code: number; reason: string }): void;
  onError(): void;
}

/** What the client needs to do with a socket. */
export interface BridgeSocket {
  send(data: string): void;
  close(): void;
}

/** Opens a socket to `url` and reports to `handlers`. Injected by tests; the browser's by default. */
export type SocketFactory = (url: string, handlers: SocketHandlers) => BridgeSocket;

export const browserSocketFactory: SocketFactory = (url, handlers) => {
  const ws = new WebSocket(url);
  ws.onopen = () => handlers.onOpen();
  ws.onmessage = (event) => handlers.onMessage(event.data);
  ws.onclose = (event) => handlers.onClose({ code: event.code, reason: event.reason });
  ws.onerror = () => handlers.onError();
  return { send: (data) => ws.send(data), close: () => ws.close() };
};

export interface BridgeOptions {
  /** Defaults to ws(s)://<location.host>/bridge. */
  url?: string;
  createSocket?: SocketFactory;
  /** First reconnect delay; doubles per failed attempt up to `maxDelayMs`. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** For jitter (±25 %); tests pass a constant. */
  random?: () => number;
  now?: () => number;
}

export interface BridgeClient {
  api: ConsoleApi;
  link: HostLink;
  /** Close the socket for good and fail what is pending. */
  dispose(): void;
}

export function defaultBridgeUrl(loc: Pick<Location, 'protocol' | 'host'> = window.location): string {
  const scheme = loc.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${loc.host}${BRIDGE_PATH}`;
}

interface Pending {
  name: RequestName;
  /** Serialized request; null once written to a socket. */
  unsent: string | null;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

type Listener = (payload: never) => void;

const MAX_LOGGED_CHARS = 200;

function describe(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  } catch {
    text = Object.prototype.toString.call(value);
  }
  return text.length > MAX_LOGGED_CHARS ? `${text.slice(0, MAX_LOGGED_CHARS)}…` : text;
}

export function createBridgeClient(options: BridgeOptions = {}): BridgeClient {
  const url = options.url ?? defaultBridgeUrl();
  const createSocket = options.createSocket ?? browserSocketFactory;
  const initialDelayMs = options.initialDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;

  let status: HostLinkStatus = { state: 'connecting', opens: 0, attempt: 0, nextRetryAt: null, error: null };
  const statusListeners = new Set<(status: HostLinkStatus) => void>();
  const eventListeners = new Map<EventName, Set<Listener>>();
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let socket: BridgeSocket | null = null;
  /** Bumped per socket, so late callbacks from a replaced socket are ignored. */
  let generation = 0;
  let openedThisSocket = false;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;

  function setStatus(next: Partial<HostLinkStatus>): void {
    status = { ...status, ...next };
    for (const listener of [...statusListeners]) {
      try {
        listener(status);
      } catch (error) {
        console.error('host link listener failed:', error);
      }
    }
  }

  function failPending(reason: (p: Pending) => string): void {
    const all = [...pending.values()];
    pending.clear();
    for (const p of all) p.reject(new Error(reason(p)));
  }

  function connect(): void {
    if (status.state === 'closed') return;
    const gen = ++generation;
    openedThisSocket = false;
    setStatus({ state: 'connecting', nextRetryAt: null });
    const current = () => gen === generation;
    try {
      socket = createSocket(url, {
        onOpen: () => current() && handleOpen(),
        onMessage: (data) => current() && handleMessage(data),
        onClose: () => current() && handleClose(),
        onError: () => {
          // Always followed by close, which does the work.
        },
      });
    } catch (error) {
      console.warn('bridge: could not open a socket:', error);
      handleClose();
    }
  }

  function handleOpen(): void {
    openedThisSocket = true;
    setStatus({ state: 'open', opens: status.opens + 1, attempt: 0, error: null, nextRetryAt: null });
    for (const [id, p] of pending) {
      if (p.unsent !== null && !write(id, p)) break;
    }
  }

  function handleClose(): void {
    generation++;
    socket = null;
    const wasOpen = openedThisSocket;
    openedThisSocket = false;
    failPending((p) =>
      p.unsent === null
        ? `${p.name}: lost the connection to the console host before it answered`
        : `${p.name}: cannot reach the console host`,
    );
    if (status.state === 'closed') return;
    const attempt = status.attempt + 1;
    const base = Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1));
    const delay = Math.round(base * (0.75 + 0.5 * random()));
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, delay);
    setStatus({
      state: 'disconnected',
      attempt,
      nextRetryAt: now() + delay,
      error: wasOpen ? 'Lost the connection to the console host.' : 'Cannot reach the console host.',
    });
  }

  /** Writes one pending request; false (and the request rejected) when the socket refuses. */
  function write(id: number, p: Pending): boolean {
    if (socket === null || p.unsent === null) return false;
    try {
      socket.send(p.unsent);
      p.unsent = null;
      return true;
    } catch (error) {
      pending.delete(id);
      p.reject(new Error(`${p.name}: could not send to the console host (${describe(String(error))})`));
      return false;
    }
  }

  function request(name: RequestName, args: unknown): Promise<unknown> {
    if (status.state === 'closed') return Promise.reject(new Error(`${name}: the console host connection is closed`));
    if (status.state === 'disconnected') {
      return Promise.reject(new Error(`${name}: not connected to the console host (reconnecting)`));
    }
    const id = nextId++;
    const message: BridgeRequest = args === undefined ? { type: 'request', id, name } : { type: 'request', id, name, args };
    return new Promise((resolve, reject) => {
      const p: Pending = { name, unsent: JSON.stringify(message), resolve, reject };
      pending.set(id, p);
      if (status.state === 'open') write(id, p);
    });
  }

  function handleMessage(data: unknown): void {
    if (typeof data !== 'string') {
      console.warn('bridge: dropped a non-text message');
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(data);
    } catch {
      console.warn(`bridge: dropped a message that is not JSON: ${describe(data)}`);
      return;
    }
    const parsed = bridgeServerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      console.warn(`bridge: dropped a malformed message: ${describe(raw)}`);
      return;
    }
    const message = parsed.data;
    if (message.type === 'event') {
      dispatchEvent(message.name, message.payload);
      return;
    }
    const p = pending.get(message.id);
    if (p === undefined) {
      console.warn(`bridge: dropped a response to unknown request ${message.id}`);
      return;
    }
    pending.delete(message.id);
    if (!message.ok) {
      p.reject(new Error(message.error.message));
      return;
    }
    const result = requests[p.name].result.safeParse(message.result);
    if (!result.success) {
      console.warn(`bridge: malformed result for ${p.name}: ${describe(message.result)}`);
      p.reject(new Error(`${p.name}: the console host sent a malformed answer`));
      return;
    }
    p.resolve(result.data);
  }

  function dispatchEvent(name: string, payload: unknown): void {
    if (!Object.hasOwn(events, name)) {
      console.warn(`bridge: dropped unknown event "${describe(name)}"`);
      return;
    }
    const eventName = name as EventName;
    const parsed = events[eventName].safeParse(payload);
    if (!parsed.success) {
      console.warn(`bridge: dropped malformed ${eventName} event: ${describe(payload)}`);
      return;
    }
    const listeners = eventListeners.get(eventName);
    if (listeners === undefined) return;
    for (const listener of [...listeners]) {
      try {
        (listener as (payload: unknown) => void)(parsed.data);
      } catch (error) {
        console.error(`${eventName} listener failed:`, error);
      }
    }
  }

  function subscribe<K extends EventName>(name: K, listener: (payload: EventPayload<K>) => void): Unsubscribe {
    let set = eventListeners.get(name);
    if (set === undefined) {
      set = new Set();
      eventListeners.set(name, set);
    }
    const entry = listener as Listener;
    set.add(entry);
    return () => {
      eventListeners.get(name)?.delete(entry);
    };
  }

  // One function per request and one `onX` per event, built from the contract's own name lists
  // so the bridge cannot fall behind it. TypeScript cannot follow the names through a loop into
  // the mapped type, hence the one cast; bridgeApi.test.ts checks the shape at run time.
  const built: Record<string, unknown> = {};
  for (const name of requestNames) built[name] = (args?: unknown) => request(name, args);
  for (const name of eventNames) {
    built[subscriberName(name)] = (listener: (payload: EventPayload<typeof name>) => void) => subscribe(name, listener);
  }
  const api = Object.freeze(built) as ConsoleApi;

  const link: HostLink = {
    status: () => status,
    subscribe(listener) {
      statusListeners.add(listener);
      return () => {
        statusListeners.delete(listener);
      };
    },
    reconnectNow() {
      if (status.state !== 'disconnected') return;
      if (retryTimer !== null) clearTimeout(retryTimer);
      retryTimer = null;
      connect();
    },
  };

  function dispose(): void {
    if (status.state === 'closed') return;
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
    generation++;
    const old = socket;
    socket = null;
    setStatus({ state: 'closed', nextRetryAt: null, error: null });
    failPending((p) => `${p.name}: the console host connection is closed`);
    old?.close();
  }

  connect();
  return { api, link, dispose };
}

import type { DbMessage } from './protocol';

/**
 * One link between the core and a database host: a MessagePort in Electron, a WebSocket in the
 * dev/test host, a loopback in Node tests. It carries messages, not meaning: both ends validate
 * what they receive (shared/db/protocol.ts).
 */
export interface DbTransport {
  /** Sends one message. Throws when the link is closed. */
  send(message: DbMessage): void;
  /** Every message that arrives, untrusted. Returns the unsubscribe. */
  onMessage(listener: (message: unknown) => void): () => void;
  /** Called once, when the link is gone (either end closed it, or the peer died). */
  onClose(listener: (reason: string) => void): () => void;
  close(reason?: string): void;
}

/**
 * The bookkeeping every transport needs: listeners, and a close that happens once. Adapters
 * supply how a message leaves and call `receive` / `closed` when something arrives.
 */
export interface TransportCore {
  transport: DbTransport;
  receive(message: unknown): void;
  closed(reason: string): void;
  readonly isClosed: boolean;
}

export function createTransportCore(io: { send(message: DbMessage): void; close(reason: string): void }): TransportCore {
  const messageListeners = new Set<(message: unknown) => void>();
  const closeListeners = new Set<(reason: string) => void>();
  let closed = false;

  function markClosed(reason: string): void {
    if (closed) return;
    closed = true;
    messageListeners.clear();
    for (const listener of [...closeListeners]) listener(reason);
    closeListeners.clear();
  }

  const transport: DbTransport = {
    send(message) {
      if (closed) throw new Error('the database link is closed');
      io.send(message);
    },
    onMessage(listener) {
      messageListeners.add(listener);
      return () => messageListeners.delete(listener);
    },
    onClose(listener) {
      if (closed) return () => {};
      closeListeners.add(listener);
      return () => closeListeners.delete(listener);
    },
    close(reason = 'closed by this end') {
      if (closed) return;
      // Ours is the reason: a close event the adapter hears while closing comes second.
      markClosed(reason);
      io.close(reason);
    },
  };
  return {
    transport,
    receive(message) {
      if (closed) return;
      for (const listener of [...messageListeners]) listener(message);
    },
    closed: markClosed,
    get isClosed() {
      return closed;
    },
  };
}

/**
 * JSON text framing (WebSocket): a frame that is not JSON is delivered as its raw text, so the
 * receiver's validation refuses it like any other malformed message.
 */
export function parseFrame(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

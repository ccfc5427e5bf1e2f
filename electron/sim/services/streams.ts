import type { ServerWritableStream } from '@grpc/grpc-js';

/**
 * Keeps a server stream open: `start` gets a send function and returns its unsubscribe, which
 * runs once when the client cancels, the connection drops or the server shuts down.
 * `maxQueued` > 0 drops messages while that many are still waiting for a slow client (what a
 * gateway does with a full queue) instead of buffering without bound; `onDiscarded` hears of each.
 */
export function streamUntilClosed<Request, Message>(
  call: ServerWritableStream<Request, Message>,
  start: (send: (message: Message) => void) => () => void,
  maxQueued = 0,
  onDiscarded: (message: Message) => void = () => undefined,
): void {
  let closed = false;
  const send = (message: Message): void => {
    if (closed || call.cancelled || call.destroyed) return;
    if (maxQueued > 0 && call.writableLength >= maxQueued) {
      onDiscarded(message);
      return;
    }
    call.write(message);
  };
  const unsubscribe = start(send);
  const close = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe();
  };
  call.on('cancelled', close);
  call.on('close', close);
  call.on('error', close);
  call.on('finish', close);
}

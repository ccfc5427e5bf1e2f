import { createTransportCore, type DbTransport, type TransportCore } from './transport';

/**
 * Two connected transports in one process, for Node tests and benchmarks. Each message is
 * turned into JSON text and back, and delivered on a later microtask, as a real link would: a
 * test passes only if everything it sends would survive the WebSocket of the dev/test host.
 */
export function createLoopbackPair(): [DbTransport, DbTransport] {
  const end = (peer: () => TransportCore): TransportCore =>
    createTransportCore({
      send(message) {
        const text = JSON.stringify(message);
        queueMicrotask(() => peer().receive(JSON.parse(text)));
      },
      close(reason) {
        queueMicrotask(() => peer().closed(reason));
      },
    });
  const a: TransportCore = end(() => b);
  const b: TransportCore = end(() => a);
  return [a.transport, b.transport];
}

import { createTransportCore, type DbTransport } from '../../shared/db/transport';

/**
 * The Electron database window's end of the MessageChannel to main: structured clone carries
 * the protocol's plain objects as they are. The port lives as long as the app (main owns the
 * other end and restarts this window with a new channel), so there is no close to watch for.
 */
export function messagePortTransport(port: MessagePort): DbTransport {
  const link = createTransportCore({
    send: (message) => port.postMessage(message),
    close: () => port.close(),
  });
  port.onmessage = (event: MessageEvent<unknown>) => link.receive(event.data);
  return link.transport;
}

import type { MessagePortMain } from 'electron';
import { createTransportCore, type DbTransport } from '../../shared/db/transport';

/**
 * Main's end of the MessageChannel to the database window. Structured clone carries the
 * protocol's plain objects as they are; the RemoteStore validates what arrives all the same.
 * Electron closes the port when the window's renderer goes away, which fails what is pending.
 */
export function messagePortMainTransport(port: MessagePortMain): DbTransport {
  const link = createTransportCore({
    send: (message) => port.postMessage(message),
    close: () => port.close(),
  });
  port.on('message', (event) => link.receive(event.data));
  port.on('close', () => link.closed('the database window closed its port'));
  port.start();
  return link.transport;
}

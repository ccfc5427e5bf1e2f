import { ipcRenderer } from 'electron';
import { DATABASE_PORT_CHANNEL } from '../../../shared/db/channels';

/** The page's window, as far as handing it a port goes (this folder compiles without DOM types). */
export interface PortTarget {
  postMessage(message: unknown, targetOrigin: string, transfer: unknown[]): void;
}

/**
 * The database window's preload: main sends the database MessagePort on one channel, and the
 * preload passes it into the page as a window message (a MessagePort cannot cross
 * contextBridge). Nothing is exposed on `window`; only main can send on ipcRenderer.
 */
export function forwardDatabasePort(target: PortTarget): void {
  ipcRenderer.on(DATABASE_PORT_CHANNEL, (event) => {
    const [port] = event.ports;
    // '*' as in Electron's own example: the target is this very window, and main sends the
    // port only once it shows app://portcullis/dbhost.html (databaseWindow.ts).
    if (port) target.postMessage({ type: DATABASE_PORT_CHANNEL }, '*', [port]);
  });
}

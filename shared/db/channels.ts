/**
 * Names the database host's links use, without any schema library: the Electron preload of
 * the database window imports only this, so it stays a few lines of code.
 */

/** The dev/test host's WebSocket path for the database host (a Web Worker of the page). */
export const DATABASE_HOST_PATH = '/dbhost';

/**
 * The host already serves one database host; the refused one closes with this code and
 * tries again later. 4000–4999 is the range WebSocket leaves to applications.
 */
export const DATABASE_HOST_BUSY_CODE = 4001;
export const DATABASE_HOST_BUSY_REASON = 'another database host is connected; retrying later';

/**
 * Electron: the IPC channel on which main hands the database window its MessagePort, and the
 * type of the window message the preload forwards it in.
 */
export const DATABASE_PORT_CHANNEL = 'portcullis:dbhost-port';

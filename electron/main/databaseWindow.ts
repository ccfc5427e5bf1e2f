import { BrowserWindow, MessageChannelMain, type WebContents } from 'electron';
import { DATABASE_PORT_CHANNEL } from '../../shared/db/channels';
import type { DbTransport } from '../../shared/db/transport';
import { APP_ORIGIN } from './ipc/trustedSender';
import { messagePortMainTransport } from './messagePortTransport';
import { handleCommonWindowEvents } from './windowGuards';

export const DATABASE_WINDOW_URL = `${APP_ORIGIN}/dbhost.html`;

export interface DatabaseWindowOptions {
  /** The database window's own preload (dist/electron/dbhostPreload.cjs). */
  preloadPath: string;
  /** A (new) database host is ready: usually `createDatabaseHostLink().attach`. */
  onTransport(transport: DbTransport): void;
  /** Wait before a restart; doubles for a window that keeps dying young, up to the maximum. */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  log?: (message: string) => void;
  now?: () => number;
}

export interface DatabaseWindow {
  /** The hidden window now, if one is open. */
  current(): BrowserWindow | null;
  /** App shutdown: closes the window and its port for good. */
  stop(): void;
}

/** A window that lived this long was healthy: its death starts the backoff afresh. */
const HEALTHY_AFTER_MS = 60_000;

/**
 * The database host in Electron (DESIGN.md §2): a hidden, sandboxed, context-isolated window
 * with no UI, loading app://portcullis/dbhost.html, that lives as long as the app. Main keeps
 * one end of a MessageChannel as the core's transport and sends the other to the window's
 * preload, which hands it to the page. Every load of the page gets a fresh channel; a window
 * whose renderer dies, fails to load or is closed is replaced, with backoff if it keeps dying.
 */
export function startDatabaseWindow(options: DatabaseWindowOptions): DatabaseWindow {
  const baseDelay = options.restartDelayMs ?? 1_000;
  const maxDelay = options.maxRestartDelayMs ?? 30_000;
  const log = options.log ?? ((message: string) => console.error(message));
  const now = options.now ?? Date.now;
  let window: BrowserWindow | null = null;
  let transport: DbTransport | null = null;
  let openedAt = 0;
  let quickDeaths = 0;
  let restartTimer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  function open(): void {
    openedAt = now();
    const created = new BrowserWindow({
      show: false,
      width: 400,
      height: 300,
      title: 'Portcullis database',
      skipTaskbar: true,
      webPreferences: {
        preload: options.preloadPath,
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        spellcheck: false,
        // Hidden windows are throttled by default; the database must keep its pace.
        backgroundThrottling: false,
      },
    });
    window = created;
    const contents = created.webContents;
    handleCommonWindowEvents(contents);
    contents.on('did-finish-load', () => connect(contents));
    contents.on('render-process-gone', (_event, details) => restart(`its renderer is gone (${details.reason})`));
    contents.on('did-fail-load', (_event, code, description, url, isMainFrame) => {
      if (isMainFrame) restart(`it could not load ${url} (${code} ${description})`);
    });
    contents.on('unresponsive', () => log('the database window is not responding'));
    // The database host reports what goes wrong (a database it cannot open or upgrade, a write
    // IndexedDB refused) to its own console, which nobody sees in the app: main's log keeps it.
    contents.on('console-message', (event) => {
      if (event.level !== 'warning' && event.level !== 'error') return;
      log(`the database window logged ${event.level === 'error' ? 'an error' : 'a warning'}: ${event.message} (${event.sourceId}:${event.lineNumber})`);
    });
    created.on('closed', () => {
      if (window === created) restart('it was closed');
    });
    created.loadURL(DATABASE_WINDOW_URL).catch(() => {
      // did-fail-load reports it, with the reason.
    });
  }

  function connect(contents: WebContents): void {
    // The port is the database: it goes only to our own page (the guards keep the window
    // from navigating, this makes sure of it).
    if (contents.getURL() !== DATABASE_WINDOW_URL) {
      restart(`it shows ${contents.getURL().slice(0, 100)} instead of the database page`);
      return;
    }
    closeTransport('the database window reloaded');
    const { port1, port2 } = new MessageChannelMain();
    transport = messagePortMainTransport(port1);
    contents.postMessage(DATABASE_PORT_CHANNEL, null, [port2]);
    options.onTransport(transport);
  }

  function closeTransport(reason: string): void {
    const current = transport;
    transport = null;
    current?.close(reason);
  }

  function restart(why: string): void {
    if (stopped || restartTimer !== undefined) return;
    closeTransport(`the database window stopped: ${why}`);
    quickDeaths = now() - openedAt < HEALTHY_AFTER_MS ? quickDeaths + 1 : 0;
    const delay = Math.min(baseDelay * 2 ** Math.max(0, quickDeaths - 1), maxDelay);
    log(`the database window stopped: ${why}; opening a new one in ${delay} ms`);
    const old = window;
    window = null;
    if (old && !old.isDestroyed()) old.destroy();
    restartTimer = setTimeout(() => {
      restartTimer = undefined;
      if (!stopped) open();
    }, delay);
  }

  open();
  return {
    current: () => window,
    stop() {
      stopped = true;
      clearTimeout(restartTimer);
      closeTransport('the console is shutting down');
      const old = window;
      window = null;
      if (old && !old.isDestroyed()) old.destroy();
    },
  };
}

import { BrowserWindow, type BrowserWindowConstructorOptions } from 'electron';
import { APP_ENTRY_URL } from './appProtocol';
import { handleCommonWindowEvents } from './windowGuards';
import type { WindowBounds } from './windowState';

export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 800 };
export const MINIMUM_WINDOW_SIZE = { width: 900, height: 560 };

export interface MainWindowOptions {
  preloadPath: string;
  /**
   * The app icon for the title bar and task switcher on Linux (and Windows when run
   * unpackaged); macOS takes the bundle's icon and ignores it. Undefined when the file is
   * missing: Electron's default icon beats a window that fails to open.
   */
  iconPath?: string;
  /** Where the operator left it (windowState.ts), already fitted to the current displays; undefined → default size, centred. */
  bounds?: WindowBounds;
  maximized?: boolean;
  log?: (message: string) => void;
  now?: () => number;
}

/** A page whose renderer died this soon after the last reload is left down: it would only die again. */
const RELOAD_AT_MOST_EVERY_MS = 60_000;

/** The operator's window's options: sandboxed, context-isolated, no Node. Apart so they are tested as they are. */
export function mainWindowOptions(options: MainWindowOptions): BrowserWindowConstructorOptions {
  return {
    ...(options.bounds ?? DEFAULT_WINDOW_SIZE),
    minWidth: MINIMUM_WINDOW_SIZE.width,
    minHeight: MINIMUM_WINDOW_SIZE.height,
    title: 'Portcullis',
    ...(options.iconPath ? { icon: options.iconPath } : {}),
    show: false,
    webPreferences: {
      preload: options.preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/** The operator's window, loading the UI from app:// only (never file://). */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(options));
  handleCommonWindowEvents(window.webContents);
  // A renderer that crashed or ran out of memory leaves a blank window on a console that runs
  // for weeks: the page is loaded again (its session, kept per window, still signed in).
  const log = options.log ?? ((message: string) => console.error(message));
  const now = options.now ?? Date.now;
  let reloadedAt = -Infinity;
  window.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'clean-exit') return;
    if (now() - reloadedAt < RELOAD_AT_MOST_EVERY_MS) {
      log(`the operator window's page is gone (${details.reason}) again within a minute; it stays blank until View → Reload`);
      return;
    }
    reloadedAt = now();
    log(`the operator window's page is gone (${details.reason}); reloading it`);
    window.webContents.reload();
  });
  window.once('ready-to-show', () => {
    if (options.maximized) window.maximize();
    window.show();
  });
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

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
}

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
  window.once('ready-to-show', () => {
    if (options.maximized) window.maximize();
    window.show();
  });
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

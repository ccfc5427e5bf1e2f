import { BrowserWindow, shell } from 'electron';
import { APP_ENTRY_URL } from './appProtocol';
import { handleCommonWindowEvents } from './windowGuards';

/**
 * The operator's window: sandboxed, context-isolated, loading the UI from app:// only.
 * `iconPath` is the app icon for the title bar and task switcher on Linux (and Windows when
 * run unpackaged); macOS takes the bundle's icon and ignores it.
 */
export function createMainWindow(preloadPath: string, iconPath: string): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    minWidth: 900,
    minHeight: 560,
    title: 'Portcullis',
    icon: iconPath,
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  handleCommonWindowEvents(window.webContents, (url) => shell.openExternal(url));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(APP_ENTRY_URL);
  return window;
}

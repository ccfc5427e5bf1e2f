import { app, dialog, net, protocol, safeStorage, session, type BrowserWindow } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startConsoleRuntime, type ConsoleRuntime } from '../core/consoleRuntime';
import { FileSecretStore } from '../core/secretStore';
import { createDatabaseHostLink } from '../core/store/databaseHostLink';
import { APP_SCHEME, createAppProtocolHandler } from './appProtocol';
import { chooseCaCertificate } from './caCertificateDialog';
import { startDatabaseWindow, type DatabaseWindow } from './databaseWindow';
import { guardDownloads } from './downloads';
import { registerIpcHandlers } from './ipc/ipcMain';
import { createMainWindow } from './mainWindow';
import { safeStorageCipher } from './safeStorageCipher';

// Bundled to dist/electron/main.mjs, beside preload.cjs and icon.png; the renderer is built to
// dist/renderer.
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, 'preload.cjs');
const databasePreloadPath = path.join(here, 'dbhostPreload.cjs');
// Copied from build/icons by scripts/build-electron.mjs, so it ships inside app.asar.
const windowIconPath = path.join(here, 'icon.png');

// Tests (and operators running two profiles) choose the profile folder; it must be set before
// the single-instance lock, which is per profile.
const userDataOverride = process.env.PORTCULLIS_USER_DATA_DIR;
if (userDataOverride) app.setPath('userData', path.resolve(userDataOverride));

// app:// must be registered as a standard, secure scheme before the app is ready.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);

let runtime: ConsoleRuntime | null = null;
let databaseWindow: DatabaseWindow | null = null;
const database = createDatabaseHostLink();
let mainWindow: BrowserWindow | null = null;

function showMainWindow(): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return;
  }
  mainWindow = createMainWindow({ preloadPath, iconPath: windowIconPath });
  mainWindow.on('closed', () => {
    mainWindow = null;
    // The hidden database window keeps 'window-all-closed' from ever firing, so closing the
    // operator's window quits here, except on macOS, where the console keeps running.
    if (process.platform !== 'darwin') app.quit();
  });
}

async function start(): Promise<void> {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir, (url) => net.fetch(url)));
  // The page's exports (blob: URLs of app://) get the Save dialog; no other download is allowed.
  guardDownloads(session.defaultSession);
  // The single writer of the database: a hidden window that lives as long as the app, whether
  // or not the operator's window is open.
  databaseWindow = startDatabaseWindow({ preloadPath: databasePreloadPath, onTransport: database.attach });
  runtime = await startConsoleRuntime({
    shell: 'electron',
    version: app.getVersion(),
    dataDir: app.getPath('userData'),
    gateway: null,
    store: database.store,
    shellServices: { chooseCaCertificate: () => chooseCaCertificate(dialog, () => mainWindow) },
    // Encrypted with the OS keychain; refused (never clear text) where there is none.
    secrets: new FileSecretStore(path.join(app.getPath('userData'), 'secrets.json'), safeStorageCipher(safeStorage)),
  });
  registerIpcHandlers(runtime.core);
  showMainWindow();
}

if (!app.requestSingleInstanceLock()) {
  // Another console already runs against this profile; it is brought forward instead.
  app.quit();
} else {
  app.on('second-instance', showMainWindow);
  // macOS keeps the console (and its sync) running with no window, as operators expect there;
  // elsewhere the operator's window 'closed' handler quits. Nothing to do when all are closed.
  app.on('window-all-closed', () => undefined);
  app.on('activate', () => {
    if (runtime) showMainWindow();
  });
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped || !runtime) return;
    event.preventDefault();
    const current = runtime;
    runtime = null;
    void current.stop().finally(() => {
      // The core has stopped writing; now the database host may go.
      database.close();
      databaseWindow?.stop();
      stopped = true;
      app.quit();
    });
  });
  app.whenReady().then(start).catch((error: unknown) => {
    dialog.showErrorBox('Portcullis could not start', error instanceof Error ? error.message : String(error));
    app.exit(1);
  });
}

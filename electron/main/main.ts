import { app, dialog, Menu, nativeImage, net, protocol, safeStorage, screen, session, shell, type BrowserWindow } from 'electron';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startConsoleRuntime, type ConsoleRuntime } from '../core/consoleRuntime';
import { FileSecretStore } from '../core/secretStore';
import { createDatabaseHostLink } from '../core/store/databaseHostLink';
import { showAboutDialog } from './aboutDialog';
import { claimAppIdentity } from './appIdentity';
import { appMenuTemplate } from './appMenu';
import { APP_SCHEME, createAppProtocolHandler } from './appProtocol';
import { chooseCaCertificate } from './caCertificateDialog';
import { startDatabaseWindow, type DatabaseWindow } from './databaseWindow';
import { guardDownloads } from './downloads';
import { registerIpcHandlers } from './ipc/ipcMain';
import { copyConsoleToLog, logUncaughtErrors, openLogFile } from './logFile';
import { createMainWindow, MINIMUM_WINDOW_SIZE } from './mainWindow';
import { installQuitSequence, stopConsole } from './quitSequence';
import { safeStorageCipher } from './safeStorageCipher';
import { restrictPermissions, handleCommonWindowEvents } from './windowGuards';
import { windowLifecycle } from './windowLifecycle';
import { readWindowState, restorableBounds, trackWindowState, WINDOW_STATE_FILE, writeWindowState, type WindowStateTracking } from './windowState';

// Bundled to dist/electron/main.mjs, beside preload.cjs and icon.png; the renderer is built to
// dist/renderer.
const here = path.dirname(fileURLToPath(import.meta.url));
const rendererDir = path.join(here, '..', 'renderer');
const preloadPath = path.join(here, 'preload.cjs');
const databasePreloadPath = path.join(here, 'dbhostPreload.cjs');
// Copied from build/icons by scripts/build-electron.mjs, so it ships inside app.asar. Checked
// rather than assumed: a build without it still opens its windows, with Electron's icon.
const iconFile = path.join(here, 'icon.png');
const appIconPath = existsSync(iconFile) ? iconFile : undefined;

// Tests (and operators running two profiles) choose the profile folder; it must be set before
// the single-instance lock, which is per profile, and before the log opens in it.
const userDataOverride = process.env.PORTCULLIS_USER_DATA_DIR;
if (userDataOverride) app.setPath('userData', path.resolve(userDataOverride));

// Windows: the taskbar groups the window with the installer's shortcuts (before any window).
claimAppIdentity(app, process.platform);

// userData/logs/portcullis.log: every console.warn/error of main (the core reports through
// them) lands there too, for "Reveal logs" and for support.
const log = openLogFile({ dir: path.join(app.getPath('userData'), 'logs') });
copyConsoleToLog(console, log);
logUncaughtErrors(process, log);

// app:// must be registered as a standard, secure scheme before the app is ready.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } },
]);

let runtime: ConsoleRuntime | null = null;
let databaseWindow: DatabaseWindow | null = null;
const database = createDatabaseHostLink();
let windowTracking: WindowStateTracking | null = null;
const windowStateFile = path.join(app.getPath('userData'), WINDOW_STATE_FILE);

function openOperatorWindow(): BrowserWindow {
  const saved = readWindowState(windowStateFile);
  const workAreas = screen.getAllDisplays().map((display) => display.workArea);
  const bounds = saved ? restorableBounds(saved.bounds, workAreas, MINIMUM_WINDOW_SIZE) : null;
  const window = createMainWindow({ preloadPath, iconPath: appIconPath, bounds: bounds ?? undefined, maximized: saved?.maximized === true && bounds !== null });
  windowTracking = trackWindowState(window, { save: (state) => writeWindowState(windowStateFile, state) });
  return window;
}

const operatorWindow = windowLifecycle({ platform: process.platform, createWindow: openOperatorWindow, quit: () => app.quit() });

function showAbout(): void {
  const icon = appIconPath ? nativeImage.createFromPath(appIconPath) : null;
  const facts = { appName: app.getName(), appVersion: app.getVersion(), versions: process.versions };
  void showAboutDialog(dialog, operatorWindow.current(), facts, icon);
}

async function start(): Promise<void> {
  // Before any page exists: no permission for any page, whichever session it is in (but
  // persistent storage for our own, so the master copy is never evicted).
  restrictPermissions(session.defaultSession);
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererDir, (url) => net.fetch(url)));
  // The page's exports (blob: URLs of app://) get the Save dialog; no other download is allowed.
  guardDownloads(session.defaultSession);
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      appMenuTemplate({
        platform: process.platform,
        appName: app.getName(),
        developerTools: !app.isPackaged,
        showAbout,
        revealLogs: () => shell.showItemInFolder(log.path),
      }),
    ),
  );
  // The single writer of the database: a hidden window that lives as long as the app, whether
  // or not the operator's window is open.
  databaseWindow = startDatabaseWindow({ preloadPath: databasePreloadPath, onTransport: database.attach });
  runtime = await startConsoleRuntime({
    shell: 'electron',
    version: app.getVersion(),
    dataDir: app.getPath('userData'),
    gateway: null,
    store: database.store,
    shellServices: { chooseCaCertificate: () => chooseCaCertificate(dialog, () => operatorWindow.current()) },
    // Encrypted with the OS keychain; refused (never clear text) where there is none.
    secrets: new FileSecretStore(path.join(app.getPath('userData'), 'secrets.json'), safeStorageCipher(safeStorage)),
  });
  registerIpcHandlers(runtime.core);
  operatorWindow.show();
  log.write('info', `Portcullis ${app.getVersion()} started (Electron ${process.versions.electron})`);
}

if (!app.requestSingleInstanceLock()) {
  // Another console already runs against this profile; it is brought forward instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    if (runtime) operatorWindow.show();
  });
  // Whatever creates web contents (a window of ours, or one we did not foresee), it gets the
  // guards before it can load anything; the windows set them again themselves, which is harmless.
  app.on('web-contents-created', (_event, contents) => handleCommonWindowEvents(contents));
  // macOS keeps the console (and its sync) running with no window, as operators expect there;
  // elsewhere closing the operator's window quits (windowLifecycle.ts). The hidden database
  // window keeps this from firing anyway.
  app.on('window-all-closed', () => undefined);
  // The dock icon (and the end-to-end test, by emitting it) opens the window again.
  app.on('activate', () => {
    if (runtime) operatorWindow.show();
  });
  installQuitSequence(app, {
    stop: async () => {
      log.write('info', 'quitting: stopping the console');
      const current = runtime;
      runtime = null;
      await stopConsole({ saveWindowState: () => windowTracking?.flush(), runtime: current, database, databaseWindow });
      log.write('info', 'the console stopped cleanly');
    },
  });
  app.whenReady().then(start).catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    log.write('error', `Portcullis could not start: ${message}`);
    dialog.showErrorBox('Portcullis could not start', message);
    app.exit(1);
  });
}

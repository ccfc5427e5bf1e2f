import { EventEmitter } from 'node:events';
import { describe, expect, it, vi } from 'vitest';

// electron cannot load in plain Node: a BrowserWindow that records how it was made and what it loaded.
const created: FakeWindow[] = [];
class FakeContents extends EventEmitter {
  session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
  setWindowOpenHandler = vi.fn();
  reloads = 0;
  reload(): void {
    this.reloads += 1;
  }
}
class FakeWindow extends EventEmitter {
  webContents = new FakeContents();
  loaded: string[] = [];
  shown = false;
  maximized = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    created.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    return Promise.resolve();
  }
  show(): void {
    this.shown = true;
  }
  maximize(): void {
    this.maximized = true;
  }
}
vi.mock('electron', () => ({ BrowserWindow: FakeWindow }));

const { createMainWindow, mainWindowOptions } = await import('./mainWindow');

describe('the operator window', () => {
  it('is sandboxed and context-isolated, without Node, webviews or insecure content', () => {
    expect(mainWindowOptions({ preloadPath: '/app/preload.cjs' }).webPreferences).toEqual({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    });
  });

  it('opens where it was left, or at the default size; with the icon only when there is one', () => {
    const restored = mainWindowOptions({ preloadPath: 'p', iconPath: '/app/icon.png', bounds: { x: 10, y: 20, width: 1000, height: 700 } });
    expect(restored).toMatchObject({ x: 10, y: 20, width: 1000, height: 700, icon: '/app/icon.png' });
    const fresh = mainWindowOptions({ preloadPath: 'p' });
    expect(fresh).toMatchObject({ width: 1280, height: 800 });
    expect(fresh).not.toHaveProperty('x');
    expect(fresh).not.toHaveProperty('icon');
  });

  it('loads app://portcullis/index.html, gets the guards, and shows (maximized if it was) when ready', () => {
    const window = createMainWindow({ preloadPath: 'p', maximized: true }) as unknown as FakeWindow;
    expect(window.loaded).toEqual(['app://portcullis/index.html']);
    expect(window.webContents.setWindowOpenHandler).toHaveBeenCalled();
    expect(window.webContents.session.setPermissionCheckHandler).toHaveBeenCalled();
    expect(window.shown).toBe(false);
    window.emit('ready-to-show');
    expect(window).toMatchObject({ shown: true, maximized: true });
  });

  it('reloads the page when its renderer dies, at most once a minute, and says why in the log', () => {
    let clock = 1_000_000;
    const logged: string[] = [];
    const window = createMainWindow({ preloadPath: 'p', now: () => clock, log: (message) => logged.push(message) }) as unknown as FakeWindow;
    const die = (reason: string) => window.webContents.emit('render-process-gone', {}, { reason, exitCode: 1 });
    die('crashed');
    expect(window.webContents.reloads).toBe(1);
    clock += 30_000;
    die('oom');
    expect(window.webContents.reloads).toBe(1);
    clock += 31_000;
    die('crashed');
    expect(window.webContents.reloads).toBe(2);
    // Electron ending it on purpose (the app quits) is no crash.
    die('clean-exit');
    expect(window.webContents.reloads).toBe(2);
    expect(logged).toEqual([
      "the operator window's page is gone (crashed); reloading it",
      "the operator window's page is gone (oom) again within a minute; it stays blank until View → Reload",
      "the operator window's page is gone (crashed); reloading it",
    ]);
  });
});

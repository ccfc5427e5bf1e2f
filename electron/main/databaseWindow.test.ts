import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DbTransport } from '../../shared/db/transport';

// electron cannot load in plain Node: stand-ins for BrowserWindow and MessageChannelMain that
// record what the database window does, and let the test play Electron's events.

class FakePort extends EventEmitter {
  peer: FakePort | null = null;
  started = false;
  closed = false;
  posted: unknown[] = [];
  start(): void {
    this.started = true;
  }
  postMessage(message: unknown): void {
    this.posted.push(message);
  }
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
    this.peer?.close();
  }
}

class FakeContents extends EventEmitter {
  url = '';
  getURL(): string {
    return this.url;
  }
  sentPorts: { channel: string; message: unknown; ports: FakePort[] }[] = [];
  openHandler: ((details: { url: string }) => { action: string }) | null = null;
  session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn() };
  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.openHandler = handler;
  }
  postMessage(channel: string, message: unknown, ports: FakePort[]): void {
    this.sentPorts.push({ channel, message, ports });
  }
}

const windows: FakeWindow[] = [];
class FakeWindow extends EventEmitter {
  webContents = new FakeContents();
  destroyed = false;
  loaded: string[] = [];
  constructor(readonly options: Record<string, unknown>) {
    super();
    windows.push(this);
  }
  loadURL(url: string): Promise<void> {
    this.loaded.push(url);
    this.webContents.url = url;
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return this.destroyed;
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}

vi.mock('electron', () => ({
  BrowserWindow: FakeWindow,
  MessageChannelMain: class {
    port1 = new FakePort();
    port2 = new FakePort();
    constructor() {
      this.port1.peer = this.port2;
      this.port2.peer = this.port1;
    }
  },
}));

const { startDatabaseWindow, DATABASE_WINDOW_URL } = await import('./databaseWindow');

let clock = 0;
let transports: DbTransport[];
let stop: (() => void) | null;

function start(log: (message: string) => void = () => {}) {
  const handle = startDatabaseWindow({
    preloadPath: '/app/dbhostPreload.cjs',
    onTransport: (transport) => transports.push(transport),
    restartDelayMs: 100,
    maxRestartDelayMs: 1_000,
    log,
    now: () => clock,
  });
  stop = handle.stop;
  return handle;
}

const last = <T>(items: T[]): T => items[items.length - 1]!;

beforeEach(() => {
  vi.useFakeTimers();
  windows.length = 0;
  transports = [];
  clock = 0;
});

afterEach(() => {
  stop?.();
  stop = null;
  vi.useRealTimers();
});

describe('the database window', () => {
  it('is hidden, sandboxed and context-isolated, with its own preload, loading app://portcullis/dbhost.html', () => {
    start();
    expect(windows).toHaveLength(1);
    const window = windows[0]!;
    expect(window.options).toMatchObject({
      show: false,
      webPreferences: {
        preload: '/app/dbhostPreload.cjs',
        contextIsolation: true,
        sandbox: true,
        nodeIntegration: false,
        webSecurity: true,
        backgroundThrottling: false,
      },
    });
    expect(window.loaded).toEqual(['app://portcullis/dbhost.html']);
    expect(DATABASE_WINDOW_URL).toBe('app://portcullis/dbhost.html');
    // The common guards: no window.open, no permissions.
    expect(window.webContents.openHandler?.({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    expect(window.webContents.session.setPermissionRequestHandler).toHaveBeenCalled();
    expect(window.webContents.session.setPermissionCheckHandler).toHaveBeenCalled();
  });

  it('hands the page one end of a MessageChannel and the core a transport over the other', () => {
    start();
    const contents = windows[0]!.webContents;
    contents.emit('did-finish-load');
    expect(contents.sentPorts).toHaveLength(1);
    const sent = contents.sentPorts[0]!;
    expect(sent.channel).toBe('portcullis:dbhost-port');
    expect(sent.message).toBeNull();
    expect(transports).toHaveLength(1);

    const hostPort = sent.ports[0]!;
    const mainPort = hostPort.peer!;
    expect(mainPort.started).toBe(true);
    const transport = transports[0]!;
    transport.send({ type: 'request', id: 1, name: 'users.count' });
    expect(mainPort.posted).toEqual([{ type: 'request', id: 1, name: 'users.count' }]);
    const received: unknown[] = [];
    transport.onMessage((message) => received.push(message));
    mainPort.emit('message', { data: { type: 'response', id: 1, ok: true, result: 0 }, ports: [] });
    expect(received).toEqual([{ type: 'response', id: 1, ok: true, result: 0 }]);
  });

  it('sends the port only to its own page', () => {
    start();
    const contents = windows[0]!.webContents;
    contents.url = 'https://elsewhere.test/';
    contents.emit('did-finish-load');
    expect(contents.sentPorts).toEqual([]);
    expect(transports).toEqual([]);
    expect(windows[0]!.destroyed).toBe(true);
  });

  it('gives every page load a fresh channel, closing the previous one', () => {
    start();
    const contents = windows[0]!.webContents;
    contents.emit('did-finish-load');
    const closed = vi.fn();
    transports[0]!.onClose(closed);
    contents.emit('did-finish-load');
    expect(closed).toHaveBeenCalledWith('the database window reloaded');
    expect(transports).toHaveLength(2);
  });

  it('replaces a window whose renderer died, failing what was pending at once', () => {
    start();
    const first = windows[0]!;
    first.webContents.emit('did-finish-load');
    const closed = vi.fn();
    transports[0]!.onClose(closed);

    first.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 139 });
    expect(closed).toHaveBeenCalledWith('the database window stopped: its renderer is gone (crashed)');
    expect(first.destroyed).toBe(true);
    expect(windows).toHaveLength(1);

    vi.advanceTimersByTime(100);
    expect(windows).toHaveLength(2);
    last(windows).webContents.emit('did-finish-load');
    expect(transports).toHaveLength(2);
  });

  it('backs off when new windows keep dying young, and starts afresh after a healthy one', () => {
    start();
    const crash = () => last(windows).webContents.emit('render-process-gone', {}, { reason: 'oom' });
    const delays: number[] = [];
    for (let round = 0; round < 6; round++) {
      const before = windows.length;
      crash();
      let waited = 0;
      while (windows.length === before) {
        vi.advanceTimersByTime(50);
        waited += 50;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    clock += 120_000;
    const before = windows.length;
    crash();
    vi.advanceTimersByTime(100);
    expect(windows.length).toBe(before + 1);
  });

  it('replaces a window that failed to load or was closed', () => {
    start();
    windows[0]!.webContents.emit('did-fail-load', {}, -6, 'ERR_FILE_NOT_FOUND', 'app://portcullis/dbhost.html', true);
    vi.advanceTimersByTime(100);
    expect(windows).toHaveLength(2);
    windows[1]!.emit('closed');
    vi.advanceTimersByTime(200);
    expect(windows).toHaveLength(3);
  });

  it('copies the warnings and errors the database page logs to main’s log, where support finds them', () => {
    const logged: string[] = [];
    start((message) => logged.push(message));
    const contents = windows[0]!.webContents;
    const say = (level: string, message: string) => contents.emit('console-message', { level, message, lineNumber: 7, sourceId: 'app://portcullis/assets/dbhost.js' });
    say('error', 'the database host could not open the database: VersionError');
    say('info', 'opened');
    say('debug', 'detail');
    say('warning', 'a slow transaction');
    expect(logged).toEqual([
      'the database window logged an error: the database host could not open the database: VersionError (app://portcullis/assets/dbhost.js:7)',
      'the database window logged a warning: a slow transaction (app://portcullis/assets/dbhost.js:7)',
    ]);
  });

  it('stops for good: the window and its port close, and nothing restarts', () => {
    const handle = start();
    windows[0]!.webContents.emit('did-finish-load');
    const closed = vi.fn();
    transports[0]!.onClose(closed);
    handle.stop();
    expect(closed).toHaveBeenCalledWith('the console is shutting down');
    expect(windows[0]!.destroyed).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(windows).toHaveLength(1);
    expect(handle.current()).toBeNull();
  });
});

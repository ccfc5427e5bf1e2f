import { beforeEach, describe, expect, it, vi } from 'vitest';
import { requestNames, type EventSink, type RequestHandlers } from '../../../shared/ipc/contract';
import type { CallerSession, SessionStanding } from '../../../shared/ipc/dispatch';

// electron cannot load in plain Node: a stand-in that records handlers and sent events.
const registered = new Map<string, (event: unknown, args: unknown) => Promise<unknown>>();
const sent: { url: string; channel: string; payload: unknown }[] = [];
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, args: unknown) => Promise<unknown>) => registered.set(channel, handler),
    removeHandler: (channel: string) => registered.delete(channel),
  },
  webContents: { getAllWebContents: () => [] },
}));

const { registerIpcHandlers } = await import('./ipcMain');

/** A session per window, signed in as an administrator unless told otherwise. */
class FakeSession implements CallerSession {
  closed = false;
  standing: () => SessionStanding = () => ({ state: 'signedIn', operator: { id: 'a', name: 'Ada', role: 'administrator' } });
  noteActivity(): void {}
  refused(): void {}
  offContract(): void {}
  close(): void {
    this.closed = true;
  }
}

function fakeCore() {
  const sinks: EventSink[] = [];
  const sessions: FakeSession[] = [];
  const handlers = {
    getAppInfo: async () => ({ version: '0.1.0', shell: 'electron', virtualSite: null }),
    listDevices: async () => [],
    listGateways: async () => [],
    retryGateway: vi.fn(async () => null),
  } satisfies Partial<RequestHandlers> as unknown as RequestHandlers<FakeSession>; // only these are called here

  return {
    handlers,
    sessions,
    openSession: (sink: EventSink) => {
      sinks.push(sink);
      const session = new FakeSession();
      sessions.push(session);
      return session;
    },
    push: () => {
      for (const sink of sinks) sink.emit('gatewaysChanged', []);
    },
  };
}

/** The app's window as IPC presents it: its frame, and its WebContents (the session's key). */
function appWindow(id: number, url = 'app://portcullis/index.html') {
  const destroyed: (() => void)[] = [];
  const contents = {
    id,
    isDestroyed: () => false,
    getURL: () => url,
    send: (channel: string, payload: unknown) => sent.push({ url, channel, payload }),
    once: (event: string, listener: () => void) => event === 'destroyed' && destroyed.push(listener),
  };
  return { event: { senderFrame: { url }, sender: contents }, destroy: () => destroyed.forEach((listener) => listener()) };
}

const fromApp = appWindow(1).event;

describe('registerIpcHandlers', () => {
  beforeEach(() => {
    registered.clear();
    sent.length = 0;
  });

  it('registers exactly one channel per request of the contract', () => {
    registerIpcHandlers(fakeCore());
    expect([...registered.keys()].sort()).toEqual(requestNames.map((n) => `portcullis:request:${n}`).sort());
    expect(registered.size).toBeGreaterThanOrEqual(4);
  });

  it('answers the app window and refuses any other sender', async () => {
    registerIpcHandlers(fakeCore());
    const handler = registered.get('portcullis:request:getAppInfo');
    await expect(handler?.(fromApp, undefined)).resolves.toMatchObject({ shell: 'electron' });
    await expect(handler?.({ senderFrame: { url: 'https://evil.test/' } }, undefined)).rejects.toThrow('not the Portcullis window');
    await expect(handler?.({ senderFrame: null }, undefined)).rejects.toThrow('not the Portcullis window');
  });

  it('validates payloads before the core sees them', async () => {
    const core = fakeCore();
    registerIpcHandlers(core);
    const retry = registered.get('portcullis:request:retryGateway');
    await expect(retry?.(fromApp, { gatewayId: { $gt: '' } })).rejects.toThrow('invalid arguments for retryGateway');
    expect(core.handlers.retryGateway).not.toHaveBeenCalled();
    await retry?.(fromApp, { gatewayId: 'virtual' });
    expect(core.handlers.retryGateway).toHaveBeenCalledWith({ gatewayId: 'virtual' }, expect.objectContaining({ operator: expect.objectContaining({ name: 'Ada' }) }));
  });

  it('gives each window its own session, asks it before every request, and closes it with the window', async () => {
    const core = fakeCore();
    registerIpcHandlers(core);
    const list = registered.get('portcullis:request:listDevices');
    const first = appWindow(7);
    const second = appWindow(8);
    await list?.(first.event, undefined);
    await list?.(first.event, undefined);
    await list?.(second.event, undefined);
    expect(core.sessions).toHaveLength(2);
    core.sessions[1]!.standing = () => ({ state: 'none' });
    await expect(list?.(second.event, undefined)).rejects.toThrow('sign in first');
    await expect(list?.(first.event, undefined)).resolves.toEqual([]);
    second.destroy();
    expect(core.sessions.map((session) => session.closed)).toEqual([false, true]);
  });

  it('pushes events to the windows through their sessions, and stops when unregistered', async () => {
    const core = fakeCore();
    const unregister = registerIpcHandlers(core);
    await registered.get('portcullis:request:listDevices')?.(appWindow(3).event, undefined);
    core.push();
    expect(sent).toEqual([{ url: 'app://portcullis/index.html', channel: 'portcullis:event:gatewaysChanged', payload: [] }]);
    unregister();
    expect(core.sessions.every((session) => session.closed)).toBe(true);
    expect(registered.size).toBe(0);
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { requestNames, type EventSink, type RequestHandlers } from '../../../shared/ipc/contract';

// electron cannot load in plain Node: a stand-in that records handlers and sent events.
const registered = new Map<string, (event: unknown, args: unknown) => Promise<unknown>>();
const sent: { url: string; channel: string; payload: unknown }[] = [];
const windows = [
  { url: 'app://portcullis/index.html', destroyed: false },
  { url: 'https://evil.test/', destroyed: false },
  { url: 'app://portcullis/index.html', destroyed: true },
].map((w) => ({
  isDestroyed: () => w.destroyed,
  getURL: () => w.url,
  send: (channel: string, payload: unknown) => sent.push({ url: w.url, channel, payload }),
}));
vi.mock('electron', () => ({
  ipcMain: {
    handle: (channel: string, handler: (event: unknown, args: unknown) => Promise<unknown>) => registered.set(channel, handler),
    removeHandler: (channel: string) => registered.delete(channel),
  },
  webContents: { getAllWebContents: () => windows },
}));

const { registerIpcHandlers } = await import('./ipcMain');

function fakeCore() {
  let sink: EventSink | null = null;
  const handlers = {
    getAppInfo: async () => ({ version: '0.1.0', shell: 'electron', virtualSite: null }),
    listDevices: async () => [],
    listGateways: async () => [],
    retryGateway: vi.fn(async () => null),
  } satisfies Partial<RequestHandlers> as unknown as RequestHandlers; // only these are called here

  return {
    handlers,
    subscribe: (s: EventSink) => {
      sink = s;
      return () => {
        sink = null;
      };
    },
    push: () => sink?.emit('gatewaysChanged', []),
  };
}

const fromApp = { senderFrame: { url: 'app://portcullis/index.html' } };

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
    expect(core.handlers.retryGateway).toHaveBeenCalledWith({ gatewayId: 'virtual' });
  });

  it('pushes events only to live app windows, and stops when unregistered', () => {
    const core = fakeCore();
    const unregister = registerIpcHandlers(core);
    core.push();
    expect(sent).toEqual([{ url: 'app://portcullis/index.html', channel: 'portcullis:event:gatewaysChanged', payload: [] }]);
    unregister();
    core.push();
    expect(sent).toHaveLength(1);
    expect(registered.size).toBe(0);
  });
});

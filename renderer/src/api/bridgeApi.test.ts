import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { eventNames, requestNames, subscriberName } from '../../../shared/ipc/contract';
import { device, gateway } from '../testing/fixtures';
import { createBridgeClient, defaultBridgeUrl, type BridgeClient, type SocketHandlers } from './bridgeApi';
import type { HostLinkStatus } from './hostLink';

/** A WebSocket stand-in: records what the client sends; the test plays the host. */
class FakeSocket {
  readonly sent: unknown[] = [];
  closed = false;
  constructor(
    readonly url: string,
    private readonly handlers: SocketHandlers,
  ) {}
  send(data: string): void {
    if (this.closed) throw new Error('socket is closed');
    this.sent.push(JSON.parse(data));
  }
  close(): void {
    this.closed = true;
  }
  // Host side:
  open(): void {
    this.handlers.onOpen();
  }
  receive(message: unknown): void {
    this.handlers.onMessage(typeof message === 'string' ? message : JSON.stringify(message));
  }
  receiveRaw(data: unknown): void {
    this.handlers.onMessage(data);
  }
  drop(): void {
    this.closed = true;
    this.handlers.onError();
    this.handlers.onClose({ code: 1006, reason: '' });
  }
  lastRequest(): { id: number; name: string; args?: unknown } {
    return this.sent.at(-1) as { id: number; name: string; args?: unknown };
  }
}

let sockets: FakeSocket[];
let client: BridgeClient;
let warn: ReturnType<typeof vi.spyOn>;

function start(): FakeSocket {
  client = createBridgeClient({
    url: 'ws://127.0.0.1:9999/bridge',
    createSocket: (url, handlers) => {
      const socket = new FakeSocket(url, handlers);
      sockets.push(socket);
      return socket;
    },
    initialDelayMs: 100,
    maxDelayMs: 1_000,
    random: () => 0.5,
    now: () => 50_000,
  });
  return latest();
}

function latest(): FakeSocket {
  const socket = sockets.at(-1);
  if (socket === undefined) throw new Error('no socket');
  return socket;
}

beforeEach(() => {
  sockets = [];
  vi.useFakeTimers();
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});

afterEach(() => {
  client.dispose();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('bridgeApi', () => {
  it('exposes one function per request and one onX per event of the contract', () => {
    start();
    for (const name of requestNames) expect(typeof client.api[name]).toBe('function');
    for (const name of eventNames) expect(typeof client.api[subscriberName(name)]).toBe('function');
    expect(Object.keys(client.api).sort()).toEqual([...requestNames, ...eventNames.map(subscriberName)].sort());
  });

  it('builds the bridge URL from the page location', () => {
    start();
    expect(latest().url).toBe('ws://127.0.0.1:9999/bridge');
    expect(defaultBridgeUrl({ protocol: 'http:', host: '127.0.0.1:5173' })).toBe('ws://127.0.0.1:5173/bridge');
    expect(defaultBridgeUrl({ protocol: 'https:', host: 'console.example' })).toBe('wss://console.example/bridge');
  });

  it('sends requests in the envelope with increasing ids and resolves the validated result', async () => {
    const socket = start();
    socket.open();
    const devices = client.api.listDevices();
    const retry = client.api.retryGateway({ gatewayId: 'virtual' });
    expect(socket.sent).toEqual([
      { type: 'request', id: 1, name: 'listDevices' },
      { type: 'request', id: 2, name: 'retryGateway', args: { gatewayId: 'virtual' } },
    ]);
    // Answers may come in any order.
    socket.receive({ type: 'response', id: 2, ok: true, result: null });
    socket.receive({ type: 'response', id: 1, ok: true, result: [device(1)] });
    await expect(retry).resolves.toBeNull();
    await expect(devices).resolves.toEqual([device(1)]);
  });

  it('rejects with the host error message', async () => {
    const socket = start();
    socket.open();
    const retry = client.api.retryGateway({ gatewayId: 'nope' });
    socket.receive({ type: 'response', id: 1, ok: false, error: { message: 'unknown gateway "nope"' } });
    await expect(retry).rejects.toThrow(new Error('unknown gateway "nope"'));
  });

  it('rejects a result that does not match the contract', async () => {
    const socket = start();
    socket.open();
    const devices = client.api.listDevices();
    socket.receive({ type: 'response', id: 1, ok: true, result: [{ key: 'x' }] });
    await expect(devices).rejects.toThrow(/listDevices: the console host sent a malformed answer/);
    expect(warn).toHaveBeenCalled();
  });

  it('queues requests made while connecting and sends them on open', async () => {
    const socket = start();
    const info = client.api.getAppInfo();
    expect(socket.sent).toEqual([]);
    socket.open();
    expect(socket.sent).toEqual([{ type: 'request', id: 1, name: 'getAppInfo' }]);
    const appInfo = { version: '0.1.0', shell: 'host', virtualSite: null };
    socket.receive({ type: 'response', id: 1, ok: true, result: appInfo });
    await expect(info).resolves.toEqual(appInfo);
  });

  it('dispatches validated events to every listener until unsubscribed', () => {
    const socket = start();
    socket.open();
    const a = vi.fn();
    const b = vi.fn();
    const gateways = vi.fn();
    const offA = client.api.onDevicesChanged(a);
    client.api.onDevicesChanged(b);
    client.api.onGatewaysChanged(gateways);
    const delta = { upserted: [device(1)], removed: ['virtual/2'] };
    socket.receive({ type: 'event', name: 'devicesChanged', payload: delta });
    expect(a).toHaveBeenCalledWith(delta);
    expect(b).toHaveBeenCalledWith(delta);
    expect(gateways).not.toHaveBeenCalled();
    offA();
    socket.receive({ type: 'event', name: 'gatewaysChanged', payload: [gateway('virtual')] });
    socket.receive({ type: 'event', name: 'devicesChanged', payload: { upserted: [], removed: [] } });
    expect(a).toHaveBeenCalledTimes(1);
    expect(b).toHaveBeenCalledTimes(2);
    expect(gateways).toHaveBeenCalledWith([gateway('virtual')]);
  });

  it('keeps dispatching when one listener throws', () => {
    const socket = start();
    socket.open();
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const after = vi.fn();
    client.api.onDevicesChanged(() => {
      throw new Error('boom');
    });
    client.api.onDevicesChanged(after);
    socket.receive({ type: 'event', name: 'devicesChanged', payload: { upserted: [], removed: [] } });
    expect(after).toHaveBeenCalledTimes(1);
    expect(error).toHaveBeenCalled();
  });

  it('drops malformed messages with a warning and carries on', async () => {
    const socket = start();
    socket.open();
    const listener = vi.fn();
    client.api.onDevicesChanged(listener);
    const devices = client.api.listDevices();

    socket.receive('{not json');
    socket.receiveRaw(new ArrayBuffer(4));
    socket.receive({ type: 'mystery', id: 1 });
    socket.receive({ type: 'response', id: 1, ok: 'yes', result: [] });
    socket.receive({ type: 'response', id: 77, ok: true, result: [] });
    socket.receive({ type: 'event', name: 'notAnEvent', payload: {} });
    socket.receive({ type: 'event', name: '__proto__', payload: {} });
    socket.receive({ type: 'event', name: 'devicesChanged', payload: { upserted: [{ key: 1 }], removed: [] } });
    socket.receive({ type: 'event', name: 'devicesChanged', payload: { upserted: [device(1, { connection: 'exploded' as never })], removed: [] } });
    socket.receive({ type: 'event', name: 'gatewaysChanged', payload: 'all good' });

    expect(warn).toHaveBeenCalledTimes(10);
    expect(listener).not.toHaveBeenCalled();
    // The request is still pending and still answerable.
    socket.receive({ type: 'response', id: 1, ok: true, result: [] });
    await expect(devices).resolves.toEqual([]);
  });

  it('does not put huge untrusted payloads into the log', () => {
    const socket = start();
    socket.open();
    socket.receive({ type: 'event', name: 'devicesChanged', payload: { junk: 'x'.repeat(100_000) } });
    const message = String(warn.mock.calls[0]?.[0]);
    expect(message.length).toBeLessThan(400);
  });

  it('rejects pending requests when the socket closes, and fails new ones until it is back', async () => {
    const socket = start();
    socket.open();
    const devices = client.api.listDevices();
    socket.drop();
    await expect(devices).rejects.toThrow('listDevices: lost the connection to the console host before it answered');
    await expect(client.api.listGateways()).rejects.toThrow(/listGateways: not connected to the console host/);
    expect(client.link.status()).toMatchObject({ state: 'disconnected', attempt: 1, error: 'Lost the connection to the console host.' });
  });

  it('reconnects with growing backoff and reports each open', () => {
    const socket = start();
    const statuses: HostLinkStatus[] = [];
    client.link.subscribe((s) => statuses.push(s));
    socket.open();
    expect(client.link.status()).toMatchObject({ state: 'open', opens: 1, attempt: 0 });

    socket.drop();
    expect(client.link.status()).toMatchObject({ state: 'disconnected', attempt: 1, nextRetryAt: 50_100 });
    vi.advanceTimersByTime(99);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    expect(client.link.status().state).toBe('connecting');

    // The host is still down: the next wait doubles.
    latest().drop();
    expect(client.link.status()).toMatchObject({ state: 'disconnected', attempt: 2, nextRetryAt: 50_200, error: 'Cannot reach the console host.' });
    vi.advanceTimersByTime(200);
    expect(sockets).toHaveLength(3);
    latest().drop();
    vi.advanceTimersByTime(400);
    latest().drop();
    vi.advanceTimersByTime(800);
    latest().drop();
    // Capped at maxDelayMs.
    expect(client.link.status().nextRetryAt).toBe(51_000);
    vi.advanceTimersByTime(1_000);

    latest().open();
    expect(client.link.status()).toMatchObject({ state: 'open', opens: 2, attempt: 0, error: null });
    expect(statuses.filter((s) => s.state === 'open').map((s) => s.opens)).toEqual([1, 2]);
  });

  it('works again after a reconnect, with new ids and events from the new socket only', async () => {
    const first = start();
    first.open();
    first.drop();
    vi.advanceTimersByTime(100);
    const second = latest();
    second.open();
    const listener = vi.fn();
    client.api.onGatewaysChanged(listener);
    // A late message from the dead socket is ignored.
    first.receive({ type: 'event', name: 'gatewaysChanged', payload: [gateway('old')] });
    expect(listener).not.toHaveBeenCalled();
    const gateways = client.api.listGateways();
    const { id } = second.lastRequest();
    second.receive({ type: 'response', id, ok: true, result: [gateway('virtual')] });
    await expect(gateways).resolves.toEqual([gateway('virtual')]);
  });

  it('rejects requests queued while connecting when that attempt fails', async () => {
    const socket = start();
    const devices = client.api.listDevices();
    socket.drop();
    await expect(devices).rejects.toThrow('listDevices: cannot reach the console host');
  });

  it('reconnects at once on reconnectNow', () => {
    const socket = start();
    socket.drop();
    expect(sockets).toHaveLength(1);
    client.link.reconnectNow();
    expect(sockets).toHaveLength(2);
    expect(client.link.status().state).toBe('connecting');
    // The scheduled attempt was cancelled.
    vi.advanceTimersByTime(10_000);
    expect(sockets).toHaveLength(2);
  });

  it('survives a socket factory that throws', () => {
    client = createBridgeClient({
      url: 'ws://bad',
      createSocket: () => {
        throw new Error('SecurityError');
      },
      initialDelayMs: 100,
      random: () => 0.5,
    });
    expect(client.link.status()).toMatchObject({ state: 'disconnected', attempt: 1 });
  });

  it('dispose closes the socket, fails pending requests and stops reconnecting', async () => {
    const socket = start();
    socket.open();
    const devices = client.api.listDevices();
    client.dispose();
    expect(socket.closed).toBe(true);
    await expect(devices).rejects.toThrow(/closed/);
    await expect(client.api.listDevices()).rejects.toThrow(/closed/);
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(client.link.status().state).toBe('closed');
  });
});

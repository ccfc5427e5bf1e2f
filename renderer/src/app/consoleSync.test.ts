import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeviceView, GatewayView } from '../../../shared/devices';
import { requestNames, type ConsoleApi, type DeviceDelta, type RequestName } from '../../../shared/ipc/contract';
import type { HostLink, HostLinkStatus } from '../api/hostLink';
import { createDevicesStore, type DevicesStore } from '../stores/devicesStore';
import { createGatewaysStore, type GatewaysStore } from '../stores/gatewaysStore';
import { createSessionStore, type SessionStore } from '../stores/sessionStore';
import { device, gateway } from '../testing/fixtures';
import { startConsoleSync, type ConsoleSync } from './consoleSync';

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Requests the store wiring never makes; the ones it makes are overridden below. */
const unusedRequests = Object.fromEntries(
  requestNames.map((name) => [name, (): Promise<never> => Promise.reject(new Error(`${name} is not used by consoleSync`))]),
) as Record<RequestName, () => Promise<never>>;

/** A ConsoleApi whose answers the test hands out one by one, and whose events it pushes. */
class FakeApi {
  log: string[] = [];
  deviceLists: Deferred<DeviceView[]>[] = [];
  gatewayLists: Deferred<GatewayView[]>[] = [];
  deviceListeners = new Set<(d: DeviceDelta) => void>();
  gatewayListeners = new Set<(g: GatewayView[]) => void>();

  readonly api: ConsoleApi = {
    ...unusedRequests,
    getAppInfo: () => Promise.resolve({ version: '9.9.9', shell: 'host', virtualSite: null }),
    listDevices: () => {
      this.log.push('listDevices');
      const d = deferred<DeviceView[]>();
      this.deviceLists.push(d);
      return d.promise;
    },
    listGateways: () => {
      this.log.push('listGateways');
      const d = deferred<GatewayView[]>();
      this.gatewayLists.push(d);
      return d.promise;
    },
    retryGateway: () => Promise.resolve(null),
    onDevicesChanged: (listener) => {
      this.log.push('onDevicesChanged');
      this.deviceListeners.add(listener);
      return () => this.deviceListeners.delete(listener);
    },
    onGatewaysChanged: (listener) => {
      this.log.push('onGatewaysChanged');
      this.gatewayListeners.add(listener);
      return () => this.gatewayListeners.delete(listener);
    },
    // The session is followed elsewhere (operatorSession.ts).
    onSessionChanged: () => () => undefined,
  };

  pushDelta(delta: DeviceDelta): void {
    for (const l of this.deviceListeners) l(delta);
  }
  pushGateways(list: GatewayView[]): void {
    for (const l of this.gatewayListeners) l(list);
  }
}

class FakeLink implements HostLink {
  current: HostLinkStatus;
  listeners = new Set<(s: HostLinkStatus) => void>();
  constructor(state: HostLinkStatus['state']) {
    this.current = { state, opens: state === 'open' ? 1 : 0, attempt: 0, nextRetryAt: null, error: null };
  }
  status = () => this.current;
  subscribe = (l: (s: HostLinkStatus) => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };
  reconnectNow = () => {};
  set(next: Partial<HostLinkStatus>): void {
    this.current = { ...this.current, ...next };
    for (const l of this.listeners) l(this.current);
  }
}

let fake: FakeApi;
let devices: DevicesStore;
let gateways: GatewaysStore;
let session: SessionStore;
let sync: ConsoleSync;
/** Pending delta flushes; the test runs them when it wants (a frame passing). */
let flushes: (() => void)[];

function start(link: FakeLink): void {
  sync = startConsoleSync({
    api: fake.api,
    link,
    devices,
    gateways,
    session,
    schedule: (flush) => {
      flushes.push(flush);
      return () => {
        flushes = flushes.filter((f) => f !== flush);
      };
    },
    retryDelayMs: () => 1_000,
  });
}

function runFlushes(): void {
  const pending = flushes;
  flushes = [];
  for (const f of pending) f();
}

const tick = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

beforeEach(() => {
  fake = new FakeApi();
  devices = createDevicesStore();
  gateways = createGatewaysStore();
  session = createSessionStore({ state: 'connecting', opens: 0, attempt: 0, nextRetryAt: null, error: null });
  flushes = [];
});

afterEach(() => {
  sync.stop();
  vi.useRealTimers();
});

describe('consoleSync', () => {
  it('subscribes to both events before it asks for the lists', () => {
    start(new FakeLink('open'));
    expect(fake.log).toEqual(['onDevicesChanged', 'onGatewaysChanged', 'listDevices', 'listGateways']);
  });

  it('waits for the link to open before loading', () => {
    const link = new FakeLink('connecting');
    start(link);
    expect(fake.log).toEqual(['onDevicesChanged', 'onGatewaysChanged']);
    link.set({ state: 'open', opens: 1 });
    expect(fake.log.slice(2)).toEqual(['listDevices', 'listGateways']);
  });

  it('loads both lists, then marks the initial load done', async () => {
    start(new FakeLink('open'));
    expect(session.getState()).toMatchObject({ loading: true, initialLoad: 'pending' });
    fake.deviceLists[0]?.resolve([device(1)]);
    await tick();
    expect(devices.getState().loaded).toBe(true);
    expect(session.getState().initialLoad).toBe('pending');
    fake.gatewayLists[0]?.resolve([gateway('virtual')]);
    await tick();
    expect(session.getState()).toMatchObject({ loading: false, initialLoad: 'done', loadError: null });
    expect(session.getState().appInfo?.version).toBe('9.9.9');
  });

  it('keeps a delta that arrives before the list (and is newer than its snapshot)', async () => {
    start(new FakeLink('open'));
    fake.pushDelta({ upserted: [device(1, { connection: 'disconnected' })], removed: [] });
    fake.pushDelta({ upserted: [device(2)], removed: [] });
    // Not flushed yet when the answer comes: it must still be replayed over the snapshot.
    fake.deviceLists[0]?.resolve([device(1, { connection: 'connected' })]);
    fake.gatewayLists[0]?.resolve([]);
    await tick();
    const map = devices.getState().devices;
    expect(map.get('virtual/1')?.connection).toBe('disconnected');
    expect(map.has('virtual/2')).toBe(true);
    expect(flushes).toEqual([]);
  });

  it('coalesces deltas between flushes into one store update', async () => {
    start(new FakeLink('open'));
    fake.deviceLists[0]?.resolve([device(1), device(2)]);
    fake.gatewayLists[0]?.resolve([]);
    await tick();
    let updates = 0;
    devices.subscribe(() => updates++);
    fake.pushDelta({ upserted: [device(1, { connection: 'connecting' })], removed: [] });
    fake.pushDelta({ upserted: [device(2, { connection: 'connecting' })], removed: [] });
    fake.pushDelta({ upserted: [], removed: ['virtual/1'] });
    expect(flushes).toHaveLength(1);
    expect(updates).toBe(0);
    runFlushes();
    expect(updates).toBe(1);
    expect([...devices.getState().devices.values()].map((d) => [d.key, d.connection])).toEqual([['virtual/2', 'connecting']]);
  });

  it('applies gateway events and lets one received during the load win', async () => {
    start(new FakeLink('open'));
    fake.pushGateways([gateway('virtual', { state: 'unreachable', nextRetryAt: 5 })]);
    fake.gatewayLists[0]?.resolve([gateway('virtual', { state: 'connecting' })]);
    fake.deviceLists[0]?.resolve([]);
    await tick();
    expect(gateways.getState().gateways[0]?.state).toBe('unreachable');
  });

  it('reloads after the link comes back, dropping deltas that predate the new snapshot', async () => {
    const link = new FakeLink('open');
    start(link);
    fake.deviceLists[0]?.resolve([device(1)]);
    fake.gatewayLists[0]?.resolve([gateway('virtual')]);
    await tick();

    fake.pushDelta({ upserted: [device(1, { connection: 'connecting' })], removed: [] });
    link.set({ state: 'disconnected', attempt: 1 });
    link.set({ state: 'connecting' });
    link.set({ state: 'open', opens: 2, attempt: 0 });
    expect(fake.deviceLists).toHaveLength(2);
    expect(fake.gatewayLists).toHaveLength(2);
    fake.deviceLists[1]?.resolve([device(1, { connection: 'connected' }), device(3)]);
    fake.gatewayLists[1]?.resolve([gateway('virtual')]);
    await tick();
    expect(devices.getState().devices.get('virtual/1')?.connection).toBe('connected');
    expect(devices.getState().devices.has('virtual/3')).toBe(true);
    expect(session.getState().link.opens).toBe(2);
  });

  it('does not reload on status changes that are not a new open', () => {
    const link = new FakeLink('open');
    start(link);
    link.set({ error: 'noise' });
    expect(fake.deviceLists).toHaveLength(1);
  });

  it('reports a failed load and retries while the link is up', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    start(new FakeLink('open'));
    fake.deviceLists[0]?.reject(new Error('core not ready'));
    fake.gatewayLists[0]?.resolve([gateway('virtual')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(session.getState()).toMatchObject({ loading: false, loadError: 'core not ready', initialLoad: 'pending' });
    expect(session.getState().nextLoadAt).not.toBeNull();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(fake.deviceLists).toHaveLength(2);
    fake.deviceLists[1]?.resolve([device(1)]);
    fake.gatewayLists[1]?.resolve([gateway('virtual')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(session.getState()).toMatchObject({ loadError: null, initialLoad: 'done', nextLoadAt: null });
  });

  it('ignores the outcome of a load overtaken by a newer one', async () => {
    const link = new FakeLink('open');
    start(link);
    link.set({ state: 'disconnected' });
    link.set({ state: 'open', opens: 2 });
    // The first load's answers arrive late (a real bridge would have rejected them).
    fake.deviceLists[0]?.resolve([device(99)]);
    fake.gatewayLists[0]?.resolve([gateway('stale')]);
    fake.deviceLists[1]?.resolve([device(1)]);
    fake.gatewayLists[1]?.resolve([gateway('virtual')]);
    await tick();
    expect([...devices.getState().devices.keys()]).toEqual(['virtual/1']);
    expect(gateways.getState().gateways.map((g) => g.id)).toEqual(['virtual']);
  });

  it('stop unsubscribes from events', async () => {
    start(new FakeLink('open'));
    fake.deviceLists[0]?.resolve([]);
    fake.gatewayLists[0]?.resolve([]);
    await tick();
    sync.stop();
    expect(fake.deviceListeners.size).toBe(0);
    expect(fake.gatewayListeners.size).toBe(0);
  });
});

import type { ConsoleApi, DeviceDelta, Unsubscribe } from '../../../shared/ipc/contract';
import type { HostLink, HostLinkStatus } from '../api/hostLink';
import type { DevicesStore } from '../stores/devicesStore';
import type { GatewaysStore } from '../stores/gatewaysStore';
import type { SessionStore } from '../stores/sessionStore';

export interface ConsoleSyncDeps {
  api: ConsoleApi;
  link: HostLink;
  devices: DevicesStore;
  gateways: GatewaysStore;
  session: SessionStore;
  /**
   * Runs `flush` soon; device deltas that arrive in between are applied in one store update, so
   * a burst of deltas costs one render, not one per message. Returns a cancel function.
   */
  schedule?: (flush: () => void) => () => void;
  /** Delay before retrying a failed load while the link stays up. */
  retryDelayMs?: (failures: number) => number;
  now?: () => number;
}

const defaultSchedule = (flush: () => void): (() => void) => {
  const timer = setTimeout(flush, 32);
  return () => clearTimeout(timer);
};

const defaultRetryDelay = (failures: number): number => Math.min(30_000, 1_000 * 2 ** (failures - 1));

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Keeps the stores in step with the core: subscribes to the pushed events first, then loads the
 * lists (again after every reconnect of the link, since events sent while it was down are lost).
 * See devicesStore.ts for why deltas that race a load are neither lost nor overwritten.
 */
export interface ConsoleSync {
  /** Load both lists and the app info again now (the "Try again" button, a sign-in, an unlock). */
  refresh(): void;
  stop(): void;
}

export function startConsoleSync(deps: ConsoleSyncDeps): ConsoleSync {
  const { api, link, devices, gateways, session } = deps;
  const schedule = deps.schedule ?? defaultSchedule;
  const retryDelayMs = deps.retryDelayMs ?? defaultRetryDelay;
  const now = deps.now ?? Date.now;

  let stopped = false;
  let queued: DeviceDelta[] = [];
  let cancelFlush: (() => void) | null = null;
  let refreshSeq = 0;
  let failures = 0;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let lastOpens = 0;

  function flushDeltas(): void {
    cancelFlush?.();
    cancelFlush = null;
    if (queued.length === 0) return;
    const batch = queued;
    queued = [];
    devices.getState().applyDeltas(batch);
  }

  // 1. Listen before asking, so nothing pushed while the lists are in flight is missed.
  const unsubscribers: Unsubscribe[] = [
    api.onDevicesChanged((delta) => {
      queued.push(delta);
      cancelFlush ??= schedule(flushDeltas);
    }),
    api.onGatewaysChanged((list) => gateways.getState().applyList(list)),
  ];

  function clearRetry(): void {
    if (retryTimer !== null) clearTimeout(retryTimer);
    retryTimer = null;
  }

  // 2. Load both lists; a newer refresh makes an older one's outcome irrelevant.
  async function refresh(): Promise<void> {
    clearRetry();
    const seq = ++refreshSeq;
    // Deltas already received are older than the snapshot about to be taken: apply them now
    // so they are not recorded for replay over it.
    flushDeltas();
    const deviceToken = devices.getState().beginLoad();
    const gatewayToken = gateways.getState().beginLoad();
    session.setState({ loading: true });

    const loadDevices = api.listDevices().then(
      (list) => {
        // Deltas that arrived before the answer go into the replay record first.
        flushDeltas();
        devices.getState().load(list, deviceToken);
      },
      (error: unknown) => {
        devices.getState().abortLoad(deviceToken);
        throw error;
      },
    );
    const loadGateways = api.listGateways().then(
      (list) => {
        gateways.getState().load(list, gatewayToken);
      },
      (error: unknown) => {
        gateways.getState().abortLoad(gatewayToken);
        throw error;
      },
    );
    const outcomes = await Promise.allSettled([loadDevices, loadGateways]);
    if (stopped || seq !== refreshSeq) return;

    const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failed === undefined) {
      failures = 0;
      session.setState({ loading: false, loadError: null, nextLoadAt: null, initialLoad: 'done' });
      return;
    }
    failures += 1;
    const loadError = messageOf(failed.reason);
    // While the link is up, try again by ourselves; when it is down, its reopening will.
    if (link.status().state === 'open') {
      const delay = retryDelayMs(failures);
      retryTimer = setTimeout(() => {
        retryTimer = null;
        void refresh();
      }, delay);
      session.setState({ loading: false, loadError, nextLoadAt: now() + delay });
    } else {
      session.setState({ loading: false, loadError, nextLoadAt: null });
    }
  }

  function loadAppInfo(): void {
    api.getAppInfo().then(
      (appInfo) => {
        if (!stopped) session.setState({ appInfo });
      },
      (error: unknown) => console.warn('getAppInfo failed:', error),
    );
  }

  function onLink(status: HostLinkStatus): void {
    session.setState({ link: status });
    if (status.state === 'open' && status.opens !== lastOpens) {
      lastOpens = status.opens;
      void refresh();
      loadAppInfo();
    } else if (status.state !== 'open') {
      clearRetry();
    }
  }

  unsubscribers.push(link.subscribe(onLink));
  onLink(link.status());

  return {
    refresh() {
      if (stopped || link.status().state !== 'open') return;
      void refresh();
      // Also after a sign-in: before it, the core answered no one.
      loadAppInfo();
    },
    stop() {
      stopped = true;
      clearRetry();
      cancelFlush?.();
      cancelFlush = null;
      queued = [];
      for (const unsubscribe of unsubscribers) unsubscribe();
    },
  };
}


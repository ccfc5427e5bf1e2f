import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import type { GatewayState, GatewayView } from '../../../shared/devices';
import { sameFields } from '../../../shared/sameFields';

/** States the operator has to act on (or at least know about). */
export const gatewayProblemStates: ReadonlySet<GatewayState> = new Set(['unreachable', 'untrusted', 'failed']);

export function isGatewayProblem(gateway: Pick<GatewayView, 'state'>): boolean {
  return gatewayProblemStates.has(gateway.state);
}

/**
 * Every configured gateway, from `listGateways()` and the `gatewaysChanged` events (each event
 * carries the whole list). Same ordering rule as the devices store: an event that arrives while
 * a list request is in flight may be newer than the snapshot, and every later change brings its
 * own event, so the latest event recorded during the load wins over the snapshot.
 */
export interface GatewaysState {
  gateways: readonly GatewayView[];
  /**
   * Gateways that were in a problem state and have not been connected since: their banner stays
   * up while they retry ('connecting'), so it does not blink away and back on every attempt.
   */
  attention: ReadonlySet<string>;
  loaded: boolean;
  beginLoad(): number;
  /** Installs a snapshot unless a newer load began; an event seen during the load wins. */
  load(list: readonly GatewayView[], token?: number): boolean;
  abortLoad(token: number): void;
  /** A `gatewaysChanged` event: the whole list. */
  applyList(list: readonly GatewayView[]): void;
}

export type GatewaysStore = StoreApi<GatewaysState>;

/** Keeps the previous objects (and the previous array) where nothing changed. */
function reconcile(previous: readonly GatewayView[], list: readonly GatewayView[]): readonly GatewayView[] {
  const byId = new Map(previous.map((g) => [g.id, g]));
  let changed = previous.length !== list.length;
  const next = list.map((gateway, index) => {
    const old = byId.get(gateway.id);
    const kept = old !== undefined && sameFields(old, gateway) ? old : gateway;
    if (previous[index] !== kept) changed = true;
    return kept;
  });
  return changed ? next : previous;
}

/** Carries `attention` forward; returns `previous` when it does not change. */
function nextAttention(previous: ReadonlySet<string>, list: readonly GatewayView[]): ReadonlySet<string> {
  const next = new Set<string>();
  for (const gateway of list) {
    if (isGatewayProblem(gateway) || (gateway.state === 'connecting' && previous.has(gateway.id))) next.add(gateway.id);
  }
  if (next.size === previous.size && [...next].every((id) => previous.has(id))) return previous;
  return next;
}

export function createGatewaysStore(): GatewaysStore {
  let latestToken = 0;
  let recording: { token: number; latest: readonly GatewayView[] | null } | null = null;

  return createStore<GatewaysState>()((set, get) => ({
    gateways: [],
    attention: new Set(),
    loaded: false,

    beginLoad() {
      latestToken += 1;
      recording = { token: latestToken, latest: null };
      return latestToken;
    },

    load(list, token) {
      if (token !== undefined && token !== latestToken) return false;
      const newest = recording?.latest ?? list;
      recording = null;
      const gateways = reconcile(get().gateways, newest);
      set({ gateways, attention: nextAttention(get().attention, gateways), loaded: true });
      return true;
    },

    abortLoad(token) {
      if (recording?.token === token) recording = null;
    },

    applyList(list) {
      if (recording !== null) recording.latest = list;
      const current = get().gateways;
      const gateways = reconcile(current, list);
      if (gateways !== current) set({ gateways, attention: nextAttention(get().attention, gateways) });
    },
  }));
}

export const gatewaysStore = createGatewaysStore();

export function useGateways<T>(selector: (state: GatewaysState) => T): T {
  return useStore(gatewaysStore, selector);
}

export const gatewayStateLabels: Record<GatewayState, string> = {
  connecting: 'Connecting',
  connected: 'Connected',
  unreachable: 'Unreachable',
  untrusted: 'Certificate not trusted',
  failed: 'Failed',
};

/** The worst state across gateways, for the top bar; null when none is configured. */
export function overallGatewayState(gateways: readonly GatewayView[]): GatewayState | null {
  const order: GatewayState[] = ['failed', 'untrusted', 'unreachable', 'connecting', 'connected'];
  for (const state of order) if (gateways.some((g) => g.state === state)) return state;
  return null;
}

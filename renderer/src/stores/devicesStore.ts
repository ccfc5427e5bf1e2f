import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { connectionStates, type ConnectionState, type DeviceView, type SyncState } from '../../../shared/devices';
import type { DeviceDelta } from '../../../shared/ipc/contract';
import { sameFields } from '../../../shared/sameFields';

/**
 * Every device the console knows, by DeviceView.key, kept live from `listDevices()` and the
 * `devicesChanged` deltas.
 *
 * Ordering: the list is a snapshot taken at some moment while its request was in flight; deltas
 * may arrive before the answer and describe changes made after the snapshot. So a load is
 * bracketed: `beginLoad()` right before the request starts recording every delta that arrives,
 * and `load(list, token)` installs the snapshot and then replays those deltas in order. Deltas
 * are whole records and come over the same ordered channel as the answer, so replaying a delta
 * the snapshot already contains is harmless, and one it lacks is not lost. Deltas received before
 * `beginLoad()` are older than the snapshot and are superseded by it. A load whose token is no
 * longer the latest (a newer load began) is ignored.
 *
 * Untouched devices keep their object identity through every delta, and an upsert equal to what
 * is stored keeps the old object, so memoized rows only re-render when their device changed.
 */
export interface DevicesState {
  devices: ReadonlyMap<string, DeviceView>;
  /** A full list has been loaded at least once. */
  loaded: boolean;
  /** Starts recording deltas for a load about to be requested; returns its token. */
  beginLoad(): number;
  /**
   * Installs a snapshot and replays the deltas recorded since `beginLoad()`. Without a token it
   * belongs to the latest load (or there is none: the list simply replaces the map). Returns
   * false when the snapshot is stale and was ignored.
   */
  load(list: readonly DeviceView[], token?: number): boolean;
  /** The request for this load failed: stop recording. */
  abortLoad(token: number): void;
  applyDelta(delta: DeviceDelta): void;
  /** Several deltas in order, one store update. */
  applyDeltas(deltas: readonly DeviceDelta[]): void;
}

export type DevicesStore = StoreApi<DevicesState>;

/**
 * Applies deltas to `base` (never mutated). Upserts first, then removals: a key in both lists
 * of one delta went away. Returns `base` itself when nothing changed.
 */
export function applyDeltasTo(
  base: ReadonlyMap<string, DeviceView>,
  deltas: readonly DeviceDelta[],
): ReadonlyMap<string, DeviceView> {
  let next: Map<string, DeviceView> | null = null;
  const writable = (): Map<string, DeviceView> => (next ??= new Map(base));
  for (const delta of deltas) {
    for (const device of delta.upserted) {
      const current = (next ?? base).get(device.key);
      if (current !== undefined && sameFields(current, device)) continue;
      writable().set(device.key, device);
    }
    for (const key of delta.removed) {
      if ((next ?? base).has(key)) writable().delete(key);
    }
  }
  return next ?? base;
}

/** Builds the map for a snapshot, reusing stored objects that did not change. */
function fromSnapshot(
  list: readonly DeviceView[],
  previous: ReadonlyMap<string, DeviceView>,
): ReadonlyMap<string, DeviceView> {
  const map = new Map<string, DeviceView>();
  for (const device of list) {
    const old = previous.get(device.key);
    map.set(device.key, old !== undefined && sameFields(old, device) ? old : device);
  }
  return map;
}

export function createDevicesStore(): DevicesStore {
  // Bookkeeping for the load in flight; not state anyone renders.
  let latestToken = 0;
  let recording: { token: number; deltas: DeviceDelta[] } | null = null;

  return createStore<DevicesState>()((set, get) => ({
    devices: new Map(),
    loaded: false,

    beginLoad() {
      latestToken += 1;
      recording = { token: latestToken, deltas: [] };
      return latestToken;
    },

    load(list, token) {
      if (token !== undefined && token !== latestToken) return false;
      const replay = recording?.deltas ?? [];
      recording = null;
      const devices = applyDeltasTo(fromSnapshot(list, get().devices), replay);
      set({ devices, loaded: true });
      return true;
    },

    abortLoad(token) {
      if (recording?.token === token) recording = null;
    },

    applyDelta(delta) {
      get().applyDeltas([delta]);
    },

    applyDeltas(deltas) {
      if (deltas.length === 0) return;
      recording?.deltas.push(...deltas);
      const current = get().devices;
      const devices = applyDeltasTo(current, deltas);
      if (devices !== current) set({ devices });
    },
  }));
}

/** The app's one instance. */
export const devicesStore = createDevicesStore();

export function useDevices<T>(selector: (state: DevicesState) => T): T {
  return useStore(devicesStore, selector);
}

// ---------------------------------------------------------------------------------------------
// Selectors: pure functions of the map, memoized by the caller (useMemo) on the map's identity.

export type DeviceSortKey = 'connection' | 'name' | 'sync' | 'deviceID' | 'model' | 'ip' | 'firmware' | 'userCount' | 'placement';
export type SortDirection = 'asc' | 'desc';
export interface DeviceSort {
  key: DeviceSortKey;
  direction: SortDirection;
}

/** Ascending by state puts the devices that need attention first. */
const connectionRank: Record<ConnectionState, number> = {
  'cannot-connect': 0,
  disconnected: 1,
  connecting: 2,
  connected: 3,
};

/** Ascending by sync puts the devices that need attention first, too. */
const syncRank: Record<SyncState, number> = {
  error: 0,
  'out-of-sync': 1,
  syncing: 2,
  checking: 3,
  unknown: 4,
  'in-sync': 5,
};

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/** IPv4 as a number for ordering; null for anything else (sorted as text after IPv4s). */
function ipv4Value(ip: string): number | null {
  const parts = ip.split('.');
  if (parts.length !== 4) return null;
  let value = 0;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return null;
    const octet = Number(part);
    if (octet > 255) return null;
    value = value * 256 + octet;
  }
  return value;
}

function compareIp(a: string, b: string): number {
  const va = ipv4Value(a);
  const vb = ipv4Value(b);
  if (va !== null && vb !== null) return va - vb;
  if (va !== null) return -1;
  if (vb !== null) return 1;
  return collator.compare(a, b);
}

/** Compares by one column; null means "unknown" and is the caller's to place. */
function compareBy(key: DeviceSortKey, a: DeviceView, b: DeviceView): number | null {
  switch (key) {
    case 'connection':
      return connectionRank[a.connection] - connectionRank[b.connection];
    case 'name':
      return collator.compare(a.name, b.name);
    case 'sync':
      return syncRank[a.sync.state] - syncRank[b.sync.state];
    case 'deviceID':
      return a.deviceID - b.deviceID;
    case 'model':
      return collator.compare(a.model, b.model);
    case 'ip':
      return compareIp(a.ip, b.ip);
    case 'firmware':
      if (a.firmware === null || b.firmware === null) return null;
      return collator.compare(a.firmware, b.firmware);
    case 'userCount':
      if (a.userCount === null || b.userCount === null) return null;
      return a.userCount - b.userCount;
    case 'placement':
      // By the users the console wants there: next to "Users on device", what should be there.
      if (a.sync.placement === null || b.sync.placement === null) return null;
      return a.sync.placement.users - b.sync.placement.users;
  }
}

function nullOf(key: DeviceSortKey, device: DeviceView): boolean {
  return (key === 'firmware' && device.firmware === null) || (key === 'userCount' && device.userCount === null) || (key === 'placement' && device.sync.placement === null);
}

/** A comparator for a column; unknown values last in both directions; ties by name, then key. */
export function deviceComparator(sort: DeviceSort): (a: DeviceView, b: DeviceView) => number {
  const sign = sort.direction === 'asc' ? 1 : -1;
  return (a, b) => {
    const aNull = nullOf(sort.key, a);
    const bNull = nullOf(sort.key, b);
    if (aNull !== bNull) return aNull ? 1 : -1;
    const primary = aNull ? 0 : (compareBy(sort.key, a, b) ?? 0);
    if (primary !== 0) return sign * primary;
    const byName = collator.compare(a.name, b.name);
    if (byName !== 0) return byName;
    return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  };
}

/** Case-insensitive match on name, device ID, IP (with or without port) or model. */
export function matchesFilter(device: DeviceView, filter: string): boolean {
  const needle = filter.trim().toLowerCase();
  if (needle === '') return true;
  return (
    device.name.toLowerCase().includes(needle) ||
    String(device.deviceID).includes(needle) ||
    `${device.ip}:${device.port}`.toLowerCase().includes(needle) ||
    device.model.toLowerCase().includes(needle)
  );
}

/** The table's rows: filtered, then sorted. */
export function selectSortedRows(
  devices: ReadonlyMap<string, DeviceView>,
  sort: DeviceSort,
  filter = '',
): DeviceView[] {
  const rows: DeviceView[] = [];
  for (const device of devices.values()) if (matchesFilter(device, filter)) rows.push(device);
  return rows.sort(deviceComparator(sort));
}

export type StateCounts = Record<ConnectionState, number> & { total: number };

/** Pass `map.values()` or an array. */
export function countByState(devices: Iterable<DeviceView>): StateCounts {
  const counts: StateCounts = { total: 0, connected: 0, connecting: 0, disconnected: 0, 'cannot-connect': 0 };
  for (const device of devices) {
    counts.total += 1;
    counts[device.connection] += 1;
  }
  return counts;
}

export const connectionLabels: Record<ConnectionState, string> = {
  connected: 'Connected',
  connecting: 'Connecting',
  disconnected: 'Disconnected',
  'cannot-connect': 'Cannot connect',
};

/** "12 devices · 11 connected · 1 disconnected"; states with no devices are left out. */
export function summaryText(counts: StateCounts): string {
  const parts = [`${counts.total} ${counts.total === 1 ? 'device' : 'devices'}`];
  for (const state of connectionStates) {
    if (counts[state] > 0) parts.push(`${counts[state]} ${connectionLabels[state].toLowerCase()}`);
  }
  return parts.join(' · ');
}

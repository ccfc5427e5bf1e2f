import type { DeviceCapabilities } from '../../../shared/domain/deviceRecord';
import type { DeviceModePreview, SyncMode, SyncModePreview } from '../../../shared/domain/syncMode';
import type { Store } from '../store/store';
import { capabilitiesKey } from './deviceProfile';
import type { DesiredEntries } from './desiredIndex';
import { routedEntries } from './userRouting';
import { desiredRecord, wireSize } from './userInfoCodec';

/*
 * The preview before a mode switch (Settings → Automatic user synchronization): per device, what
 * the first sync under the candidate mode would write. It is the check's arithmetic (desired
 * entries of the candidate routing against the journal) without asking the devices, so users
 * only on a device never show up: they are never removed.
 */

/** One device as the preview sees it: its desired entries under the candidate mode and its journal. */
export interface PreviewTarget {
  key: string;
  deviceId: number;
  name: string;
  capabilities: DeviceCapabilities;
  /** The profile's desired entries (every enabled user this model can hold). */
  entries: DesiredEntries;
  /** The users the candidate mode routes to the device. */
  routed: ReadonlySet<string> | 'every-user';
  /** user ID → hash the console last confirmed writing there. */
  journal: ReadonlyMap<string, string>;
  /** Not connected now: `capabilities` are those it had when last connected. */
  offline: boolean;
}

/** The users a sync would write (added or changed) and how many it would remove. */
export interface DeviceChanges {
  added: string[];
  updated: string[];
  removed: number;
}

export function changesFor(target: Pick<PreviewTarget, 'entries' | 'routed' | 'journal'>): DeviceChanges {
  const desired = routedEntries(target.entries, target.routed);
  const added: string[] = [];
  const updated: string[] = [];
  for (const [id, entry] of desired) {
    const written = target.journal.get(id);
    if (written === undefined) added.push(id);
    else if (written !== entry.hash) updated.push(id);
  }
  // Only what the console placed there (the journal) can be removed.
  let removed = 0;
  for (const id of target.journal.keys()) if (!desired.has(id)) removed += 1;
  return { added, updated, removed };
}

const BYTES_BATCH = 2_000;

/**
 * The wire size of every record a device would receive, read from the Store in batches (a user
 * going to 50 devices is read once, and projected once per device model).
 */
async function bytesPerDevice(store: Store, targets: readonly PreviewTarget[], changes: readonly DeviceChanges[]): Promise<number[]> {
  const wanted = new Set<string>();
  for (const change of changes) for (const id of [...change.added, ...change.updated]) wanted.add(id);
  const sizes = new Map<string, Map<string, number>>(); // user ID → capabilities key → bytes
  const ids = [...wanted];
  for (let start = 0; start < ids.length; start += BYTES_BATCH) {
    const batch = ids.slice(start, start + BYTES_BATCH);
    const users = await store.users.get(batch);
    batch.forEach((id, position) => {
      const user = users[position];
      if (!user) return;
      const byModel = new Map<string, number>();
      for (const target of targets) {
        const model = capabilitiesKey(target.capabilities);
        if (byModel.has(model)) continue;
        const record = desiredRecord(user, target.capabilities);
        byModel.set(model, record ? wireSize(record) : 0);
      }
      sizes.set(id, byModel);
    });
  }
  return targets.map((target, index) => {
    const model = capabilitiesKey(target.capabilities);
    const change = changes[index];
    if (!change) return 0;
    let bytes = 0;
    for (const id of [...change.added, ...change.updated]) bytes += sizes.get(id)?.get(model) ?? 0;
    return bytes;
  });
}

/** The preview of `mode` for the given devices (connected ones, and offline ones whose model is known) and the others. */
export async function previewMode(
  store: Store,
  mode: SyncMode,
  targets: readonly PreviewTarget[],
  notConnected: SyncModePreview['notConnected'],
): Promise<SyncModePreview> {
  const changes = targets.map((target) => changesFor(target));
  const bytes = await bytesPerDevice(store, targets, changes);
  const devices: DeviceModePreview[] = targets.map((target, index) => ({
    key: target.key,
    deviceId: target.deviceId,
    name: target.name,
    add: changes[index]?.added.length ?? 0,
    update: changes[index]?.updated.length ?? 0,
    remove: changes[index]?.removed ?? 0,
    bytes: bytes[index] ?? 0,
    offline: target.offline,
  }));
  const totals = { add: 0, update: 0, remove: 0, bytes: 0 };
  for (const device of devices) {
    totals.add += device.add;
    totals.update += device.update;
    totals.remove += device.remove;
    totals.bytes += device.bytes;
  }
  return { mode, devices, totals, notConnected };
}

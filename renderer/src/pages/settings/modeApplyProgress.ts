import type { DeviceView } from '../../../../shared/devices';
import type { SyncModePreview } from '../../../../shared/domain/syncMode';

/*
 * After a mode switch: how far the devices the preview said would change have come. The core
 * pushes every device's sync state; a device counts once it has been checked since the switch
 * and is in sync, or has stopped on an error (those wait for the operator).
 */

/** The connected devices a switch changes, each with the time of its last check before the switch. */
export type ApplyBaseline = ReadonlyMap<string, number | null>;

/** Offline devices are left out: the switch reaches them when they are back, maybe long after. */
export function applyBaseline(preview: SyncModePreview, devices: ReadonlyMap<string, DeviceView>): ApplyBaseline {
  const baseline = new Map<string, number | null>();
  for (const device of preview.devices) {
    if (device.offline || device.add + device.update + device.remove === 0) continue;
    baseline.set(device.key, devices.get(device.key)?.sync.checkedAt ?? null);
  }
  return baseline;
}

export interface ApplyProgress {
  total: number;
  inSync: number;
  failed: number;
  /** Every affected device is in sync or in error. */
  done: boolean;
}

export function applyProgress(baseline: ApplyBaseline, devices: ReadonlyMap<string, DeviceView>): ApplyProgress {
  let inSync = 0;
  let failed = 0;
  for (const [key, checkedBefore] of baseline) {
    const sync = devices.get(key)?.sync;
    if (!sync) continue;
    // A device still showing its state from before the switch has not been checked anew yet.
    const checkedSince = sync.checkedAt !== null && (checkedBefore === null || sync.checkedAt > checkedBefore);
    if (sync.state === 'in-sync' && checkedSince) inSync += 1;
    else if (sync.state === 'error') failed += 1;
  }
  return { total: baseline.size, inSync, failed, done: inSync + failed >= baseline.size };
}

/** "1.2 MB": the bytes a preview expects to send. */
export function bytesText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB'] as const;
  let value = bytes / 1024;
  let unit: (typeof units)[number] = 'KB';
  for (const next of units.slice(1)) {
    if (value < 1024) break;
    value /= 1024;
    unit = next;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${unit}`;
}

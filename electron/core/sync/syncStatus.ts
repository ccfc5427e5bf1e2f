import type { DevicePlacement, DeviceSync } from '../../../shared/devices';
import type { DeviceRegistry } from '../deviceRegistry';
import { isConverged, type UserDiff } from './userDiff';

/**
 * A device's sync state after a check. In sync means: nothing to write or delete (journal equals
 * the desired state, the device's headers agree) and no user only on the device. Users only on
 * the device keep the device out of sync (the yellow mark of DESIGN.md §1) although no sync
 * touches them: the operator uploads or deletes them in Manage users.
 * The same holds for access rules: any difference, or a rule only on the device, is listed in
 * `accessDiffers` and keeps the device out of sync.
 * A standing failure (a full device, refused records) shows as `error` while it still matters.
 * `placement`: which mode placed users there and how, as worked out with the diff's desired state.
 */
export function syncAfterCheck(diff: UserDiff, accessDiffers: readonly string[], checkedAt: number, failure: string | null, placement: DevicePlacement | null): DeviceSync {
  const converged = isConverged(diff);
  const state = converged ? (diff.onlyOnDevice.length === 0 && accessDiffers.length === 0 ? 'in-sync' : 'out-of-sync') : failure ? 'error' : 'out-of-sync';
  return {
    state,
    missing: diff.missing.length,
    outdated: diff.outdated.length,
    extra: diff.extra.length,
    onlyOnDevice: diff.onlyOnDevice.length,
    accessDiffers: [...accessDiffers],
    progress: null,
    message: state === 'error' ? failure : null,
    checkedAt,
    placement,
  };
}

/**
 * Writes sync states into the registry, which coalesces them into devicesChanged deltas.
 * Progress is throttled per device on top of that, so a sync of 10,000 users in 20 batches
 * costs the UI a few updates per second, not one per batch and device.
 */
export class SyncStatusWriter {
  private readonly lastProgressAt = new Map<string, number>();
  private readonly startedAt = new Map<string, number>();

  constructor(
    private readonly registry: DeviceRegistry,
    private readonly now: () => number,
    private readonly progressEveryMs: number,
  ) {}

  get(key: string): DeviceSync | undefined {
    return this.registry.get(key)?.sync;
  }

  set(key: string, change: (current: DeviceSync) => DeviceSync): void {
    this.registry.update(key, (device) => ({ ...device, sync: change(device.sync) }));
  }

  /** Marks the start of work with a progress bar (sync, deep check). */
  begin(key: string, state: 'syncing' | 'checking', total: number): void {
    this.startedAt.set(key, this.now());
    this.lastProgressAt.set(key, this.now());
    this.set(key, (sync) => ({ ...sync, state, message: null, progress: { done: 0, total, etaMs: null } }));
  }

  progress(key: string, done: number, total: number): void {
    const now = this.now();
    const last = this.lastProgressAt.get(key) ?? 0;
    if (done < total && now - last < this.progressEveryMs) return;
    this.lastProgressAt.set(key, now);
    const elapsed = now - (this.startedAt.get(key) ?? now);
    const etaMs = done > 0 && done < total ? Math.round((elapsed / done) * (total - done)) : done >= total ? 0 : null;
    this.set(key, (sync) => ({ ...sync, progress: { done, total, etaMs } }));
  }

  end(key: string, next: DeviceSync): void {
    this.startedAt.delete(key);
    this.lastProgressAt.delete(key);
    this.set(key, () => next);
  }
}

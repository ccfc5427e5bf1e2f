import type { DeviceSync, DeviceView, SyncState } from '../../../../shared/devices';
import type { IconShape } from '../../components/StateIcon';
import { formatRemaining } from '../../lib/timeText';

/** Every sync state in the operator's words. */
export const syncLabels: Record<SyncState, string> = {
  unknown: 'Not checked',
  checking: 'Checking',
  'in-sync': 'In sync',
  'out-of-sync': 'Out of sync',
  syncing: 'Syncing',
  error: 'Sync error',
};

/** A shape per state, so the mark reads without colour: the yellow mark is a triangle with "!". */
export const syncShapes: Record<SyncState, IconShape> = {
  unknown: 'unknown',
  checking: 'pending',
  'in-sync': 'ok',
  'out-of-sync': 'warn',
  syncing: 'pending',
  error: 'stop',
};

/**
 * The mark's colour: yellow out of sync, red on error, green in sync, blue while busy; grey for
 * a device the console cannot reach (its last known state stays in words and shape).
 */
export type SyncTone = 'ok' | 'warn' | 'error' | 'busy' | 'muted';

export function syncTone(device: Pick<DeviceView, 'connection' | 'sync'>): SyncTone {
  if (device.connection !== 'connected') return 'muted';
  switch (device.sync.state) {
    case 'in-sync':
      return 'ok';
    case 'out-of-sync':
      return 'warn';
    case 'error':
      return 'error';
    case 'checking':
    case 'syncing':
      return 'busy';
    case 'unknown':
      return 'muted';
  }
}

/** The user differences, each in words: ["12 missing", "3 outdated", "2 to remove", "1 only on device"]. */
export function syncReasons(sync: Pick<DeviceSync, 'missing' | 'outdated' | 'extra' | 'onlyOnDevice'>): string[] {
  const reasons: string[] = [];
  if (sync.missing > 0) reasons.push(`${sync.missing} missing`);
  if (sync.outdated > 0) reasons.push(`${sync.outdated} outdated`);
  if (sync.extra > 0) reasons.push(`${sync.extra} to remove`);
  if (sync.onlyOnDevice > 0) reasons.push(`${sync.onlyOnDevice} only on device`);
  return reasons;
}

/** One line for the table row: "12 missing, 3 outdated, 1 only on device; access data differs". */
export function syncReasonText(sync: DeviceSync): string {
  const parts = syncReasons(sync);
  const text = parts.join(', ');
  if (sync.accessDiffers.length === 0) return text;
  return text === '' ? 'access data differs' : `${text}; access data differs`;
}

/** "40 of 120 users · about 2 min left" (or without the estimate when there is none). */
export function progressText(progress: NonNullable<DeviceSync['progress']>): string {
  const done = `${progress.done} of ${progress.total} ${progress.total === 1 ? 'user' : 'users'}`;
  return progress.etaMs === null ? done : `${done} · about ${formatRemaining(progress.etaMs)} left`;
}

/** 0–100, for the progress bar. */
export function progressPercent(progress: NonNullable<DeviceSync['progress']>): number {
  if (progress.total <= 0) return 0;
  return Math.min(100, Math.max(0, Math.round((progress.done / progress.total) * 100)));
}

import type { BackoffPolicy } from '../backoff';
import type { WriteTuning } from './syncJob';

/** Every knob of the sync engine; tests shorten the waits, production uses the defaults. */
export interface SyncTuning extends WriteTuning {
  /** Jobs (a group sync, a check, a wipe) running at once, across all devices. */
  maxParallelJobs: number;
  /** Devices one group sync takes at most (one Multi call reaches all of them). */
  maxDevicesPerJob: number;
  /** Users per User.Get in deep checks and Manage users. */
  readBatchUsers: number;
  /** Backoff between failed attempts at a device, and how many attempts before it is an error. */
  retry: BackoffPolicy;
  maxAttempts: number;
  /** How long requests are gathered before a round starts, so devices asked together sync together. */
  gatherMs: number;
  /** Quiet time after master-data changes before the devices are checked again. */
  masterChangeDebounceMs: number;
  /** Quiet time after user changes made at a device before it is checked again. */
  deviceChangeDebounceMs: number;
  /** Automatic modes: devices affected by master-data changes are synced this long after the last change... */
  autoSyncQuietMs: number;
  /** ...and no later than this after the first change of a burst. */
  autoSyncMaxWaitMs: number;
  /** Least time between two progress updates of one device. */
  progressEveryMs: number;
  /** Default time between scheduled deep checks (setting `sync.deepCheckIntervalMs` overrides). */
  deepCheckIntervalMs: number;
  /** How often the deep-check schedule is looked at. */
  deepCheckTickMs: number;
  /** Users one pull job takes from a device (read in `readBatchUsers` calls, stored in one write). */
  maxUsersPerPull: number;
  /** Live device events waiting to be stored beyond which further ones are left in the devices' logs (read later). */
  maxEventBacklog: number;
  /** Events per Event.GetLog page when a device's log is caught up after a (re)connect. */
  logPageSize: number;
  /** Moved event cursors are written this long after the first move (live traffic moves them constantly). */
  cursorWriteEveryMs: number;
  /** How often every connected device's log is read after its last event seen, for an event the live stream dropped last (0: never). */
  logTailReadMs: number;
}

export const DEFAULT_SYNC_TUNING: SyncTuning = {
  maxBatchUsers: 500,
  maxBatchBytes: 4 * 1024 * 1024,
  maxDeleteIds: 1_000,
  pipelineDepth: 2,
  minSharedUsers: 32,
  maxRefusals: 20,
  maxParallelJobs: 4,
  maxDevicesPerJob: 64,
  readBatchUsers: 200,
  retry: { initialMs: 2_000, maxMs: 60_000, factor: 2, jitter: 0.2 },
  maxAttempts: 5,
  gatherMs: 25,
  masterChangeDebounceMs: 300,
  deviceChangeDebounceMs: 500,
  autoSyncQuietMs: 1_000,
  autoSyncMaxWaitMs: 4_000,
  progressEveryMs: 250,
  deepCheckIntervalMs: 6 * 60 * 60 * 1000,
  deepCheckTickMs: 60_000,
  maxUsersPerPull: 1_000,
  maxEventBacklog: 20_000,
  logPageSize: 1_000,
  cursorWriteEveryMs: 1_000,
  logTailReadMs: 30_000,
};

/** The settings key of the deep-check interval (ms); below a minute is ignored. */
export const DEEP_CHECK_INTERVAL_SETTING = 'sync.deepCheckIntervalMs';

/** The settings key of the automatic user synchronization mode (shared/domain/syncMode.ts). */
export const SYNC_MODE_SETTING = 'sync.mode';

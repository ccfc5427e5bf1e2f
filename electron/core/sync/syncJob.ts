import { type DeviceCapabilities } from '../../../shared/domain/deviceRecord';
import { recordHash } from './recordHash';
import type { GatewayClient, UserInfo } from '../../gsdk';
import type { Store } from '../store/store';
import { batchesBySize, chunks, planCalls } from './callPlan';
import { deleteOnDevices, enrollOnDevices, type DeviceFailure, type DeviceFailures } from './deviceFailure';
import { journalChange, type JournalBook, type JournalChange } from './journalBook';
import { desiredRecord, toUserInfo, wireSize } from './userInfoCodec';

/** How big and how many: the knobs of a sync job. */
export interface WriteTuning {
  /** Users per EnrollMulti, at most. */
  maxBatchUsers: number;
  /** Bytes per EnrollMulti, about (kept well under the gateway's message limit). */
  maxBatchBytes: number;
  /** IDs per DeleteMulti. */
  maxDeleteIds: number;
  /** Batches on the wire at once per job: the next is prepared while the device applies one. */
  pipelineDepth: number;
  /** Smallest group of users worth a Multi call of its own (see planCalls). */
  minSharedUsers: number;
  /** A job stops writing to a device after this many refused records. */
  maxRefusals: number;
}

export interface SyncJobDevice {
  key: string;
  deviceId: number;
  /** User IDs to write (missing or outdated). */
  write: readonly string[];
  /** User IDs to delete (placed by the console, no longer wanted). */
  remove: readonly string[];
  /** The journal's values for those IDs when the job was planned (keeps its digest exact). */
  previous: ReadonlyMap<string, string>;
}

export interface RefusedRecord {
  userId: string;
  /** Hash of the refused record: the same record is not tried again by an automatic sync. */
  hash: string;
  reason: string;
}

export interface SyncJobOutcome {
  written: number;
  deleted: number;
  /** Users deleted or disabled in the master copy since the plan: nothing was written for them. */
  skipped: number;
  refused: RefusedRecord[];
  /** Why the device stopped before the end, or null when it got everything it could. */
  failure: DeviceFailure | null;
}

export interface SyncJobContext {
  client: GatewayClient;
  /** Where the users are read from, as they are when their batch is sent. */
  store: Store;
  journal: JournalBook;
  capabilities: DeviceCapabilities;
  tuning: WriteTuning;
  /** Ends the job between batches (engine stopping). */
  signal: AbortSignal;
  onProgress(key: string, done: number, total: number): void;
}

interface PreparedUser {
  id: string;
  hash: string;
  info: UserInfo;
  size: number;
}

interface DeviceRun {
  device: SyncJobDevice;
  done: number;
  total: number;
  outcome: SyncJobOutcome;
}

/**
 * Brings a group of devices of one profile (on one gateway) to their desired state: deletes what
 * the console placed and no longer wants, then writes what is missing or outdated, in batches
 * shared by every device that needs them (planCalls). Each batch is recorded in a device's
 * journal only after that device confirmed it, so a job cut off anywhere resumes from the
 * journal. A device that fails leaves the job; the others carry on.
 */
export async function runSyncJob(context: SyncJobContext, devices: readonly SyncJobDevice[]): Promise<Map<string, SyncJobOutcome>> {
  const runs = new Map<number, DeviceRun>();
  for (const device of devices) {
    const total = device.write.length + device.remove.length;
    runs.set(device.deviceId, { device, done: 0, total, outcome: { written: 0, deleted: 0, skipped: 0, refused: [], failure: null } });
  }
  const job = new JobRun(context, runs);
  await job.deleteUnwanted();
  await job.writeWanted();
  return new Map([...runs.values()].map((run) => [run.device.key, run.outcome]));
}

/** Confirmed batches whose journal entries may still be on their way to the database. */
const MAX_JOURNAL_BACKLOG = 8;

class JobRun {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly journalWrites = new Set<Promise<void>>();
  /** Users of the EnrollMulti calls in flight: a new call waits behind them at the devices. */
  private usersInFlight = 0;

  constructor(
    private readonly context: SyncJobContext,
    private readonly runs: Map<number, DeviceRun>,
  ) {}

  async deleteUnwanted(): Promise<void> {
    const needs = new Map([...this.runs].map(([deviceId, run]) => [deviceId, run.device.remove]));
    for (const unit of planCalls(needs, this.context.tuning.minSharedUsers)) {
      for (const ids of chunks(unit.userIds, this.context.tuning.maxDeleteIds)) {
        const deviceIds = this.alive(unit.deviceIds);
        if (deviceIds.length === 0) break;
        const failures = await deleteOnDevices(this.context.client, deviceIds, ids);
        await this.confirm(deviceIds, failures, journalChange(new Map(), ids));
      }
    }
  }

  async writeWanted(): Promise<void> {
    const { tuning } = this.context;
    const needs = new Map([...this.runs].map(([deviceId, run]) => [deviceId, run.device.write]));
    for (const unit of planCalls(needs, tuning.minSharedUsers)) {
      for (const ids of chunks(unit.userIds, tuning.maxBatchUsers)) {
        if (this.alive(unit.deviceIds).length === 0) break;
        const read = await this.prepare(ids).catch((error: unknown) => {
          // The master copy cannot be read now (the database host replaced, a read aborted):
          // the job stops for every device, which retries with backoff from its journal.
          const message = `the master copy could not be read: ${error instanceof Error ? error.message : String(error)}`;
          for (const run of this.runs.values()) run.outcome.failure ??= { kind: 'transient', message };
          return null;
        });
        if (!read) break;
        const { prepared, gone } = read;
        // A user deleted or disabled since the plan was made has nothing to write; the check
        // after the job sees whether the device still holds it.
        if (gone > 0) {
          for (const deviceId of this.alive(unit.deviceIds)) {
            const run = this.runs.get(deviceId);
            if (run) run.outcome.skipped += gone;
            this.advance(deviceId, gone);
          }
        }
        for (const batch of batchesBySize(prepared, (user) => user.size, tuning.maxBatchUsers, tuning.maxBatchBytes)) {
          await this.whenRoom();
          const deviceIds = this.alive(unit.deviceIds);
          if (deviceIds.length === 0) break;
          this.track(this.sendBatch(deviceIds, batch));
        }
      }
    }
    await Promise.all(this.inFlight);
    await Promise.all(this.journalWrites);
  }

  /** Reads the users from the master copy and projects them for this profile, as they are now. */
  private async prepare(ids: readonly string[]): Promise<{ prepared: PreparedUser[]; gone: number }> {
    const users = await this.context.store.users.get(ids);
    const prepared: PreparedUser[] = [];
    let gone = 0;
    for (const user of users) {
      const record = user ? desiredRecord(user, this.context.capabilities) : null;
      if (!record) {
        gone += 1;
        continue;
      }
      prepared.push({ id: record.id, hash: recordHash(record), info: toUserInfo(record), size: wireSize(record) });
    }
    return { prepared, gone };
  }

  private async sendBatch(deviceIds: number[], batch: PreparedUser[]): Promise<void> {
    const queuedUsers = this.usersInFlight;
    this.usersInFlight += batch.length;
    let failures: DeviceFailures;
    try {
      failures = await enrollOnDevices(
        this.context.client,
        deviceIds,
        batch.map((user) => user.info),
        queuedUsers,
      );
    } finally {
      this.usersInFlight -= batch.length;
    }
    // The wire moves on while the journal is written: the database may be slower than the
    // devices, and the journal only ever learns of batches already confirmed.
    const recorded = this.confirm(deviceIds, failures, journalChange(new Map(batch.map((user) => [user.id, user.hash]))));
    const tracked: Promise<void> = recorded.finally(() => this.journalWrites.delete(tracked));
    this.journalWrites.add(tracked);
    for (const [deviceId, failure] of failures) {
      if (failure.kind === 'refused') await this.isolateRefused(deviceId, batch, failure);
    }
  }

  /**
   * A device refused a batch (INVALID_ARGUMENT names no record reliably): halve it until the
   * refused records stand alone, writing the rest. Costs about log2(batch) calls per bad record.
   */
  private async isolateRefused(deviceId: number, batch: PreparedUser[], failure: DeviceFailure): Promise<void> {
    const run = this.runs.get(deviceId);
    if (!run || run.outcome.failure) return;
    const [only] = batch;
    if (batch.length === 1 && only) {
      run.outcome.refused.push({ userId: only.id, hash: only.hash, reason: failure.message });
      this.advance(deviceId, 1);
      if (run.outcome.refused.length >= this.context.tuning.maxRefusals) {
        run.outcome.failure = { kind: 'refused', message: `the device refused ${run.outcome.refused.length} records; writing stopped` };
      }
      return;
    }
    const middle = Math.ceil(batch.length / 2);
    for (const half of [batch.slice(0, middle), batch.slice(middle)]) {
      if (run.outcome.failure || this.context.signal.aborted) return;
      const failures = await enrollOnDevices(this.context.client, [deviceId], half.map((user) => user.info));
      await this.confirm([deviceId], failures, journalChange(new Map(half.map((user) => [user.id, user.hash]))));
      const halfFailure = failures.get(deviceId);
      if (halfFailure?.kind === 'refused') await this.isolateRefused(deviceId, half, halfFailure);
    }
  }

  /**
   * Records what each device confirmed in its journal, then counts it; a device that failed
   * leaves the job (refusals are handled by the caller, record by record).
   */
  private async confirm(deviceIds: readonly number[], failures: DeviceFailures, change: JournalChange): Promise<void> {
    const { written, removed } = change;
    const confirmed: DeviceRun[] = [];
    for (const deviceId of deviceIds) {
      const run = this.runs.get(deviceId);
      if (!run) continue;
      const failure = failures.get(deviceId);
      if (!failure) confirmed.push(run);
      else if (failure.kind !== 'refused') run.outcome.failure ??= failure;
    }
    if (confirmed.length === 0) return;
    try {
      await this.context.journal.recordMany(
        confirmed.map((run) => ({ deviceId: run.device.deviceId, previous: run.device.previous })),
        change,
      );
    } catch (error) {
      // The devices have the batch but the console could not note it: it is written again later.
      for (const run of confirmed) run.outcome.failure ??= { kind: 'transient', message: `the journal could not be recorded: ${(error as Error).message}` };
      return;
    }
    for (const run of confirmed) {
      run.outcome.written += written.size;
      run.outcome.deleted += removed.length;
      this.advance(run.device.deviceId, written.size + removed.length);
    }
  }

  private advance(deviceId: number, count: number): void {
    const run = this.runs.get(deviceId);
    if (!run) return;
    run.done = Math.min(run.total, run.done + count);
    this.context.onProgress(run.device.key, run.done, run.total);
  }

  /** The devices of `deviceIds` still in the job. */
  private alive(deviceIds: readonly number[]): number[] {
    if (this.context.signal.aborted) return [];
    return deviceIds.filter((deviceId) => {
      const run = this.runs.get(deviceId);
      return run !== undefined && run.outcome.failure === null;
    });
  }

  private async whenRoom(): Promise<void> {
    while (this.inFlight.size >= this.context.tuning.pipelineDepth) await Promise.race(this.inFlight);
    while (this.journalWrites.size >= MAX_JOURNAL_BACKLOG) await Promise.race(this.journalWrites);
  }

  private track(task: Promise<void>): void {
    const tracked: Promise<void> = task
      .catch((error: unknown) => {
        // sendBatch reports device failures itself; anything else is a bug, which must not
        // strand the job: every device of the batch leaves it with the reason.
        for (const run of this.runs.values()) run.outcome.failure ??= { kind: 'transient', message: String(error) };
      })
      .finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}

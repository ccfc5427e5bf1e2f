import { deviceEventRecord } from '../../../shared/domain/eventCatalog';
import type { EventLog } from '../../gsdk';
import type { Store } from '../store/store';

export interface DeviceEventIngestOptions {
  /** A batch the Store could not take (its events are handed on as unstored). */
  onStoreFailure: (error: unknown, count: number) => void;
  /** Called once the backlog is down to half after it was full: the devices left behind can be read. */
  onRoom?: () => void;
  /** How long live events are gathered; a burst of thousands a second becomes a few writes. Default 100 ms. */
  gatherMs?: number;
  /** A batch this large is written at once. Default 2,000. */
  maxBatch?: number;
  /**
   * Live events beyond this many unstored are not taken (`full`): they stay in the device's log,
   * where the next catch-up reads them at the pace the database takes them, instead of piling
   * up in memory (a full sync of 50 devices echoes a quarter of a million events a second).
   * Default 20,000.
   */
  maxBacklog?: number;
  /** The run of event IDs each device's events belong to (EventCursors.epoch); default 0 for every device. */
  logEpoch?: (deviceId: number) => Promise<number>;
}

interface PendingBatch {
  events: readonly EventLog[];
  /** Runs once the batch's events are stored (true) or failed to be (false). */
  after: (stored: boolean) => void;
}

/**
 * Device events into the event log (DESIGN.md §3): live and caught-up events are gathered for a
 * moment and stored in one transaction, once per device + event ID however often they arrive.
 * Only then are they handed on to what they cause (`after`), so an event's cursor can pass it
 * only once it is in the log. A batch the Store cannot take is still handed on, marked unstored:
 * the sync must not depend on the log, and the next catch-up stores it.
 */
export class DeviceEventIngest {
  private pending: PendingBatch[] = [];
  private pendingCount = 0;
  /** Events added and not yet stored (pending or being written). */
  private backlog = 0;
  private wasFull = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();

  private readonly gatherMs: number;
  private readonly maxBatch: number;
  private readonly maxBacklog: number;

  constructor(
    private readonly store: Store,
    private readonly options: DeviceEventIngestOptions,
  ) {
    this.gatherMs = options.gatherMs ?? 100;
    this.maxBatch = options.maxBatch ?? 2_000;
    this.maxBacklog = options.maxBacklog ?? 20_000;
  }

  /** Whether live events are to be left to the device's log for now. */
  get full(): boolean {
    if (this.backlog >= this.maxBacklog) this.wasFull = true;
    return this.wasFull && this.backlog >= this.maxBacklog / 2;
  }

  /** Whether a catch-up may add a page now without growing the backlog past its bound. */
  get hasRoom(): boolean {
    return this.backlog < this.maxBacklog / 2;
  }

  add(events: readonly EventLog[], after: (stored: boolean) => void): void {
    this.pending.push({ events, after });
    this.pendingCount += events.length;
    this.backlog += events.length;
    if (this.pendingCount >= this.maxBatch) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.gatherMs);
  }

  /** Stores what is pending; resolves when every batch added so far is stored and handed on. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batches = this.pending;
    this.pending = [];
    this.pendingCount = 0;
    if (batches.length > 0) this.writing = this.writing.then(() => this.write(batches));
    return this.writing;
  }

  private async write(batches: readonly PendingBatch[]): Promise<void> {
    const events = batches.flatMap((batch) => batch.events);
    let stored = true;
    try {
      const epochs = await this.epochsOf(events);
      await this.store.events.add(events.map((event) => deviceEventRecord(event, epochs.get(event.deviceID) ?? 0)));
    } catch (error) {
      stored = false;
      this.options.onStoreFailure(error, events.length);
    }
    for (const batch of batches) batch.after(stored);
    this.backlog -= events.length;
    if (this.wasFull && this.backlog < this.maxBacklog / 2) {
      this.wasFull = false;
      this.options.onRoom?.();
    }
  }

  private async epochsOf(events: readonly EventLog[]): Promise<Map<number, number>> {
    const epochs = new Map<number, number>();
    const { logEpoch } = this.options;
    if (!logEpoch) return epochs;
    for (const deviceId of new Set(events.map((event) => event.deviceID))) epochs.set(deviceId, await logEpoch(deviceId));
    return epochs;
  }
}

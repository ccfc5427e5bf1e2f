import { randomUUID } from 'node:crypto';
import type { ConsoleEvent, EventLevel } from '../../../shared/domain/consoleEvent';
import type { Store } from '../store/store';

const MAX_MESSAGE = 500;
const MAX_USER_ID = 32;

/**
 * One of the console's own events. Messages carry IDs, names, counts and the device's words,
 * never record content (templates, PIN hashes, photos are not even in reach of these callers).
 */
export function consoleEvent(time: number, kind: string, level: EventLevel, message: string, deviceId: number | null, userId: string | null = null): ConsoleEvent {
  return {
    time,
    source: 'console',
    kind,
    level,
    message: message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE - 1)}…` : message,
    deviceId,
    userId: userId === null ? null : userId.slice(0, MAX_USER_ID),
    deviceEventId: null,
  };
}

/** Unstored console events kept for a retry at most; beyond, the oldest are dropped (and said so). */
const MAX_UNSTORED = 20_000;
/** Waits between attempts at a batch the Store refused (the database host restarting, a full disk). */
const RETRY_MS = [1_000, 2_000, 5_000, 10_000, 30_000] as const;

export interface EventWriterOptions {
  /** How long events are gathered before a write. Default 100 ms. */
  delayMs?: number;
  /** The waits between attempts after a failed write (the last repeats). Default 1 s … 30 s. */
  retryMs?: readonly number[];
}

/**
 * Gathers events for a moment and stores them in one transaction: a sync of 50 devices logs a
 * few hundred events within a second, which must not become a few hundred writes.
 *
 * The event log is a record, not a dependency: a write that fails (the database host being
 * replaced, a reload of the page that hosts it) must not stop a sync or an edit, and must not lose
 * the line either. So a failed batch is kept and tried again with backoff, ahead of newer events.
 * Each event gets a `writeId` when it is added; the database stores an event once per `writeId`,
 * so a batch that was in fact stored before its answer was lost is not stored twice.
 */
export class EventWriter {
  private pending: ConsoleEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();
  private failures = 0;
  private readonly delayMs: number;
  private readonly retryMs: readonly number[];

  constructor(
    private readonly store: Store,
    options: EventWriterOptions = {},
  ) {
    this.delayMs = options.delayMs ?? 100;
    this.retryMs = options.retryMs ?? RETRY_MS;
  }

  add(...events: ConsoleEvent[]): void {
    if (events.length === 0) return;
    for (const event of events) this.pending.push(event.writeId === undefined ? { ...event, writeId: randomUUID() } : event);
    this.dropBeyondBound();
    if (this.failures === 0) this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /**
   * Stores what is pending; resolves when every event added so far is stored or failed to be
   * (then kept for the next attempt). Stopping calls it once more, as its last try.
   */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.writing = this.writing.then(() => this.writePending());
    return this.writing;
  }

  /** Events waiting to be stored, failed ones included (tests, the shell's shutdown). */
  get unstored(): number {
    return this.pending.length;
  }

  private async writePending(): Promise<void> {
    const batch = this.pending;
    if (batch.length === 0) return;
    this.pending = [];
    try {
      await this.store.events.add(batch);
      this.failures = 0;
    } catch (error) {
      // Kept ahead of what came meanwhile, in the order they happened.
      this.pending = [...batch, ...this.pending];
      this.dropBeyondBound();
      const wait = this.retryMs[Math.min(this.failures, this.retryMs.length - 1)] ?? 1_000;
      this.failures += 1;
      if (this.failures === 1) console.warn(`event log: ${batch.length} event(s) not stored yet, trying again in ${wait} ms:`, error);
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => void this.flush(), wait);
      return;
    }
    // Events added while this batch was written wait for their own timer (or the next flush).
    if (this.pending.length > 0) this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  private dropBeyondBound(): void {
    const excess = this.pending.length - MAX_UNSTORED;
    if (excess <= 0) return;
    this.pending = this.pending.slice(excess);
    console.warn(`event log: ${excess} of the console's own event(s) dropped: the database has not taken any for a while`);
  }
}

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

/**
 * Gathers events for a moment and stores them in one transaction: a sync of 50 devices logs a
 * few hundred events within a second, which must not become a few hundred writes.
 */
export class EventWriter {
  private pending: ConsoleEvent[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    private readonly delayMs = 100,
  ) {}

  add(...events: ConsoleEvent[]): void {
    if (events.length === 0) return;
    this.pending.push(...events);
    this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Stores what is pending; resolves when every event added so far is stored (or failed to be). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) {
      this.writing = this.writing.then(() =>
        this.store.events.add(batch).catch((error: unknown) => {
          // The event log is a record, not a dependency: losing a line must not stop a sync or an edit.
          console.warn(`event log: ${batch.length} event(s) not stored:`, error);
        }),
      );
    }
    return this.writing;
  }
}

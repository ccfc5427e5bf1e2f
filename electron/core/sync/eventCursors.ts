import type { Store } from '../store/store';

/** Handled IDs held above a gap; past this a device's catch-up re-reads them instead. */
const MAX_AHEAD = 10_000;

interface DeviceCursor {
  /** Every event up to this ID is handled (0: none yet); null until read from the Store. */
  position: number | null;
  /** Handled events above a gap (not yet read by a catch-up, or whose effects were not stored yet). */
  readonly ahead: Set<number>;
  /** The position last written to the Store. */
  stored: number | null;
  /**
   * Which run of the device's event IDs the position is in: 0 at first, one more each time its
   * log restarted from 1 (restart). Null until read from the Store.
   */
  epoch: number | null;
}

/** The settings key of a device's log epoch (absent: 0, the device's first run of event IDs). */
export function logEpochSetting(deviceId: number): string {
  return `sync.eventLogEpoch.${deviceId}`;
}

/**
 * Where the console stands in each device's event log (DESIGN.md §3, §4): the ID of the last
 * event up to which every event's effects are handled. It moves only over an unbroken run of
 * handled IDs, so an event missed live (the gateway's queue overflowed, the device was away) or
 * one whose effects are not stored yet holds it back, and the catch-up after the next
 * (re)connect or restart reads on from exactly there. Events read twice are harmless: what they
 * cause is idempotent.
 *
 * Device event IDs increase per device (GSDK.md), until a factory reset (or a log store that was
 * replaced) starts them again from 1: the catch-up finds the log ending below the position and
 * calls `restart`, which begins a new epoch. Events are stored with their epoch (the event log's
 * dedup key), so the new run's events are not taken for the old run's.
 */
export class EventCursors {
  private readonly devices = new Map<number, DeviceCursor>();
  private flushTimer: ReturnType<typeof setTimeout> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: Store,
    /** Writes are gathered for this long: live traffic moves cursors thousands of times a second. */
    private readonly writeEveryMs: number,
    private readonly onWriteFailure: (error: unknown) => void,
  ) {}

  /** The position to read on from after a (re)connect, read from the Store the first time. */
  async position(deviceId: number): Promise<number> {
    const cursor = this.cursor(deviceId);
    if (cursor.position === null) {
      const [stored] = await Promise.all([this.store.eventCursors.get(deviceId), this.epoch(deviceId)]);
      // Handled meanwhile (live events) stays handled: `ahead` is absorbed below.
      cursor.position ??= stored ?? 0;
      cursor.stored = stored;
      this.absorb(cursor);
    }
    return cursor.position;
  }

  /** The device's log epoch (events are stored with it), read from the Store the first time. */
  async epoch(deviceId: number): Promise<number> {
    const cursor = this.cursor(deviceId);
    if (cursor.epoch === null) {
      const stored = await this.store.settings.get(logEpochSetting(deviceId));
      cursor.epoch ??= typeof stored === 'number' && Number.isSafeInteger(stored) && stored > 0 ? stored : 0;
    }
    return cursor.epoch;
  }

  /**
   * The device's log restarted (IDs from 1 again): a new epoch, stored first, then the position
   * back to 0 with nothing handled above it. A stop between the two writes leaves the new epoch
   * with the old position: the next catch-up finds the restart again and the new run's events
   * are stored once more under another epoch (shown twice, never lost). Returns the new epoch.
   */
  async restart(deviceId: number): Promise<number> {
    const cursor = this.cursor(deviceId);
    const epoch = (await this.epoch(deviceId)) + 1;
    await this.store.settings.put(logEpochSetting(deviceId), epoch);
    cursor.epoch = epoch;
    cursor.position = 0;
    cursor.ahead.clear();
    await this.store.eventCursors.put(deviceId, 0);
    cursor.stored = 0;
    return epoch;
  }

  /** These events' effects are handled (and stored where they have any). */
  handled(deviceId: number, eventIds: Iterable<number>): void {
    const cursor = this.cursor(deviceId);
    for (const id of eventIds) {
      if (cursor.position !== null && id <= cursor.position) continue;
      if (cursor.ahead.size < MAX_AHEAD) cursor.ahead.add(id);
    }
    this.absorb(cursor);
  }

  /**
   * Events `from`..`to` can never be read (the device's log overwrote them): counted handled, so
   * the cursor passes them instead of waiting for them forever.
   */
  skipOver(deviceId: number, from: number, to: number): void {
    if (to < from) return;
    const cursor = this.cursor(deviceId);
    if (cursor.position !== null && from <= cursor.position + 1) {
      if (to > cursor.position) {
        cursor.position = to;
        this.scheduleWrite();
      }
      this.absorb(cursor);
      return;
    }
    // Above a gap: held as handled like any other (bounded like them).
    const ids: number[] = [];
    for (let id = from; id <= to && ids.length < MAX_AHEAD; id += 1) ids.push(id);
    this.handled(deviceId, ids);
  }

  /**
   * Whether this event's effects are known to be handled: at or below the position, or handled
   * above a gap. A catch-up reading the log again over a gap skips those, so a user enrolled at a
   * device is not pulled twice. Before the position is read from the Store this says false.
   */
  isHandled(deviceId: number, eventId: number): boolean {
    const cursor = this.devices.get(deviceId);
    if (!cursor || cursor.position === null) return false;
    return eventId <= cursor.position || cursor.ahead.has(eventId);
  }

  /** Writes every moved cursor now (stopping, tests). */
  async flush(): Promise<void> {
    if (this.flushTimer) {
      clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
    this.writing = this.writing.then(() => this.writeMoved());
    await this.writing;
  }

  private cursor(deviceId: number): DeviceCursor {
    let cursor = this.devices.get(deviceId);
    if (!cursor) {
      cursor = { position: null, ahead: new Set(), stored: null, epoch: null };
      this.devices.set(deviceId, cursor);
    }
    return cursor;
  }

  private absorb(cursor: DeviceCursor): void {
    if (cursor.position === null) return;
    const before = cursor.position;
    while (cursor.ahead.delete(cursor.position + 1)) cursor.position += 1;
    // IDs at or below the position (read again by a catch-up) are done with.
    if (cursor.ahead.size > 0) for (const id of cursor.ahead) if (id <= cursor.position) cursor.ahead.delete(id);
    if (cursor.position !== before) this.scheduleWrite();
  }

  private scheduleWrite(): void {
    if (this.flushTimer) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = null;
      this.writing = this.writing.then(() => this.writeMoved());
    }, this.writeEveryMs);
  }

  private async writeMoved(): Promise<void> {
    for (const [deviceId, cursor] of this.devices) {
      const position = cursor.position;
      if (position === null || position === cursor.stored) continue;
      try {
        await this.store.eventCursors.put(deviceId, position);
        cursor.stored = position;
      } catch (error) {
        // Left unstored: the next catch-up reads a little more than it needs, nothing is lost.
        this.onWriteFailure(error);
        return;
      }
    }
  }
}

/** Event IDs `from`..`to` (inclusive) of one device. */
export interface EventIdRange {
  from: number;
  to: number;
}

/**
 * Past this many separate ranges they are merged into one: reading some events twice costs a
 * little, keeping an unbounded list under a sustained overflow would not.
 */
const MAX_RANGES = 256;

/**
 * The IDs of a device's events that are in its log but never reached the console live: skipped
 * by the live stream (the gateway discarded them for a full queue) or left there on purpose
 * while the event log's backlog was full. Reading exactly these, rather than the log on from the
 * cursor, keeps the work to what was missed even when the cursor is held far back (a pull that
 * waits, a long history read at connect), so an overflow that lasts does not read the log again
 * and again.
 */
export class MissingEvents {
  private ranges: EventIdRange[] = [];

  get isEmpty(): boolean {
    return this.ranges.length === 0;
  }

  /** Adds `from`..`to`; IDs arrive mostly in order, so a range next to the last one extends it. */
  add(from: number, to: number): void {
    if (to < from) return;
    const last = this.ranges.at(-1);
    if (last && from <= last.to + 1 && to >= last.from - 1) {
      last.from = Math.min(last.from, from);
      last.to = Math.max(last.to, to);
      return;
    }
    this.ranges.push({ from, to });
    if (this.ranges.length > MAX_RANGES) {
      const lowest = Math.min(...this.ranges.map((range) => range.from));
      const highest = Math.max(...this.ranges.map((range) => range.to));
      this.ranges = [{ from: lowest, to: highest }];
    }
  }

  /** Hands every range over to a reader (lowest first) and forgets them; `putBack` returns what it did not read. */
  take(): EventIdRange[] {
    const taken = this.ranges.sort((a, b) => a.from - b.from);
    this.ranges = [];
    return taken;
  }

  putBack(ranges: readonly EventIdRange[]): void {
    for (const range of ranges) this.add(range.from, range.to);
  }

  clear(): void {
    this.ranges = [];
  }
}

import { eventCategories, type EventCategory } from './eventCatalog';

/*
 * Events per minute by category, kept as events are stored (one row per minute, updated in the
 * same transaction as the events), so the Overview's chart of the last hour reads 60 small rows
 * instead of every event of the hour: at 2,000 events/s an hour is 7,200,000 rows.
 */

export const MINUTE_MS = 60_000;

/** Only events within this long of the host's clock are counted: the chart shows the last hour, and a catch-up of last week must not write a row per minute of it. */
export const COUNTED_WINDOW_MS = 2 * 60 * MINUTE_MS;
/** A device clock a little ahead still counts. */
export const COUNTED_AHEAD_MS = 5 * MINUTE_MS;

export type CategoryCounts = Partial<Record<EventCategory, number>>;

export interface EventCountRow {
  /** Epoch ms at the start of the minute. */
  minute: number;
  counts: CategoryCounts;
}

export function minuteOf(time: number): number {
  return Math.floor(time / MINUTE_MS) * MINUTE_MS;
}

/** The counts of `events` by minute (each with its category), leaving out those outside the counted window around `now`. */
export function countByMinute(events: readonly { time: number; category: EventCategory }[], now: number): Map<number, CategoryCounts> {
  const byMinute = new Map<number, CategoryCounts>();
  for (const event of events) {
    if (event.time < now - COUNTED_WINDOW_MS || event.time > now + COUNTED_AHEAD_MS) continue;
    const minute = minuteOf(event.time);
    const counts = byMinute.get(minute) ?? {};
    counts[event.category] = (counts[event.category] ?? 0) + 1;
    byMinute.set(minute, counts);
  }
  return byMinute;
}

export function addCounts(into: CategoryCounts, more: CategoryCounts): CategoryCounts {
  const sum: CategoryCounts = { ...into };
  for (const category of eventCategories) {
    const n = more[category];
    if (n !== undefined) sum[category] = (sum[category] ?? 0) + n;
  }
  return sum;
}

import type { DeviceView } from '../../../../shared/devices';
import { eventCategories, type EventCategory } from '../../../../shared/domain/eventCatalog';
import { MINUTE_MS, minuteOf, type EventCountRow } from '../../../../shared/domain/eventCounts';

/*
 * What the Overview shows, worked out from the devices store and the per-minute counts. Pure, so
 * each refresh is a few array passes.
 */

export interface FleetCounts {
  total: number;
  connected: number;
  /** Not connected now: disconnected, cannot connect, or still connecting. */
  disconnected: number;
  /** Differ from the master copy, or stopped on an error (full, refused records). */
  outOfSync: number;
  /** Of `outOfSync`, those stopped on an error. */
  failed: number;
  syncing: number;
}

export function fleetCounts(devices: Iterable<DeviceView>): FleetCounts {
  const counts: FleetCounts = { total: 0, connected: 0, disconnected: 0, outOfSync: 0, failed: 0, syncing: 0 };
  for (const device of devices) {
    counts.total += 1;
    if (device.connection === 'connected') counts.connected += 1;
    else counts.disconnected += 1;
    if (device.sync.state === 'out-of-sync' || device.sync.state === 'error') counts.outOfSync += 1;
    if (device.sync.state === 'error') counts.failed += 1;
    if (device.sync.state === 'syncing') counts.syncing += 1;
  }
  return counts;
}

export const CHART_MINUTES = 60;

export interface MinuteSeries {
  /** The start of each minute (epoch ms), oldest first; the last is the minute under way. */
  minutes: number[];
  /** Per category, the events of each minute. */
  byCategory: Record<EventCategory, number[]>;
  /** Per category, the whole hour. */
  totals: Record<EventCategory, number>;
  total: number;
}

/** The last `span` minutes up to the one `nowMs` is in, every minute present (0 where nothing was counted). */
export function minuteSeries(rows: readonly EventCountRow[], nowMs: number, span = CHART_MINUTES): MinuteSeries {
  const last = minuteOf(nowMs);
  const first = last - (span - 1) * MINUTE_MS;
  const minutes = Array.from({ length: span }, (_, index) => first + index * MINUTE_MS);
  const byCategory = Object.fromEntries(eventCategories.map((category) => [category, new Array<number>(span).fill(0)])) as Record<EventCategory, number[]>;
  const totals = Object.fromEntries(eventCategories.map((category) => [category, 0])) as Record<EventCategory, number>;
  let total = 0;
  for (const row of rows) {
    const index = (row.minute - first) / MINUTE_MS;
    if (!Number.isInteger(index) || index < 0 || index >= span) continue;
    for (const category of eventCategories) {
      const n = row.counts[category] ?? 0;
      byCategory[category][index] = n;
      totals[category] += n;
      total += n;
    }
  }
  return { minutes, byCategory, totals, total };
}

/** "12,345 events in the last hour: Authentication 8,000 · Door 4,000 · …" (categories with none left out). */
export function hourSummaryText(series: MinuteSeries, labels: Readonly<Record<EventCategory, string>>): string {
  const head = `${series.total.toLocaleString('en-US')} ${series.total === 1 ? 'event' : 'events'} in the last hour`;
  const parts = eventCategories.filter((category) => series.totals[category] > 0).map((category) => `${labels[category]} ${series.totals[category].toLocaleString('en-US')}`);
  return parts.length === 0 ? head : `${head}: ${parts.join(' · ')}`;
}

import { describe, expect, it } from 'vitest';
import { UNKNOWN_SYNC } from '../../../../shared/devices';
import { device } from '../../testing/fixtures';
import { categoryLabels } from '../monitoring/eventText';
import { fleetCounts, hourSummaryText, minuteSeries } from './overviewData';

describe('the overview', () => {
  it('counts the fleet: connected, not connected, out of sync (failed too), syncing', () => {
    const devices = [
      device(1),
      device(2, { connection: 'disconnected' }),
      device(3, { connection: 'cannot-connect', sync: { ...UNKNOWN_SYNC, state: 'out-of-sync' } }),
      device(4, { sync: { ...UNKNOWN_SYNC, state: 'error' } }),
      device(5, { sync: { ...UNKNOWN_SYNC, state: 'syncing' } }),
    ];
    expect(fleetCounts(devices)).toEqual({ total: 5, connected: 3, disconnected: 2, outOfSync: 2, failed: 1, syncing: 1 });
  });

  it('lays the minute counts over the last hour, every minute present, the current one last', () => {
    const now = 10 * 60 * 60_000 + 30_000;
    const series = minuteSeries(
      [
        { minute: now - 30_000, counts: { door: 3, authentication: 7 } },
        { minute: now - 30_000 - 59 * 60_000, counts: { sync: 1 } },
        // Older than the hour: not shown.
        { minute: now - 30_000 - 60 * 60_000, counts: { sync: 100 } },
      ],
      now,
    );
    expect(series.minutes).toHaveLength(60);
    expect(series.minutes.at(-1)).toBe(now - 30_000);
    expect(series.byCategory.door.at(-1)).toBe(3);
    expect(series.byCategory.sync[0]).toBe(1);
    expect(series.total).toBe(11);
    expect(hourSummaryText(series, categoryLabels)).toBe('11 events in the last hour: Authentication 7 · Door 3 · Sync 1');
    expect(hourSummaryText(minuteSeries([], now), categoryLabels)).toBe('0 events in the last hour');
  });
});

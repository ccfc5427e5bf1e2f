import { describe, expect, it } from 'vitest';
import { batchesBySize, planCalls } from './callPlan';

const ids = (from: number, count: number): string[] => Array.from({ length: count }, (_, i) => String(from + i));

describe('planCalls', () => {
  it('sends what every device needs in one unit to all of them', () => {
    const needs = new Map([1, 2, 3].map((device) => [device, ids(1, 100)]));
    expect(planCalls(needs, 10)).toEqual([{ deviceIds: [1, 2, 3], userIds: ids(1, 100) }]);
  });

  it('shares big common parts and gives each device its own remainder', () => {
    const needs = new Map([
      [1, ids(1, 100)],
      [2, [...ids(1, 100), ...ids(500, 5)]],
      [3, [...ids(1, 50), ...ids(900, 3)]],
      [4, []],
    ]);
    const units = planCalls(needs, 10);
    expect(units[0]).toEqual({ deviceIds: [1, 2, 3], userIds: ids(1, 50) });
    expect(units[1]).toEqual({ deviceIds: [1, 2], userIds: ids(51, 50) });
    expect(units.slice(2)).toEqual(
      expect.arrayContaining([
        { deviceIds: [2], userIds: ids(500, 5) },
        { deviceIds: [3], userIds: ids(900, 3) },
      ]),
    );
    // Every need is met exactly once per device.
    for (const [device, wanted] of needs) {
      const sent = units.filter((unit) => unit.deviceIds.includes(device)).flatMap((unit) => unit.userIds);
      expect(sent.sort()).toEqual([...wanted].sort());
    }
  });

  it('does not split scattered needs into a call per user', () => {
    const needs = new Map([1, 2, 3, 4].map((device) => [device, ids(device, 40)]));
    expect(planCalls(needs, 32).length).toBeLessThanOrEqual(6);
  });
});

describe('batchesBySize', () => {
  it('bounds batches by count and by bytes, never dropping an oversized item', () => {
    const sizes = [10, 10, 10, 50, 10, 200, 10];
    expect(batchesBySize(sizes, (size) => size, 3, 60)).toEqual([[10, 10, 10], [50, 10], [200], [10]]);
  });
});

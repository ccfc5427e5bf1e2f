import { describe, expect, it } from 'vitest';
import { MissingEvents } from './missingEvents';

describe('MissingEvents', () => {
  it('joins adjacent and overlapping IDs into one range, keeps separate ones apart, and hands them over lowest first', () => {
    const missing = new MissingEvents();
    missing.add(10, 12);
    missing.add(13, 13);
    missing.add(12, 20);
    missing.add(40, 41);
    missing.add(5, 6);
    expect(missing.take()).toEqual([
      { from: 5, to: 6 },
      { from: 10, to: 20 },
      { from: 40, to: 41 },
    ]);
    expect(missing.isEmpty).toBe(true);
  });

  it('ignores an empty range, and takes back what a reader did not get to', () => {
    const missing = new MissingEvents();
    missing.add(8, 7);
    expect(missing.isEmpty).toBe(true);
    missing.add(1, 3);
    const [first] = missing.take();
    missing.add(9, 9);
    missing.putBack(first ? [first] : []);
    expect(missing.take()).toEqual([
      { from: 1, to: 3 },
      { from: 9, to: 9 },
    ]);
  });

  it('stays bounded under a sustained overflow: past 256 ranges they become the one range that covers them', () => {
    const missing = new MissingEvents();
    for (let id = 0; id < 1_000; id++) missing.add(id * 2, id * 2);
    const ranges = missing.take();
    expect(ranges.length).toBeLessThanOrEqual(256);
    expect(ranges[0]?.from).toBe(0);
    expect(ranges.at(-1)?.to).toBe(1_998);
  });
});

import { describe, expect, it } from 'vitest';
import { blockRange, windowRange } from './windowRange';

describe('windowRange', () => {
  it('covers the visible rows plus overscan, clamped to the list', () => {
    expect(windowRange(0, 360, 36, 100_000, 10)).toEqual({ start: 0, end: 20 });
    expect(windowRange(36_000, 360, 36, 100_000, 10)).toEqual({ start: 990, end: 1020 });
    expect(windowRange(36 * 99_995, 360, 36, 100_000, 10)).toEqual({ start: 99_985, end: 100_000 });
  });

  it('handles empty lists, negative scroll (rubber-banding) and a list shorter than the view', () => {
    expect(windowRange(0, 500, 36, 0, 10)).toEqual({ start: 0, end: 0 });
    expect(windowRange(-50, 360, 36, 5, 10)).toEqual({ start: 0, end: 5 });
    expect(windowRange(10_000, 360, 36, 5, 10)).toEqual({ start: 5, end: 5 });
  });

  it('loads whole blocks around a window', () => {
    expect(blockRange({ start: 0, end: 20 }, 100)).toEqual({ offset: 0, limit: 100 });
    expect(blockRange({ start: 990, end: 1020 }, 100)).toEqual({ offset: 900, limit: 200 });
    expect(blockRange({ start: 5, end: 5 }, 100)).toEqual({ offset: 0, limit: 100 });
  });
});

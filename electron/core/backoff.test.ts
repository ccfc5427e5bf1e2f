import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff';

describe('Backoff', () => {
  it('doubles up to the cap and starts over after reset', () => {
    const backoff = new Backoff({ initialMs: 100, maxMs: 1_000, factor: 2, jitter: 0 });
    expect([1, 2, 3, 4, 5, 6].map(() => backoff.next())).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    backoff.reset();
    expect(backoff.next()).toBe(100);
  });

  it('spreads each delay within the jitter band', () => {
    const low = new Backoff({ initialMs: 1_000, maxMs: 1_000, factor: 2, jitter: 0.2 }, () => 0);
    const high = new Backoff({ initialMs: 1_000, maxMs: 1_000, factor: 2, jitter: 0.2 }, () => 0.999_999);
    expect(low.next()).toBe(800);
    expect(high.next()).toBe(1_200);
  });
});

import { describe, expect, it } from 'vitest';
import { sameFields } from './sameFields';

describe('sameFields', () => {
  it('compares every field by value identity', () => {
    expect(sameFields({ a: 1, b: 'x', c: null }, { a: 1, b: 'x', c: null })).toBe(true);
    expect(sameFields({ a: 1, b: 'x' }, { a: 1, b: 'y' })).toBe(false);
    expect(sameFields({ a: Number.NaN }, { a: Number.NaN })).toBe(true);
  });

  it('tells records with different fields apart', () => {
    expect(sameFields<Record<string, number>>({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameFields<Record<string, number | undefined>>({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
  });
});

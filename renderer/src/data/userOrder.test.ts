import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareUserIds, createUserIdSorter, inOrderOf, sortUserIds } from './userOrder';

const byComparator = (ids: readonly string[]): string[] => [...ids].sort(compareUserIds);

describe('compareUserIds', () => {
  it('orders numeric IDs by value, not by string', () => {
    expect(byComparator(['10', '9', '100', '2', '1'])).toEqual(['1', '2', '9', '10', '100']);
  });

  it('puts numeric IDs first, then the others by string', () => {
    expect(byComparator(['b', '10', 'A1', '9', 'a', 'x9', 'x10', '_'])).toEqual(['9', '10', 'A1', '_', 'a', 'b', 'x10', 'x9']);
  });

  it('orders digits beyond double precision exactly, and IDs equal in value by string', () => {
    expect(byComparator(['99999999999999999999', '9007199254740993', '9007199254740992'])).toEqual(['9007199254740992', '9007199254740993', '99999999999999999999']);
    expect(byComparator(['7', '07', '8', '007'])).toEqual(['007', '07', '7', '8']);
  });

  it('is zero only for the same ID', () => {
    expect(compareUserIds('42', '42')).toBe(0);
    expect(compareUserIds('042', '42')).not.toBe(0);
  });
});

describe('sortUserIds', () => {
  const idChars = fc.constantFrom(...'0123456789aZ_-');
  const anyId = fc.oneof(fc.string({ unit: idChars, minLength: 1, maxLength: 22 }), fc.integer({ min: 0, max: 4_294_967_294 }).map(String));

  it('gives the comparator’s order for any mix of IDs', () => {
    fc.assert(
      fc.property(fc.uniqueArray(anyId, { maxLength: 200 }), (ids) => {
        expect(sortUserIds(ids)).toEqual(byComparator(ids));
      }),
    );
  });

  it('sorts 100,000 numeric IDs from IndexedDB order to numeric order', () => {
    const ids = Array.from({ length: 100_000 }, (_, i) => String(i + 1)).sort();
    const sorted = sortUserIds(ids);
    expect(sorted.slice(0, 3)).toEqual(['1', '2', '3']);
    expect(sorted.at(-1)).toBe('100000');
    expect(sorted).toHaveLength(100_000);
  });
});

describe('createUserIdSorter', () => {
  it('sorts again only when the IDs changed', () => {
    const sorter = createUserIdSorter();
    const first = sorter(['10', '9']);
    expect(first).toEqual(['9', '10']);
    expect(sorter(['10', '9'])).toBe(first);
    expect(sorter(['10', '11', '9'])).toEqual(['9', '10', '11']);
  });
});

describe('inOrderOf', () => {
  it('keeps the order of the full list', () => {
    expect(inOrderOf(['c', 'a', 'b', 'd'], ['d', 'a'])).toEqual(['a', 'd']);
  });
});

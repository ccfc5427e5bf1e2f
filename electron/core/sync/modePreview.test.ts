import { describe, expect, it } from 'vitest';
import type { DesiredEntry } from './desiredIndex';
import { changesFor } from './modePreview';

const entry = (hash: string): DesiredEntry => ({ hash, cards: 0, fingers: 0, faces: 0 });
const entries = new Map([
  ['1', entry('a')],
  ['2', entry('b')],
  ['3', entry('c')],
]);

describe('changesFor', () => {
  it('adds what is routed and not journaled, updates what changed, removes what the console placed and no longer routes', () => {
    const journal = new Map([
      ['1', 'a'], // same
      ['2', 'old'], // changed in the console
      ['4', 'd'], // deleted from the console
    ]);
    expect(changesFor({ entries, routed: 'every-user', journal })).toEqual({ added: ['3'], updated: ['2'], removed: 1 });
    // Narrower routing: user 2 no longer belongs here, so it is removed rather than updated.
    expect(changesFor({ entries, routed: new Set(['1', '3']), journal })).toEqual({ added: ['3'], updated: [], removed: 2 });
  });

  it('never counts a user the journal does not hold as removed (users only on the device are not in it)', () => {
    expect(changesFor({ entries, routed: new Set<string>(), journal: new Map() })).toEqual({ added: [], updated: [], removed: 0 });
  });
});

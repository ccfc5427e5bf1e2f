import { describe, expect, it } from 'vitest';
import type { DesiredEntry } from './desiredIndex';
import { diffUsers, isConverged, type HeaderCounts } from './userDiff';

const entry = (hash: string, fingers = 1): DesiredEntry => ({ hash, cards: 1, fingers, faces: 0 });
const header = (fingers = 1): HeaderCounts => ({ numOfCard: 1, numOfFinger: fingers, numOfFace: 0 });

describe('diffUsers', () => {
  const desired = new Map([
    ['1', entry('h1')],
    ['2', entry('h2')],
    ['3', entry('h3')],
    ['4', entry('h4', 2)],
    ['5', entry('h5')],
  ]);
  const journal = new Map([
    ['1', 'h1'],
    ['2', 'old'],
    ['4', 'h4'],
    ['5', 'h5'],
    ['8', 'h8'],
    ['9', 'h9'],
  ]);
  const device = new Map([
    ['1', header()],
    ['2', header()],
    ['3', header()],
    ['4', header(1)], // a fingerprint deleted at the device
    ['8', header()],
    ['20', header()],
  ]);

  it('sorts every user into what the sync must do about it', () => {
    expect(diffUsers(desired, journal, device)).toEqual({
      missing: ['5'], // journaled, but deleted at the device
      outdated: ['2', '3', '4'], // older record; never confirmed; counts moved
      extra: ['8'],
      onlyOnDevice: ['20'],
      forget: ['9'],
    });
  });

  it('with a journal known to equal the desired state, still trusts only the device for presence and counts', () => {
    expect(diffUsers(desired, 'equals-desired', device)).toEqual({ missing: ['5'], outdated: ['4'], extra: [], onlyOnDevice: ['8', '20'], forget: [] });
  });

  it('calls a device converged only when nothing is to be written or deleted', () => {
    const held = new Map([...desired.keys()].map((id) => [id, header(id === '4' ? 2 : 1)]));
    const matching = new Map([...desired].map(([id, value]) => [id, value.hash]));
    expect(isConverged(diffUsers(desired, matching, held))).toBe(true);
    expect(isConverged(diffUsers(desired, matching, new Map([...held, ['30', header()]])))).toBe(true);
    expect(isConverged(diffUsers(desired, journal, device))).toBe(false);
  });
});

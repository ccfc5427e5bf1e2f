import { describe, expect, it } from 'vitest';
import { mergeDeviceUser } from './merge';
import { blankUser, type User } from './user';

const b64 = (byte: number, bytes = 4): string => Buffer.alloc(bytes, byte).toString('base64');

function user(id: string, change: Partial<User> = {}): User {
  return { ...blankUser(id, 1), ...change };
}

describe('mergeDeviceUser', () => {
  it('takes a user the console does not have whole, stamped now', () => {
    const fromDevice = user('5', { name: 'Walk-in', cards: [{ type: 1, data: b64(1) }] });
    const result = mergeDeviceUser(undefined, fromDevice, 99);
    expect(result).toMatchObject({ isNew: true, changed: true });
    expect(result.user).toEqual({ ...fromDevice, updatedAt: 99 });
  });

  it('keeps every value the console has', () => {
    const existing = user('5', {
      name: 'Console name',
      periodStart: 10,
      periodEnd: 20,
      pinHash: b64(1, 32),
      photo: b64(2, 10),
      accessGroupIds: [1],
    });
    const fromDevice = user('5', { name: 'Device name', periodStart: 30, periodEnd: 40, pinHash: b64(3, 32), photo: b64(4, 10), accessGroupIds: [2] });
    const result = mergeDeviceUser(existing, fromDevice, 99);
    expect(result.changed).toBe(false);
    expect(result.user).toBe(existing);
  });

  it('fills vacant fields from the device', () => {
    const existing = user('5', { email: 'a@b.c' });
    const fromDevice = user('5', { name: 'Device name', periodStart: 30, periodEnd: 40, pinHash: b64(3, 32), photo: b64(4, 10), accessGroupIds: [2] });
    const result = mergeDeviceUser(existing, fromDevice, 99);
    expect(result.user).toMatchObject({
      name: 'Device name',
      email: 'a@b.c',
      periodStart: 30,
      periodEnd: 40,
      pinHash: b64(3, 32),
      photo: b64(4, 10),
      accessGroupIds: [2],
      updatedAt: 99,
    });
    expect(result.taken).toEqual(['name', 'validity period', 'PIN', 'photo', 'access groups']);
  });

  it('fills the validity period only as a pair, so it never ends before it starts', () => {
    const existing = user('5', { periodStart: null, periodEnd: 50 });
    const result = mergeDeviceUser(existing, user('5', { periodStart: 60, periodEnd: 90 }), 99);
    expect(result.user.periodStart).toBeNull();
    expect(result.user.periodEnd).toBe(50);
  });

  it('adds credentials the console lacks and never replaces one it has', () => {
    const existing = user('5', {
      cards: [{ type: 1, data: b64(1) }],
      fingers: [{ index: 0, flag: 0, templates: [b64(10)] }],
      faces: [{ index: 0, flag: 0, templates: [b64(20)] }],
    });
    const fromDevice = user('5', {
      cards: [{ type: 1, data: b64(1) }, { type: 1, data: b64(2) }],
      fingers: [{ index: 0, flag: 0, templates: [b64(11)] }, { index: 3, flag: 0, templates: [b64(13)] }],
      faces: [{ index: 0, flag: 0, templates: [b64(21)] }, { index: 1, flag: 0, templates: [b64(22)] }],
    });
    const result = mergeDeviceUser(existing, fromDevice, 99);
    expect(result.user.cards).toEqual([{ type: 1, data: b64(1) }, { type: 1, data: b64(2) }]);
    expect(result.user.fingers).toEqual([{ index: 0, flag: 0, templates: [b64(10)] }, { index: 3, flag: 0, templates: [b64(13)] }]);
    expect(result.user.faces).toEqual([{ index: 0, flag: 0, templates: [b64(20)] }, { index: 1, flag: 0, templates: [b64(22)] }]);
    expect(result.taken).toEqual(['1 card', 'fingerprint 3', 'face 1']);
    expect(existing.cards).toHaveLength(1);
  });

  it('stays within the per-user limits and says what it left out', () => {
    const existing = user('5', { cards: Array.from({ length: 8 }, (_, i) => ({ type: 1, data: b64(i) })) });
    const result = mergeDeviceUser(existing, user('5', { cards: [{ type: 1, data: b64(100) }] }), 99);
    expect(result.user.cards).toHaveLength(8);
    expect(result.changed).toBe(false);
    expect(result.dropped).toEqual(['card (the user already has 8)']);
  });

  it('never changes whether a user is disabled', () => {
    const existing = user('5', { disabled: true });
    expect(mergeDeviceUser(existing, user('5', { name: 'x' }), 99).user.disabled).toBe(true);
  });
});

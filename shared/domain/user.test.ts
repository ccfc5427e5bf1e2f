import { describe, expect, it } from 'vitest';
import { base64Bytes, blankUser, userProblems, type User } from './user';

const b64 = (bytes: number): string => Buffer.alloc(bytes, 7).toString('base64');

function user(change: Partial<User> = {}): User {
  return { ...blankUser('1001', 1), name: 'Ada Guard', ...change };
}

const fields = (candidate: unknown) => userProblems(candidate).map((problem) => problem.field);

describe('userProblems', () => {
  it('accepts a complete, valid user', () => {
    expect(
      userProblems(
        user({
          email: 'ada@example.com',
          periodStart: 100,
          periodEnd: 200,
          pinHash: b64(32),
          photo: b64(16 * 1024),
          cards: [{ type: 1, data: b64(4) }],
          fingers: [{ index: 0, flag: 0, templates: [b64(384), b64(384)] }],
          accessGroupIds: [1, 2],
        }),
      ),
    ).toEqual([]);
  });

  it.each([
    ['an ID of "0"', user({ id: '0' }), 'id'],
    ['an ID over 32 bytes', user({ id: '1'.repeat(33) }), 'id'],
    ['a non-numeric ID on a numeric site', user({ id: 'A12' }), 'id'],
    ['a name over 48 characters', user({ name: 'x'.repeat(49) }), 'name'],
    ['9 cards', user({ cards: Array.from({ length: 9 }, (_, i) => ({ type: 1, data: b64(4 + i) })) }), 'cards'],
    ['11 fingerprints', user({ fingers: Array.from({ length: 11 }, (_, i) => ({ index: i % 10, flag: 0, templates: [b64(8)] })) }), 'fingers'],
    ['an empty template', user({ fingers: [{ index: 0, flag: 0, templates: [''] }] }), 'fingers.0.templates.0'],
    ['a photo over 16 KB', user({ photo: b64(16 * 1024 + 1) }), 'photo'],
    ['a PIN hash of the wrong size', user({ pinHash: b64(16) }), 'pinHash'],
    ['a period that ends before it starts', user({ periodStart: 200, periodEnd: 100 }), 'periodEnd'],
    ['17 access groups', user({ accessGroupIds: Array.from({ length: 17 }, (_, i) => i + 1) }), 'accessGroupIds'],
    ['the same card twice', user({ cards: [{ type: 1, data: b64(4) }, { type: 1, data: b64(4) }] }), 'cards'],
    ['card data that is not base64', user({ cards: [{ type: 1, data: '%%%' }] }), 'cards.0.data'],
    ['an unknown field', { ...user(), admin: true }, 'user'],
  ])('refuses %s, naming the field', (_what, candidate, field) => {
    expect(fields(candidate)).toContain(field);
  });

  it('measures base64 without decoding', () => {
    for (const size of [0, 1, 2, 3, 31, 32, 16384]) expect(base64Bytes(b64(size))).toBe(size);
  });
});

import { describe, expect, it } from 'vitest';
import { userIdProblem, utf8Length } from './limits';

describe('userIdProblem', () => {
  it('accepts numeric IDs in range', () => {
    expect(userIdProblem('1')).toBeNull();
    expect(userIdProblem('4294967294')).toBeNull();
  });

  it.each([
    ['', 'empty'],
    ['0', '"0"'],
    ['4294967295', '1 to 4294967294'],
    ['012', '1 to 4294967294'],
    ['12a', '1 to 4294967294'],
    ['1'.repeat(33), '32 bytes'],
  ])('refuses %j with a reason naming %s', (id, words) => {
    expect(userIdProblem(id)).toContain(words);
  });

  it('counts bytes, not characters, against the 32-byte limit', () => {
    const elevenEuros = '€'.repeat(11); // 33 bytes in UTF-8
    expect(utf8Length(elevenEuros)).toBe(33);
    expect(userIdProblem(elevenEuros, 'alphanumeric')).toContain('32 bytes');
  });

  it('allows letters only under the alphanumeric policy', () => {
    expect(userIdProblem('guard-07', 'alphanumeric')).toBeNull();
    expect(userIdProblem('guard-07', 'numeric')).not.toBeNull();
    expect(userIdProblem('a b', 'alphanumeric')).toContain('letters');
  });
});

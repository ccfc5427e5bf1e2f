import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { base64ToHex, cardHexProblem, hexToBase64, normalizeHex } from './hex';

describe('card hex', () => {
  it('normalizes prefixes, separators and case', () => {
    expect(normalizeHex('0x1a2b')).toBe('1A2B');
    expect(normalizeHex(' 1a:2b-3c 4d ')).toBe('1A2B3C4D');
    expect(normalizeHex('abc')).toBeNull();
    expect(normalizeHex('zz')).toBeNull();
    expect(normalizeHex('')).toBeNull();
  });

  it('converts hex to the base64 the master copy stores, and back', () => {
    expect(hexToBase64('00FF10')).toBe('AP8Q');
    expect(hexToBase64('0x01020304')).toBe('AQIDBA==');
    expect(base64ToHex('AQIDBA==')).toBe('01020304');
    expect(hexToBase64('nope')).toBeNull();
    expect(base64ToHex('%%%')).toBeNull();
  });

  it('matches the CSV import for the same card number', () => {
    // shared/domain/userCsv.ts stores "0a0b" as btoa("\x0a\x0b").
    expect(hexToBase64('0a0b')).toBe(btoa('\x0a\x0b'));
  });

  it('round-trips any bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 32 }), (bytes) => {
        const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
        const base64 = hexToBase64(hex);
        expect(base64).not.toBeNull();
        expect(base64ToHex(base64!)).toBe(hex.toUpperCase());
      }),
    );
  });

  it('explains what is wrong with a typed card number', () => {
    expect(cardHexProblem('')).toMatch(/enter a card number/);
    expect(cardHexProblem('12G4')).toMatch(/hex digits/);
    expect(cardHexProblem('123')).toMatch(/two per byte/);
    expect(cardHexProblem('00'.repeat(33))).toMatch(/at most 32 bytes/);
    expect(cardHexProblem('DEADBEEF')).toBeNull();
  });
});

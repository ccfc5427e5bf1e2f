import { describe, expect, it } from 'vitest';
import { deviceText } from './deviceText';

describe('deviceText', () => {
  it('strips control characters and line separators a device might send', () => {
    expect(deviceText('Bio\u0000Station\r\n 2\u001b[31m\u2028')).toBe('BioStation 2[31m');
  });

  it('strips bidirectional overrides and isolates, and keeps right-to-left letters', () => {
    expect(deviceText('Guard \u202Etxt.exe\u202C')).toBe('Guard txt.exe');
    expect(deviceText('\u2067Admin\u2069')).toBe('Admin');
    expect(deviceText('שומר לילה')).toBe('שומר לילה');
  });

  it('caps length by characters without splitting a surrogate pair', () => {
    expect(deviceText('😀'.repeat(10), 3)).toBe('😀😀😀');
  });

  it('turns anything that is not a string into an empty string', () => {
    expect(deviceText(undefined)).toBe('');
    expect(deviceText(42)).toBe('');
  });
});

import { describe, expect, it } from 'vitest';
import { isAppUrl, isTrustedSenderUrl } from './trustedSender';

describe('isTrustedSenderUrl', () => {
  it('trusts only the operator page of the app origin', () => {
    expect(isTrustedSenderUrl('app://portcullis/index.html#/devices')).toBe(true);
    expect(isTrustedSenderUrl('app://portcullis/')).toBe(true);
    expect(isTrustedSenderUrl('app://portcullis/dbhost.html')).toBe(false);
    expect(isTrustedSenderUrl('app://other/index.html')).toBe(false);
    expect(isTrustedSenderUrl('https://portcullis/index.html')).toBe(false);
    expect(isTrustedSenderUrl('file:///index.html')).toBe(false);
    expect(isTrustedSenderUrl('')).toBe(false);
    expect(isTrustedSenderUrl(null)).toBe(false);
    expect(isTrustedSenderUrl('not a url')).toBe(false);
  });

  it('lets windows move between pages of the app origin only', () => {
    expect(isAppUrl('app://portcullis/dbhost.html')).toBe(true);
    expect(isAppUrl('app://portcullis.evil/index.html')).toBe(false);
  });
});

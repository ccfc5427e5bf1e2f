import { describe, expect, it, vi } from 'vitest';
import { isExternalLinkAllowed, openExternalLink } from './externalLinks';

describe('external links', () => {
  it('allows only http and https', () => {
    expect(isExternalLinkAllowed('https://a.test')).toBe(true);
    expect(isExternalLinkAllowed('http://a.test/x')).toBe(true);
    expect(isExternalLinkAllowed('smb://share/x')).toBe(false);
    expect(isExternalLinkAllowed('file:///etc/passwd')).toBe(false);
    expect(isExternalLinkAllowed('javascript:alert(1)')).toBe(false);
    expect(isExternalLinkAllowed('not a url')).toBe(false);
  });

  it('hands only web links to the system browser', () => {
    const openExternal = vi.fn(async (_url: string) => undefined);
    expect(openExternalLink(openExternal, 'https://suprema.example/')).toBe(true);
    expect(openExternalLink(openExternal, 'ms-msdt:/id PCWDiagnostic')).toBe(false);
    expect(openExternalLink(openExternal, 'file:///C:/Windows/System32/calc.exe')).toBe(false);
    expect(openExternal.mock.calls.map(([url]) => url)).toEqual(['https://suprema.example/']);
  });
});

import { describe, expect, it } from 'vitest';
import { staticRelativePath } from './staticPath';

describe('staticRelativePath', () => {
  it('maps the root and plain files inside the UI folder', () => {
    expect(staticRelativePath('/')).toBe('index.html');
    expect(staticRelativePath('/assets/index-abc.js')).toBe('assets/index-abc.js');
    expect(staticRelativePath('/./assets//a.css')).toBe('assets/a.css');
  });

  it.each([
    ['/../secret'],
    ['/assets/../../etc/passwd'],
    ['/%2e%2e/%2e%2e/etc/passwd'],
    ['/..%2fetc%2fpasswd'],
    ['/assets\\..\\..\\windows'],
    ['/%5c..%5cwin.ini'],
    ['/C:/Windows/win.ini'],
    ['/index.html:stream'],
    ['/a%00.html'],
    ['/%E0%A4%A'],
  ])('refuses %s', (urlPath) => {
    expect(staticRelativePath(urlPath)).toBeNull();
  });
});

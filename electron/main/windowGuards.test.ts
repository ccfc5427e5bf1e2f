import type { WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { handleCommonWindowEvents, isExternalLinkAllowed } from './windowGuards';

type Listener = (event: { preventDefault(): void }, url: string) => void;

/** Just enough of WebContents to drive the guards the way Electron would. */
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  let permissionHandler: ((contents: unknown, permission: string, callback: (granted: boolean) => void) => void) | null = null;
  const contents = {
    on: (name: string, listener: Listener) => listeners.set(name, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler;
    },
    session: {
      setPermissionRequestHandler: (handler: typeof permissionHandler) => {
        permissionHandler = handler;
      },
    },
  };
  const fire = (name: string, url: string) => {
    const event = { prevented: false, preventDefault() { this.prevented = true; } };
    listeners.get(name)?.(event, url);
    return event.prevented;
  };
  return {
    contents: contents as unknown as WebContents,
    fire,
    open: (url: string) => openHandler?.({ url }),
    askPermission: (permission: string) =>
      new Promise<boolean>((resolve) => permissionHandler?.(null, permission, resolve)),
  };
}

describe('window guards', () => {
  it('denies navigation away from app:// and sends web links to the system browser', () => {
    const fake = fakeContents();
    const openExternal = vi.fn(async (_url: string) => undefined);
    handleCommonWindowEvents(fake.contents, openExternal);
    expect(fake.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(fake.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fake.fire('will-redirect', 'http://evil.test/')).toBe(true);
    expect(fake.fire('will-navigate', 'app://portcullis/index.html')).toBe(false);
    expect(openExternal.mock.calls.map(([url]) => url)).toEqual(['https://example.com/', 'http://evil.test/']);
  });

  it('denies every new window and webview, opening only http(s) outside', () => {
    const fake = fakeContents();
    const openExternal = vi.fn(async (_url: string) => undefined);
    handleCommonWindowEvents(fake.contents, openExternal);
    expect(fake.open('https://suprema.example/')).toEqual({ action: 'deny' });
    expect(fake.open('javascript:alert(1)')).toEqual({ action: 'deny' });
    expect(fake.fire('will-attach-webview', 'app://portcullis/')).toBe(true);
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('grants no permission', async () => {
    const fake = fakeContents();
    handleCommonWindowEvents(fake.contents, async () => undefined);
    await expect(fake.askPermission('media')).resolves.toBe(false);
    await expect(fake.askPermission('notifications')).resolves.toBe(false);
  });

  it('allows only http and https as external links', () => {
    expect(isExternalLinkAllowed('https://a.test')).toBe(true);
    expect(isExternalLinkAllowed('smb://share/x')).toBe(false);
    expect(isExternalLinkAllowed('not a url')).toBe(false);
  });
});

import type { WebContents } from 'electron';
import { describe, expect, it } from 'vitest';
import { restrictPermissions, handleCommonWindowEvents } from './windowGuards';

type NavigationEvent = { url: string; preventDefault(): void };
type Listener = (event: NavigationEvent) => void;
type PermissionRequestHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: { requestingUrl: string; isMainFrame: boolean }) => void;
type PermissionCheckHandler = (contents: unknown, permission: string, requestingOrigin: string) => boolean;

/** Just enough of WebContents to drive the guards the way Electron would. */
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  let requestHandler: PermissionRequestHandler | null = null;
  let checkHandler: PermissionCheckHandler | null = null;
  const session = {
    setPermissionRequestHandler: (handler: PermissionRequestHandler) => {
      requestHandler = handler;
    },
    setPermissionCheckHandler: (handler: PermissionCheckHandler) => {
      checkHandler = handler;
    },
  };
  const contents = {
    on: (name: string, listener: Listener) => listeners.set(name, listener),
    setWindowOpenHandler: (handler: typeof openHandler) => {
      openHandler = handler;
    },
    session,
  };
  /** Plays one of Electron's events; answers whether the guard prevented it. */
  const fire = (name: string, url: string): boolean => {
    let prevented = false;
    const listener = listeners.get(name);
    if (!listener) throw new Error(`no ${name} guard`);
    listener({ url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return {
    contents: contents as unknown as WebContents,
    session,
    fire,
    open: (url: string) => openHandler?.({ url }),
    askPermission: (permission: string, requestingUrl = 'app://portcullis/index.html') =>
      new Promise<boolean>((resolve) => {
        if (!requestHandler) throw new Error('no permission request handler');
        requestHandler(null, permission, resolve, { requestingUrl, isMainFrame: true });
      }),
    checkPermission: (permission: string, requestingOrigin = 'app://portcullis') => {
      if (!checkHandler) throw new Error('no permission check handler');
      return checkHandler(null, permission, requestingOrigin);
    },
  };
}

describe('window guards', () => {
  it('denies navigation away from app://, and lets the window move between its own pages', () => {
    const fake = fakeContents();
    handleCommonWindowEvents(fake.contents);
    expect(fake.fire('will-navigate', 'https://example.com/')).toBe(true);
    expect(fake.fire('will-navigate', 'file:///etc/passwd')).toBe(true);
    expect(fake.fire('will-navigate', 'app://evil/index.html')).toBe(true);
    expect(fake.fire('will-navigate', 'app://portcullis/index.html')).toBe(false);
  });

  it('denies redirects away from app://', () => {
    const fake = fakeContents();
    handleCommonWindowEvents(fake.contents);
    expect(fake.fire('will-redirect', 'http://evil.test/')).toBe(true);
    expect(fake.fire('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(fake.fire('will-redirect', 'app://portcullis/index.html')).toBe(false);
  });

  it('denies every webview', () => {
    const fake = fakeContents();
    handleCommonWindowEvents(fake.contents);
    expect(fake.fire('will-attach-webview', 'app://portcullis/')).toBe(true);
  });

  it('denies every new window, whatever its URL', () => {
    const fake = fakeContents();
    handleCommonWindowEvents(fake.contents);
    expect(fake.open('https://suprema.example/')).toEqual({ action: 'deny' });
    expect(fake.open('app://portcullis/index.html')).toEqual({ action: 'deny' });
    expect(fake.open('javascript:alert(1)')).toEqual({ action: 'deny' });
  });

  it('grants no permission, asked or checked', async () => {
    const fake = fakeContents();
    handleCommonWindowEvents(fake.contents);
    await expect(fake.askPermission('media')).resolves.toBe(false);
    await expect(fake.askPermission('notifications')).resolves.toBe(false);
    expect(fake.checkPermission('clipboard-read')).toBe(false);
    expect(fake.checkPermission('geolocation')).toBe(false);
  });

  it('grants persistent storage to the app’s own pages only, so Chromium never evicts the master copy', async () => {
    const fake = fakeContents();
    handleCommonWindowEvents(fake.contents);
    await expect(fake.askPermission('persistent-storage', 'app://portcullis/dbhost.html')).resolves.toBe(true);
    expect(fake.checkPermission('persistent-storage', 'app://portcullis')).toBe(true);
    await expect(fake.askPermission('persistent-storage', 'https://mallory.example/')).resolves.toBe(false);
    expect(fake.checkPermission('persistent-storage', 'https://mallory.example')).toBe(false);
    expect(fake.checkPermission('persistent-storage', 'app://elsewhere')).toBe(false);
  });

  it('restrictPermissions works on a session alone (set on the default session at start)', async () => {
    const fake = fakeContents();
    restrictPermissions(fake.session);
    await expect(fake.askPermission('openExternal')).resolves.toBe(false);
    expect(fake.checkPermission('hid')).toBe(false);
  });
});

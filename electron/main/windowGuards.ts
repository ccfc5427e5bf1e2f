import type { Session, WebContents } from 'electron';
import { isAppUrl } from './ipc/trustedSender';

/**
 * The one permission a page gets, and only a page of ours: persistent storage. Chromium evicts
 * a best-effort origin's IndexedDB when the disk runs low; the database host asks for this
 * (renderer/dbhost/windowHost.ts) so the master copy is never among what goes.
 */
function granted(permission: string, requestingUrl: string): boolean {
  return permission === 'persistent-storage' && isAppUrl(requestingUrl);
}

/**
 * No page of ours needs the camera, notifications, the clipboard API or any other permission,
 * so every request is refused and every check answers "not granted", but for persistent
 * storage to our own origin. Set once per session (both our windows share the default
 * session); the check handler matters because Chromium asks it, not the request handler, for
 * permissions a page merely queries.
 */
export function restrictPermissions(session: Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(granted(permission, details.requestingUrl)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => granted(permission, requestingOrigin));
}

/**
 * The guards every window gets: it never navigates away from the app, is never redirected
 * away from it, never opens a window of its own, never attaches a webview.
 *
 * Nothing is opened outside from here. Electron tells neither `will-navigate` nor the window
 * open handler whether the operator clicked or a script acted, and a redirect is never the
 * operator's doing, so handing these URLs to the system browser would let any script that got
 * into the page launch programs through URL handlers. External links are opened only by the
 * menu's own items (`externalLinks.ts`), which are a deliberate click by definition.
 */
export function handleCommonWindowEvents(contents: WebContents): void {
  const denyLeavingTheApp = (event: { preventDefault(): void }, url: string): void => {
    if (!isAppUrl(url)) event.preventDefault();
  };
  contents.on('will-navigate', (event) => denyLeavingTheApp(event, event.url));
  contents.on('will-redirect', (event) => denyLeavingTheApp(event, event.url));
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  restrictPermissions(contents.session);
}

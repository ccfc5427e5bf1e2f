import type { WebContents } from 'electron';
import { isAppUrl } from './ipc/trustedSender';

/** Only these leave the app, and only to the operator's own browser. */
export function isExternalLinkAllowed(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

/**
 * The guards every window gets: it never navigates away from the app, never opens a window of
 * its own, never attaches a webview, and is granted no permission. Web links go to the
 * system browser.
 */
export function handleCommonWindowEvents(contents: WebContents, openExternal: (url: string) => Promise<void>): void {
  const denyNavigation = (event: { preventDefault(): void }, url: string): void => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    if (isExternalLinkAllowed(url)) void openExternal(url);
  };
  contents.on('will-navigate', denyNavigation);
  contents.on('will-redirect', denyNavigation);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (isExternalLinkAllowed(url)) void openExternal(url);
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

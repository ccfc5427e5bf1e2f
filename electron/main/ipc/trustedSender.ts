/** The origin the UI is served from. */
export const APP_ORIGIN = 'app://portcullis';

/** The operator's page; the database window (dbhost.html) is on the same origin but is not it. */
const OPERATOR_PAGES = new Set(['/', '/index.html']);

/** True for any page of our own app:// origin (where a window may navigate). */
export function isAppUrl(url: string | undefined | null): boolean {
  const parsed = parse(url);
  return parsed !== null && `${parsed.protocol}//${parsed.host}` === APP_ORIGIN;
}

/**
 * True when an IPC message comes from the operator's window: a frame showing our index page.
 * A frame that navigated elsewhere (it cannot, but if it did), an injected frame, or the hidden
 * database window (which talks over its own MessagePort only) is refused.
 */
export function isTrustedSenderUrl(url: string | undefined | null): boolean {
  const parsed = parse(url);
  return parsed !== null && isAppUrl(url) && OPERATOR_PAGES.has(parsed.pathname);
}

function parse(url: string | undefined | null): URL | null {
  if (!url) return null;
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** The origin the UI is served from; nothing else may talk to main over IPC. */
export const APP_ORIGIN = 'app://portcullis';

/**
 * True when an IPC message comes from our own UI: a frame whose URL is on the app:// origin.
 * A frame that navigated elsewhere (it cannot, but if it did) or an injected frame is refused.
 */
export function isTrustedSenderUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
}

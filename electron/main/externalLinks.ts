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
 * Opens a web link in the system browser: called only from a menu item the operator clicked
 * (never from a page event, see windowGuards.ts). Any other scheme (file:, smb:, a custom
 * protocol handler) is refused, since shell.openExternal would hand it to whatever program
 * claims it. Answers whether it was opened.
 */
export function openExternalLink(openExternal: (url: string) => Promise<void>, url: string): boolean {
  if (!isExternalLinkAllowed(url)) return false;
  void openExternal(url);
  return true;
}

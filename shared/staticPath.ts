/**
 * Turns the path of a request for a UI file into a relative path under the UI's folder, or null
 * when it tries to leave it (`..`, encoded or not), names a drive or stream (`C:`, `a:b`), uses
 * backslashes, or smuggles a NUL. Both shells serve files only through this.
 */
export function staticRelativePath(urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (/[\0\\]/.test(decoded)) return null;
  const segments = decoded.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.some((segment) => segment === '..' || segment.includes(':'))) return null;
  return segments.length === 0 ? 'index.html' : segments.join('/');
}

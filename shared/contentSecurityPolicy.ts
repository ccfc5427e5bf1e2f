/**
 * The policy every shell sends with the UI (as a response header, from Electron's app://
 * handler and from the dev/test host): our own scripts and styles only, no inline code, no
 * frames, and network access only to the origin that served the page (the host's bridge).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Device-supplied strings (model names, firmware versions, user names) are untrusted: they may
 * be over-long or carry control characters meant to mangle a log line or a table cell. This
 * makes them safe to store and show as plain text.
 */
export function deviceText(value: unknown, maxChars = 64): string {
  if (typeof value !== 'string') return '';
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const printable = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '').trim();
  return [...printable].slice(0, maxChars).join('');
}

/**
 * Device-supplied strings (model names, firmware versions, user names) are untrusted: they may
 * be over-long or carry control characters meant to mangle a log line or a table cell, or
 * bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069) that make a name read in
 * another order than it is stored ("Trojan Source"). This makes them safe to store and show as
 * plain text. Letters of right-to-left scripts stay: only the invisible reordering controls go.
 */
export function deviceText(value: unknown, maxChars = 64): string {
  if (typeof value !== 'string') return '';
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const printable = value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, '').trim();
  return [...printable].slice(0, maxChars).join('');
}

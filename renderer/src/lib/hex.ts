/**
 * Card numbers as operators type them (hex) and as the master copy stores them (base64 of the
 * card's bytes, shared/domain/user.ts). "0x" prefixes, spaces, colons and dashes are accepted
 * between byte pairs; the result is always upper-case hex without separators.
 */

/** Most card data fits in 32 bytes (G-SDK CSN cards are at most 32). */
export const MAX_CARD_BYTES = 32;

/** Strips an optional 0x and separators; null when what is left is not an even run of hex digits. */
export function normalizeHex(text: string): string | null {
  const stripped = text.trim().replace(/^0x/i, '').replace(/[\s:-]/g, '');
  if (stripped === '' || stripped.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(stripped)) return null;
  return stripped.toUpperCase();
}

/** Why `text` is not a card number, or null when it is. */
export function cardHexProblem(text: string): string | null {
  if (text.trim() === '') return 'enter a card number in hex';
  const hex = normalizeHex(text);
  if (hex === null) return 'a card number is hex digits (0-9, A-F), two per byte';
  if (hex.length / 2 > MAX_CARD_BYTES) return `a card number is at most ${MAX_CARD_BYTES} bytes`;
  return null;
}

/** Hex (any accepted form) → base64; null when `text` is not hex. */
export function hexToBase64(text: string): string | null {
  const hex = normalizeHex(text);
  if (hex === null) return null;
  let binary = '';
  for (let i = 0; i < hex.length; i += 2) binary += String.fromCharCode(Number.parseInt(hex.slice(i, i + 2), 16));
  return btoa(binary);
}

/** base64 → upper-case hex; null when `base64` is not base64. */
export function base64ToHex(base64: string): string | null {
  let binary: string;
  try {
    binary = atob(base64);
  } catch {
    return null;
  }
  let hex = '';
  for (let i = 0; i < binary.length; i++) hex += binary.charCodeAt(i).toString(16).padStart(2, '0');
  return hex.toUpperCase();
}

/**
 * Per-user limits of a G-SDK device (GSDK.md, gsdk.user.User). Device data is untrusted:
 * everything that arrives from a device or an operator is checked against these before it is
 * stored or shown.
 */
export const USER_LIMITS = {
  idMaxBytes: 32,
  /** Numeric IDs run 1..4294967294 unless the site allows alphanumeric IDs. */
  numericIdMax: 4_294_967_294,
  nameMaxChars: 48,
  maxCards: 8,
  maxFingers: 10,
  maxFaces: 5,
  maxAccessGroups: 16,
  pinHashBytes: 32,
  photoMaxBytes: 16 * 1024,
} as const;

export type UserIdPolicy = 'numeric' | 'alphanumeric';

const utf8 = new TextEncoder();
/** Byte length as a device stores it; shared/ runs in the browser too, so no Buffer. */
export function utf8Length(text: string): number {
  return utf8.encode(text).length;
}

const ALPHANUMERIC_ID = /^[A-Za-z0-9_-]+$/;
const NUMERIC_ID = /^[1-9][0-9]*$/;

/** Returns why `id` is not a valid user ID, or null when it is. */
export function userIdProblem(id: string, policy: UserIdPolicy = 'numeric'): string | null {
  if (id.length === 0) return 'user ID is empty';
  if (utf8Length(id) > USER_LIMITS.idMaxBytes) {
    return `user ID is longer than ${USER_LIMITS.idMaxBytes} bytes`;
  }
  if (id === '0') return 'user ID may not be "0"';
  if (policy === 'numeric') {
    if (!NUMERIC_ID.test(id)) return 'user ID must be a number from 1 to 4294967294';
    if (Number(id) > USER_LIMITS.numericIdMax) return 'user ID must be a number from 1 to 4294967294';
    return null;
  }
  if (!ALPHANUMERIC_ID.test(id)) return 'user ID may hold only letters, digits, "_" and "-"';
  return null;
}

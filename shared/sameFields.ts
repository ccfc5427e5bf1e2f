/**
 * True when two flat records hold the same value in every field. Views (devices, gateways) are
 * replaced only when something in them changed, so memoized rows and deltas stay quiet.
 */
export function sameFields<T extends object>(a: T, b: T): boolean {
  if (a === b) return true;
  const keys = Object.keys(a) as (keyof T)[];
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key) && Object.is(a[key], b[key]));
}

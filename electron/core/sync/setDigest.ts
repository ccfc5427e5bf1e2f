/**
 * An order-independent fingerprint of a set of (user ID, hash) pairs: a count and two 32-bit
 * sums of per-pair hashes. Adding or removing one pair is O(1), so a journal or a desired state
 * of 100,000 users can be compared in constant time as long as every change passes through.
 * Two independent 32-bit lanes make an accidental match of different sets a 1-in-2^64 event;
 * this guards against bugs and drift, not against an adversary (nothing here is secret).
 */
export interface SetDigest {
  count: number;
  a: number;
  b: number;
}

export const emptyDigest = (): SetDigest => ({ count: 0, a: 0, b: 0 });

/** FNV-1a of `id`, a separator and `value`, with two different offset bases. */
export function pairHash(id: string, value: string): [number, number] {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < id.length; i++) {
    const code = id.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x01000193);
  }
  a = Math.imul(a ^ 0xff, 0x01000193);
  b = Math.imul(b ^ 0xfe, 0x01000193);
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995);
  }
  return [a >>> 0, (b ^ (b >>> 15)) >>> 0];
}

export function addPair(digest: SetDigest, id: string, value: string): void {
  const [a, b] = pairHash(id, value);
  digest.count += 1;
  digest.a = (digest.a + a) >>> 0;
  digest.b = (digest.b + b) >>> 0;
}

export function removePair(digest: SetDigest, id: string, value: string): void {
  const [a, b] = pairHash(id, value);
  digest.count -= 1;
  digest.a = (digest.a - a) >>> 0;
  digest.b = (digest.b - b) >>> 0;
}

export function digestOf(pairs: Iterable<[string, string]>): SetDigest {
  const digest = emptyDigest();
  for (const [id, value] of pairs) addPair(digest, id, value);
  return digest;
}

export function sameDigest(x: SetDigest, y: SetDigest): boolean {
  return x.count === y.count && x.a === y.a && x.b === y.b;
}

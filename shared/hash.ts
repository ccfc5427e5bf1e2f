/**
 * A fast, non-cryptographic 106-bit digest of a string (two 53-bit cyrb53 lanes with different
 * seeds), for telling whether a record changed: journals, deep checks, dedup. Not for secrets.
 * Pure JS so it gives the same answer in Node, the browser and a worker.
 */
export function digest(text: string): string {
  return lane(text, 0x9e3779b9) + lane(text, 0x85ebca6b);
}

function lane(text: string, seed: number): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  const value = 4294967296 * (2097151 & h2) + (h1 >>> 0);
  return value.toString(16).padStart(14, '0');
}

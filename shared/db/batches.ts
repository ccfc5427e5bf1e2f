/** `items` in consecutive slices of at most `size`. */
export function chunk<T>(items: readonly T[], size: number): T[][] {
  const slices: T[][] = [];
  for (let start = 0; start < items.length; start += size) slices.push(items.slice(start, start + size));
  return slices;
}

/**
 * Roughly how many bytes a value takes as JSON, without building the JSON: strings count their
 * length, everything else a small constant. Cheap enough to run over 100,000 users, and safe on
 * any shape (a caller may hand the Store a record that is not a User yet; the host refuses it).
 */
export function approximateJsonBytes(value: unknown, depth = 0): number {
  if (typeof value === 'string') return value.length + 2;
  if (typeof value !== 'object' || value === null || depth > 8) return 8;
  let bytes = 2;
  if (Array.isArray(value)) {
    for (const item of value) bytes += approximateJsonBytes(item, depth + 1) + 1;
    return bytes;
  }
  for (const [key, item] of Object.entries(value)) bytes += key.length + 4 + approximateJsonBytes(item, depth + 1);
  return bytes;
}

/** Consecutive batches of records, each at most `maxCount` of them and about `maxBytes`. */
export function batchBySize<T>(records: readonly T[], maxCount: number, maxBytes: number): T[][] {
  const batches: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = approximateJsonBytes(record);
    if (current.length > 0 && (current.length >= maxCount || bytes + size > maxBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(record);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

/**
 * Windowed rendering: with fixed-height rows, which rows [start, end) must be in the DOM for a
 * scroll position, plus `overscan` rows either side so fast scrolling does not show blanks.
 */
export interface RowWindow {
  start: number;
  end: number;
}

export function windowRange(scrollTop: number, viewportHeight: number, rowHeight: number, count: number, overscan: number): RowWindow {
  if (count <= 0) return { start: 0, end: 0 };
  const first = Math.floor(Math.max(0, scrollTop) / rowHeight);
  const last = Math.ceil((Math.max(0, scrollTop) + Math.max(0, viewportHeight)) / rowHeight);
  const start = Math.min(count, Math.max(0, first - overscan));
  const end = Math.min(count, Math.max(start, last + overscan));
  return { start, end };
}

/**
 * The block-aligned range to load for a window, so small scrolls reuse one query instead of
 * starting a new one per row: [offset, offset + limit) covers [start, end).
 */
export function blockRange(window: RowWindow, blockSize: number): { offset: number; limit: number } {
  const offset = Math.floor(window.start / blockSize) * blockSize;
  const endBlock = Math.ceil(window.end / blockSize) * blockSize;
  return { offset, limit: Math.max(blockSize, endBlock - offset) };
}

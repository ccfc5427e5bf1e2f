import type { Table } from 'dexie';
import type { StoredEvent } from '../../dbhost/schema';
import type { EventQueryPlan } from './eventQueryPlan';

/*
 * Reads one page of a plan (eventQueryPlan.ts): newest first by (time, seq), after a key
 * (keyset pagination: a page costs the same at any depth, and events stored meanwhile never shift
 * it). Each key range is read in chunks, newest first, each chunk one IndexedDB request (a plain
 * range with a count and direction, which Chromium answers in one getAll); the ranges are merged
 * by key and the plan's test keeps the matching rows.
 *
 * The rows read per page are bounded (`scanBudget`, `deadlineMs`): a filter whose other fields or
 * text match rarely among the rows of its index comes back with what it found so far, marked
 * `partial`, and the next page goes on from where this one stopped. So a page never costs more
 * than the budget, whatever the log holds.
 */

/**
 * The Event log's pages: 100 rows (a few screens), and at most 20,000 rows read or 50 ms spent
 * per page, so that a page comes back within the 100 ms budget (DESIGN.md §5) with 1,000,000
 * events stored, a chunk's read past the deadline included; docs/BENCHMARKS.md has the figures.
 */
export const EVENT_PAGE = { size: 100, scanBudget: 20_000, deadlineMs: 50 } as const;

/** Where a page stopped: the next page reads events strictly older than this (by time, then seq). */
export interface EventKey {
  time: number;
  seq: number;
}

export interface EventPageRequest {
  /** null: from the newest event in the plan's range. */
  after: EventKey | null;
  pageSize: number;
  /** Rows read (matching or not) after which the page returns what it has. */
  scanBudget: number;
  /**
   * Time (ms, by `clock`) after which the page returns what it has, once it read at least
   * `pageSize` rows: a slow first read (a busy machine) must not make every page give up at once.
   */
  deadlineMs?: number;
  clock?: () => number;
}

export interface EventPage {
  /** Matching events, newest first; at most `pageSize`. */
  rows: StoredEvent[];
  /** The key to read on after; null: every event of the range was read. */
  next: EventKey | null;
  /** Rows read for this page. */
  scanned: number;
  /** The page stopped on its budget before it was full (more may match further back). */
  partial: boolean;
}

/**
 * A chunk grows from this many rows to CHUNK_MAX when a range is read on and on. The cap bounds
 * what one read adds after a page's deadline (500 rows: about 15 ms on a busy 2-CPU machine).
 */
const CHUNK_MIN = 16;
const CHUNK_MAX = 500;

/** One key range of the plan, read newest first in chunks. */
class RangeReader {
  private buffer: StoredEvent[] = [];
  private position = 0;
  /** Exclusive upper bound of what is still to be read, or null before the first read. */
  private upper: EventKey | null;
  private exhausted = false;

  constructor(
    private readonly events: Table<StoredEvent, number>,
    private readonly plan: EventQueryPlan,
    private readonly prefix: readonly (string | number)[],
    after: EventKey | null,
    private chunk: number,
  ) {
    this.upper = after;
  }

  /** The newest unread row, reading a chunk first when the buffer is empty; null when the range is done. */
  async head(): Promise<StoredEvent | null> {
    if (this.position < this.buffer.length) return this.buffer[this.position] ?? null;
    if (this.exhausted) return null;
    const rows = await this.readChunk();
    this.buffer = rows;
    this.position = 0;
    if (rows.length < this.chunk) this.exhausted = true;
    const last = rows.at(-1);
    if (last !== undefined) this.upper = { time: last.time, seq: last.seq };
    // The next chunk of the same range is larger: a range read on and on is a sparse match.
    this.chunk = Math.min(CHUNK_MAX, this.chunk * 2);
    return rows[0] ?? null;
  }

  take(): void {
    this.position++;
  }

  /** The next chunk below `upper`, within the plan's time bounds (an after-key above them starts at their top). */
  private async readChunk(): Promise<StoredEvent[]> {
    const { from, to, index } = this.plan;
    const below = this.upper !== null && this.upper.time <= to ? this.upper : null;
    // IndexedDB refuses a range whose bounds cross: nothing is in it.
    if ((below?.time ?? to) < from) return [];
    const lower = [...this.prefix, from, -Infinity];
    const upper = below === null ? [...this.prefix, to, Infinity] : [...this.prefix, below.time, below.seq];
    return this.events.where(index).between(lower, upper, true, below === null).reverse().limit(this.chunk).toArray();
  }
}

/** Newer first: by time, then by seq (the order events were stored in). */
function newer(a: StoredEvent, b: StoredEvent): boolean {
  return a.time !== b.time ? a.time > b.time : a.seq > b.seq;
}

export async function readEventPage(events: Table<StoredEvent, number>, plan: EventQueryPlan, request: EventPageRequest): Promise<EventPage> {
  const { pageSize, scanBudget, after } = request;
  const clock = request.clock ?? (() => performance.now());
  const startedAt = clock();
  // The first chunk of each range: its share of a page, and a little more, since some rows will not match.
  const firstChunk = Math.max(CHUNK_MIN, Math.ceil((pageSize + 1) / plan.prefixes.length));
  const readers = plan.prefixes.map((prefix) => new RangeReader(events, plan, prefix, after, firstChunk));
  const rows: StoredEvent[] = [];
  let scanned = 0;
  // Each range's newest unread row; only the range a row was taken from is read again.
  const heads = await Promise.all(readers.map((reader) => reader.head()));
  for (;;) {
    let newest = -1;
    for (let i = 0; i < heads.length; i++) {
      const head = heads[i];
      const best = heads[newest];
      if (head != null && (best == null || newer(head, best))) newest = i;
    }
    const reader = readers[newest];
    const taken = heads[newest];
    if (reader === undefined || taken == null) return { rows, next: null, scanned, partial: false };
    scanned++;
    if (plan.matches(taken)) rows.push(taken);
    const last = { time: taken.time, seq: taken.seq };
    if (rows.length >= pageSize) return { rows, next: last, scanned, partial: false };
    const overBudget = scanned >= scanBudget || (request.deadlineMs !== undefined && scanned >= pageSize && clock() - startedAt >= request.deadlineMs);
    if (overBudget) return { rows, next: last, scanned, partial: true };
    reader.take();
    heads[newest] = await reader.head();
  }
}

/** How many rows the plan's ranges hold (what an export reads): a count per range. */
export async function countPlanRows(events: Table<StoredEvent, number>, plan: EventQueryPlan): Promise<number> {
  if (plan.from > plan.to) return 0;
  const counts = await Promise.all(
    plan.prefixes.map((prefix) => events.where(plan.index).between([...prefix, plan.from, -Infinity], [...prefix, plan.to, Infinity], true, true).count()),
  );
  return counts.reduce((total, count) => total + count, 0);
}

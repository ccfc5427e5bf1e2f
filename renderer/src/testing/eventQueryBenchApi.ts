import type { EventFilter } from '../../../shared/domain/eventFilter';

/*
 * What eventQueryBench.ts puts on the page's globalThis for `npm run bench -- event-query`: types
 * only, so the benchmark (type-checked for Node, without the DOM) can import them.
 */

export interface MeasuredPage {
  ms: number;
  rows: number;
  scanned: number;
  partial: boolean;
  index: string;
  /** seqs of the rows, for the baseline to be compared with. */
  seqs: number[];
}

export interface EventQueryBench {
  /** Reads pages 1..`depth` of the filter; measures the last one. */
  page(filter: EventFilter, nowMs: number, deviceCount: number, depth: number): Promise<MeasuredPage>;
  /** The same filter by reading every event (by primary key, in large chunks) and keeping the newest page. */
  fullScan(filter: EventFilter, nowMs: number, pageSize: number): Promise<MeasuredPage>;
}

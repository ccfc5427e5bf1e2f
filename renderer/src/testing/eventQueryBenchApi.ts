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
  /** What an export's progress count costs: the rows of the filter's plan, counted. */
  countPlan(filter: EventFilter, nowMs: number, deviceCount: number): Promise<{ ms: number; rows: number }>;
  /**
   * What the indexes cost to write: the same `count` events bulk-added (transactions of 2,000)
   * into a scratch table with version 1's indexes and one with version 5's; events per second each.
   */
  indexWriteCost(events: readonly unknown[]): Promise<{ v1PerSecond: number; v5PerSecond: number }>;
}

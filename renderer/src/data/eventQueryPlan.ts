import type { EventLevel } from '../../../shared/domain/consoleEvent';
import type { EventCategory } from '../../../shared/domain/eventCatalog';
import { eventMatcher, resolveTimeFilter, type EventFilter, type FilterableEvent } from '../../../shared/domain/eventFilter';

/*
 * How the event log reads a filter (renderer/dbhost/eventIndexes.ts has the indexes): by ONE
 * index, one key range per value of its field (device A, device B, ...) between the filter's time
 * bounds, all ranges read newest first and merged by (time, seq). Everything the index does not
 * narrow (the other fields, the text) is tested on the rows read (`matches`), so the choice of
 * index changes the cost, never the answer.
 *
 * The index is the field whose values should match the fewest events. Counting a range in
 * IndexedDB walks it, so the planner does not count: it weighs each field by the share of a
 * typical site's log its values hold (below). A wrong guess only means more rows read per page,
 * and reading is bounded per page (eventPages.ts), never the whole log.
 */

export type EventIndexName = '[time+seq]' | '[deviceId+time+seq]' | '[userId+time+seq]' | '[category+time+seq]' | '[kind+time+seq]' | '[level+time+seq]';

export interface EventQueryPlan {
  index: EventIndexName;
  /** One key range per entry: the index's leading field's value ([] for [time+seq]: one range). */
  prefixes: readonly (readonly (string | number)[])[];
  /** Both included; -Infinity / Infinity when open. */
  from: number;
  to: number;
  /** The whole filter, tested on every row read. */
  matches(event: FilterableEvent): boolean;
  /** Why this index, for benchmarks and debugging. */
  reason: string;
}

export interface PlanHints {
  /** Devices the console knows: one device's share of the log is about one over this. */
  deviceCount: number;
}

/** Share of a typical site's log (access traffic dominates; console events are few). */
const CATEGORY_SHARE: Readonly<Record<EventCategory, number>> = { authentication: 0.5, door: 0.25, user: 0.1, device: 0.05, sync: 0.05, console: 0.05 };
const LEVEL_SHARE: Readonly<Record<EventLevel, number>> = { info: 0.85, warning: 0.12, error: 0.03 };
/** One event type among the dozens a site logs. */
const KIND_SHARE = 0.03;
/** One person among hundreds. */
const USER_SHARE = 0.002;

interface Candidate {
  index: EventIndexName;
  prefixes: (string | number)[][];
  share: number;
}

export function planEventQuery(filter: EventFilter, nowMs: number, hints: PlanHints): EventQueryPlan {
  const { from, to } = resolveTimeFilter(filter.time, nowMs);
  const candidates: Candidate[] = [];
  if (filter.userId !== null) candidates.push({ index: '[userId+time+seq]', prefixes: [[filter.userId]], share: USER_SHARE });
  if (filter.deviceIds.length > 0) {
    const deviceShare = 1 / Math.max(1, hints.deviceCount);
    candidates.push({ index: '[deviceId+time+seq]', prefixes: unique(filter.deviceIds).map((id) => [id]), share: Math.min(1, filter.deviceIds.length * deviceShare) });
  }
  if (filter.kinds.length > 0) candidates.push({ index: '[kind+time+seq]', prefixes: unique(filter.kinds).map((kind) => [kind]), share: filter.kinds.length * KIND_SHARE });
  if (filter.categories.length > 0) {
    const categories = unique(filter.categories);
    candidates.push({ index: '[category+time+seq]', prefixes: categories.map((category) => [category]), share: sum(categories.map((category) => CATEGORY_SHARE[category])) });
  }
  if (filter.levels.length > 0) {
    const levels = unique(filter.levels);
    candidates.push({ index: '[level+time+seq]', prefixes: levels.map((level) => [level]), share: sum(levels.map((level) => LEVEL_SHARE[level])) });
  }
  // The smallest share; on a tie the fewer ranges (candidates are in order of preference).
  let best: Candidate = { index: '[time+seq]', prefixes: [[]], share: 1 };
  for (const candidate of candidates) {
    if (candidate.share < best.share || (candidate.share === best.share && candidate.prefixes.length < best.prefixes.length)) best = candidate;
  }
  return {
    index: best.index,
    prefixes: best.prefixes,
    from,
    to,
    matches: eventMatcher(filter, nowMs),
    reason: best.index === '[time+seq]' ? 'no indexed field narrows it: newest first by time' : `${best.index}: about ${(best.share * 100).toFixed(1)}% of the log in ${best.prefixes.length} range(s)`,
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

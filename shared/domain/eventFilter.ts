import { z } from 'zod';
import { eventLevels, type ConsoleEvent } from './consoleEvent';
import { eventCategories, type EventCategory } from './eventCatalog';

/*
 * What the operator narrows the stored event log to (Monitoring → Event log), and the saved
 * filters they pick again later. Within one field the values are alternatives (device A or B);
 * the fields together must all hold. An empty list or text means "any".
 */

/** Devices and event types one filter may name: enough for a site's floor, small enough to read one range each. */
export const MAX_FILTER_DEVICES = 100;
export const MAX_FILTER_KINDS = 60;
export const MAX_FILTER_TEXT = 200;
export const MAX_SAVED_FILTERS = 100;
export const MAX_FILTER_NAME = 80;

/** Longest stretch "last N minutes" may cover: a year. */
const MAX_LAST_MINUTES = 366 * 24 * 60;

/**
 * When: any time, the last N minutes (relative, so a saved "last hour" means the last hour when
 * it is picked again), or between two instants (epoch ms, both ends included; null: open).
 */
export const eventTimeFilterSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('any') }),
  z.strictObject({ kind: z.literal('last'), minutes: z.number().int().min(1).max(MAX_LAST_MINUTES) }),
  z.strictObject({ kind: z.literal('between'), from: z.number().int().nonnegative().nullable(), to: z.number().int().nonnegative().nullable() }),
]);
export type EventTimeFilter = z.infer<typeof eventTimeFilterSchema>;

export const eventFilterSchema = z.strictObject({
  time: eventTimeFilterSchema,
  deviceIds: z.array(z.number().int().nonnegative().max(0xffff_ffff)).max(MAX_FILTER_DEVICES),
  /** Exact user ID (as stored); null: any user, or none. */
  userId: z.string().min(1).max(32).nullable(),
  categories: z.array(z.enum(eventCategories)).max(eventCategories.length),
  /** Stored kinds: `device.0x2200`, `sync.failed`, ... */
  kinds: z.array(z.string().min(1).max(64)).max(MAX_FILTER_KINDS),
  levels: z.array(z.enum(eventLevels)).max(eventLevels.length),
  /** Case-insensitive, anywhere in the event's message. */
  text: z.string().max(MAX_FILTER_TEXT),
});
export type EventFilter = z.infer<typeof eventFilterSchema>;

export const EMPTY_EVENT_FILTER: EventFilter = { time: { kind: 'any' }, deviceIds: [], userId: null, categories: [], kinds: [], levels: [], text: '' };

export const savedEventFilterSchema = z.strictObject({
  name: z.string().trim().min(1).max(MAX_FILTER_NAME),
  filter: eventFilterSchema,
});
export type SavedEventFilter = z.infer<typeof savedEventFilterSchema>;

/** The setting (database `settings` table) that holds the saved filters, in the order they were first saved. */
export const SAVED_EVENT_FILTERS_SETTING = 'monitoring.savedEventFilters';
export const savedEventFiltersSchema = z.array(savedEventFilterSchema).max(MAX_SAVED_FILTERS);

/**
 * Reads the stored list defensively: a setting that is missing or not a list is no saved filters,
 * and an entry that no longer validates (written by a later version, say) is left out, not fatal.
 */
export function readSavedEventFilters(value: unknown): SavedEventFilter[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry) => {
    const parsed = savedEventFilterSchema.safeParse(entry);
    return parsed.success ? [parsed.data] : [];
  });
}

/** `filter` saved under `name`: replaces a filter of that name, else is added last. */
export function withSavedFilter(saved: readonly SavedEventFilter[], entry: SavedEventFilter): SavedEventFilter[] {
  const at = saved.findIndex((existing) => existing.name === entry.name);
  if (at === -1) return [...saved, entry];
  return saved.map((existing, i) => (i === at ? entry : existing));
}

/** Epoch ms bounds, both included; -Infinity / Infinity when open. */
export interface TimeBounds {
  from: number;
  to: number;
}

export function resolveTimeFilter(time: EventTimeFilter, nowMs: number): TimeBounds {
  switch (time.kind) {
    case 'any':
      return { from: -Infinity, to: Infinity };
    case 'last':
      return { from: nowMs - time.minutes * 60_000, to: Infinity };
    case 'between':
      return { from: time.from ?? -Infinity, to: time.to ?? Infinity };
  }
}

/** The fields of a stored event a filter reads. */
export type FilterableEvent = Pick<ConsoleEvent, 'time' | 'kind' | 'level' | 'message' | 'deviceId' | 'userId'> & { category: EventCategory };

/**
 * The whole filter as a test of one event, the time resolved once against `nowMs`. The query
 * reads by one index and runs this over what it reads, so whatever index it picks, the rows
 * are exactly the ones the filter names.
 */
export function eventMatcher(filter: EventFilter, nowMs: number): (event: FilterableEvent) => boolean {
  const { from, to } = resolveTimeFilter(filter.time, nowMs);
  const devices = filter.deviceIds.length === 0 ? null : new Set(filter.deviceIds);
  const categories = filter.categories.length === 0 ? null : new Set<string>(filter.categories);
  const kinds = filter.kinds.length === 0 ? null : new Set(filter.kinds);
  const levels = filter.levels.length === 0 ? null : new Set<string>(filter.levels);
  const needle = filter.text.trim().toLowerCase();
  const { userId } = filter;
  return (event) =>
    event.time >= from &&
    event.time <= to &&
    (devices === null || (event.deviceId !== null && devices.has(event.deviceId))) &&
    (userId === null || event.userId === userId) &&
    (categories === null || categories.has(event.category)) &&
    (kinds === null || kinds.has(event.kind)) &&
    (levels === null || levels.has(event.level)) &&
    (needle === '' || event.message.toLowerCase().includes(needle));
}

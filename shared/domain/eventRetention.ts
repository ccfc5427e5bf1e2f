import { z } from 'zod';

/*
 * How much of the event log the console keeps (Settings → Event log): the newest N events, and
 * none older than D days, whichever removes more. Pruned in the background by the database host
 * in small chunks (electron/core/eventRetention.ts).
 */

export const EVENT_RETENTION_SETTING = 'events.retention';

export const RETENTION_LIMITS = {
  minEvents: 1_000,
  maxEvents: 50_000_000,
  minDays: 1,
  maxDays: 3_650,
} as const;

export const eventRetentionSchema = z.strictObject({
  /** Keep at most this many events (the newest). */
  maxEvents: z.number().int().min(RETENTION_LIMITS.minEvents).max(RETENTION_LIMITS.maxEvents),
  /** Keep no event older than this many days (by the event's time). */
  maxAgeDays: z.number().int().min(RETENTION_LIMITS.minDays).max(RETENTION_LIMITS.maxDays),
});
export type EventRetention = z.infer<typeof eventRetentionSchema>;

/** A million events (the size the log is built and measured for, DESIGN.md §5) or a quarter of a year. */
export const DEFAULT_EVENT_RETENTION: EventRetention = { maxEvents: 1_000_000, maxAgeDays: 90 };

export const DAY_MS = 24 * 60 * 60 * 1000;

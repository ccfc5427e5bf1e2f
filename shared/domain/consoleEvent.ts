import { z } from 'zod';

/**
 * One line of the event log: a device's event (stored once per device + event ID) or the
 * console's own (sync started, "Fail to save to the server DB", operator edits...). The
 * Monitoring issue adds the catalog that words every device code; the sync engine already
 * writes its events in this shape.
 */
export const eventLevels = ['info', 'warning', 'error'] as const;
export type EventLevel = (typeof eventLevels)[number];

export const consoleEventSchema = z.strictObject({
  /** Epoch ms. */
  time: z.number(),
  source: z.enum(['console', 'device']),
  /** e.g. 'sync.started', 'device.disconnected', 'user.changed', or 'device.0x2200'. */
  kind: z.string().max(64),
  level: z.enum(eventLevels),
  message: z.string().max(500),
  deviceId: z.number().int().nonnegative().nullable(),
  userId: z.string().max(32).nullable(),
  /** The device's own event ID, for device events (dedup key with deviceId). */
  deviceEventId: z.number().int().nonnegative().nullable(),
  /**
   * Device events: which run of the device's event IDs this one belongs to, when its log has
   * restarted from 1 since the console first read it (a factory reset): part of the dedup key, so
   * the new run's event 5 is not taken for the old one's. Absent for the first run.
   */
  deviceLogEpoch: z.number().int().positive().max(0xffff_ffff).optional(),
  /**
   * The console's own events: an ID its event writer gives each one, so an event sent again
   * after a failed write (whose answer may have been lost) is stored once.
   */
  writeId: z.string().min(1).max(40).optional(),
});
export type ConsoleEvent = z.infer<typeof consoleEventSchema>;

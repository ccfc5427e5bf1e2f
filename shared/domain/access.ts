import { z } from 'zod';

/**
 * Access rules, as BioStar words them: a user belongs to access groups; a group grants access
 * levels; a level pairs doors with schedules; a door is controlled by an entry device (and
 * optionally an exit device). Zones group devices for site-wide rules (anti-passback).
 */
const id = z.number().int().positive().max(0xffff_fffe);
const name = z.string().trim().min(1, 'name is empty').max(48);
const deviceId = z.number().int().positive().max(0xffff_ffff);

export const accessGroupSchema = z.strictObject({ id, name, levelIds: z.array(id).max(128) });
export type AccessGroup = z.infer<typeof accessGroupSchema>;

export const doorScheduleSchema = z.strictObject({ doorId: id, scheduleId: id });
export const accessLevelSchema = z.strictObject({ id, name, doorSchedules: z.array(doorScheduleSchema).max(128) });
export type AccessLevel = z.infer<typeof accessLevelSchema>;

/** Minutes after midnight, [start, end). */
export const timeSpanSchema = z
  .strictObject({ start: z.number().int().min(0).max(1440), end: z.number().int().min(0).max(1440) })
  .refine((span) => span.end > span.start, 'a time span ends before it starts');
/** Seven days, Sunday first, each a list of spans. */
export const scheduleSchema = z.strictObject({ id, name, days: z.array(z.array(timeSpanSchema).max(5)).length(7) });
export type Schedule = z.infer<typeof scheduleSchema>;

export const doorSchema = z.strictObject({
  id,
  name,
  entryDeviceId: deviceId,
  exitDeviceId: deviceId.nullable(),
  relayPort: z.number().int().min(0).max(15),
});
export type Door = z.infer<typeof doorSchema>;

export const zoneSchema = z.strictObject({
  id,
  name,
  kind: z.literal('anti-passback'),
  deviceIds: z.array(deviceId).min(1).max(64),
});
export type Zone = z.infer<typeof zoneSchema>;

/** The schedule every site has: always. Devices know it as ID 1. */
export const ALWAYS_SCHEDULE_ID = 1;

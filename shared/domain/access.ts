import { z } from 'zod';

/**
 * Access rules, as BioStar words them: a user belongs to access groups; a group grants access
 * levels; a level pairs doors with schedules; a door is controlled by an entry device (and
 * optionally an exit device), with its relay, door sensor and exit button wired to those
 * devices. Zones group device readers for site-wide rules (anti-passback: in through an entry
 * reader, out through an exit reader).
 *
 * Each record has a schema with its ID (what is stored and synced) and one without (`new...`:
 * what a create request carries; the database host chooses the ID).
 */
/** Record IDs are uint32 on the devices, 0 and 0xFFFFFFFF excluded. */
export const MAX_RECORD_ID = 0xffff_fffe;
const id = z.number().int().positive().max(MAX_RECORD_ID);
const name = z.string().trim().min(1, 'name is empty').max(48);
const deviceId = z.number().int().positive().max(0xffff_ffff);

/** A record before the database host has given it an ID. */
export type NewRecord<T extends { id: number }> = Omit<T, 'id'>;

const accessGroupShape = { name, levelIds: z.array(id).max(128) };
export const accessGroupSchema = z.strictObject({ id, ...accessGroupShape });
export const newAccessGroupSchema = z.strictObject(accessGroupShape);
export type AccessGroup = z.infer<typeof accessGroupSchema>;

export const doorScheduleSchema = z.strictObject({ doorId: id, scheduleId: id });
const accessLevelShape = { name, doorSchedules: z.array(doorScheduleSchema).max(128) };
export const accessLevelSchema = z.strictObject({ id, ...accessLevelShape });
export const newAccessLevelSchema = z.strictObject(accessLevelShape);
export type AccessLevel = z.infer<typeof accessLevelSchema>;

/** Minutes after midnight, [start, end). */
export const timeSpanSchema = z
  .strictObject({ start: z.number().int().min(0).max(1440), end: z.number().int().min(0).max(1440) })
  .refine((span) => span.end > span.start, 'a time span ends before it starts');
/** Seven days, Sunday first, each a list of spans. */
const scheduleShape = { name, days: z.array(z.array(timeSpanSchema).max(5)).length(7) };
export const scheduleSchema = z.strictObject({ id, ...scheduleShape });
export const newScheduleSchema = z.strictObject(scheduleShape);
export type Schedule = z.infer<typeof scheduleSchema>;

// ---- Doors ----------------------------------------------------------------------------------

/** Relay and input ports a door may name: the most any device model has; a model may have fewer. */
export const MAX_DOOR_PORT = 15;
const port = z.number().int().min(0).max(MAX_DOOR_PORT);

/** How a door sensor or exit button is wired (G-SDK's SwitchType). */
export const switchTypes = ['normally-open', 'normally-closed'] as const;
export type SwitchType = (typeof switchTypes)[number];

/** A door sensor or exit button: the input port of the entry or exit device it is wired to. */
export const doorInputSchema = z.strictObject({ deviceId, port, switchType: z.enum(switchTypes) });
export type DoorInput = z.infer<typeof doorInputSchema>;

/**
 * Door timing in seconds (G-SDK DoorInfo autoLockTimeout and heldOpenTimeout; defaults from its
 * Enum). The range is ours: BioStar offers 1 to 900 seconds for both.
 */
export const DOOR_TIMING = {
  autoLockSeconds: { default: 3, min: 1, max: 900 },
  heldOpenSeconds: { default: 10, min: 1, max: 900 },
} as const;
const seconds = (range: { min: number; max: number }) => z.number().int().min(range.min).max(range.max);

const doorShape = {
  name,
  entryDeviceId: deviceId,
  exitDeviceId: deviceId.nullable(),
  /** The entry device's relay that unlocks the door. */
  relayPort: port,
  /** Without a sensor the door cannot raise forced-open or held-open alarms. */
  sensor: doorInputSchema.nullable(),
  exitButton: doorInputSchema.nullable(),
  /** How long the door stays unlocked after an access is granted. */
  autoLockSeconds: seconds(DOOR_TIMING.autoLockSeconds),
  /** How long the door may stand open before the held-open alarm (needs a sensor). */
  heldOpenSeconds: seconds(DOOR_TIMING.heldOpenSeconds),
};

/** A rule a record breaks: where (a path into the record, as zod gives it) and why, in the operator's words. */
export interface RuleProblem {
  path: string[];
  message: string;
}

export type DoorWiring = Pick<Door, 'entryDeviceId' | 'exitDeviceId' | 'sensor' | 'exitButton'>;

/**
 * A door's wiring has to be on the door: its inputs on its own devices, no input used twice.
 * The schemas apply it; the forms too, to show it beside the other problems of the form.
 */
export function doorWiringProblems(door: DoorWiring): RuleProblem[] {
  const problems: RuleProblem[] = [];
  if (door.exitDeviceId === door.entryDeviceId) problems.push({ path: ['exitDeviceId'], message: 'the exit device must differ from the entry device' });
  const onDoor = [door.entryDeviceId, door.exitDeviceId];
  const inputs = [
    ['sensor', 'door sensor', door.sensor],
    ['exitButton', 'exit button', door.exitButton],
  ] as const;
  for (const [field, label, input] of inputs) {
    if (input !== null && !onDoor.includes(input.deviceId)) problems.push({ path: [field, 'deviceId'], message: `the ${label} must be wired to the entry or exit device` });
  }
  const { sensor, exitButton } = door;
  if (sensor !== null && exitButton !== null && sensor.deviceId === exitButton.deviceId && sensor.port === exitButton.port) {
    problems.push({ path: ['exitButton', 'port'], message: 'the door sensor already uses this input port' });
  }
  return problems;
}

function addProblems(problems: readonly RuleProblem[], ctx: z.RefinementCtx): void {
  for (const { path, message } of problems) ctx.addIssue({ code: 'custom', path, message });
}

const checkDoorWiring = (door: DoorWiring, ctx: z.RefinementCtx): void => addProblems(doorWiringProblems(door), ctx);

export const doorSchema = z.strictObject({ id, ...doorShape }).superRefine(checkDoorWiring);
export const newDoorSchema = z.strictObject(doorShape).superRefine(checkDoorWiring);
export type Door = z.infer<typeof doorSchema>;

// ---- Zones ----------------------------------------------------------------------------------

/** Whether a member device reads people into the zone or out of it (G-SDK APB ReaderType). */
export const readerRoles = ['entry', 'exit'] as const;
export type ReaderRole = (typeof readerRoles)[number];

/** hard: a violation is refused (and logged); soft: it is logged and the user let through. */
export const antiPassbackModes = ['hard', 'soft'] as const;
export type AntiPassbackMode = (typeof antiPassbackModes)[number];

export const MAX_ZONE_MEMBERS = 64;
/** Longest reset we offer (a week); 0 = the anti-passback state never clears by itself. */
export const MAX_ZONE_RESET_MINUTES = 7 * 24 * 60;
/** G-SDK's default reset duration (a day). */
export const DEFAULT_ZONE_RESET_MINUTES = 24 * 60;

export const zoneMemberSchema = z.strictObject({ deviceId, role: z.enum(readerRoles) });
export type ZoneMember = z.infer<typeof zoneMemberSchema>;

const zoneShape = {
  name,
  kind: z.literal('anti-passback'),
  mode: z.enum(antiPassbackModes),
  resetMinutes: z.number().int().min(0).max(MAX_ZONE_RESET_MINUTES),
  members: z.array(zoneMemberSchema).max(MAX_ZONE_MEMBERS),
};

/** Anti-passback means something only with a way in and a way out; a device has one role. */
export function zoneMemberProblems(members: readonly ZoneMember[]): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const seen = new Set<number>();
  for (const member of members) {
    if (seen.has(member.deviceId)) problems.push({ path: ['members'], message: `device ${member.deviceId} is listed twice` });
    seen.add(member.deviceId);
  }
  for (const role of readerRoles) {
    if (!members.some((member) => member.role === role)) {
      problems.push({ path: ['members'], message: `choose at least one ${role} reader: anti-passback needs a way in and a way out` });
    }
  }
  return problems;
}

const checkZoneMembers = (zone: Pick<Zone, 'members'>, ctx: z.RefinementCtx): void => addProblems(zoneMemberProblems(zone.members), ctx);

export const zoneSchema = z.strictObject({ id, ...zoneShape }).superRefine(checkZoneMembers);
export const newZoneSchema = z.strictObject(zoneShape).superRefine(checkZoneMembers);
export type Zone = z.infer<typeof zoneSchema>;

/** The schedule every site has: always. Devices know it as ID 1. */
export const ALWAYS_SCHEDULE_ID = 1;

import { ApbReaderType, ApbZoneType, MAX_ACCESS_LEVEL_ID, PREDEFINED_SCHEDULE_ALWAYS, SwitchType } from '../gsdk/messages';
import type { AccessGroup, AccessLevel, ApbZoneInfo, DaySchedule, DoorInfo, ExitButton, ScheduleInfo, Sensor } from '../gsdk/messages';

/*
 * What a simulated device checks before it stores an access rule, in two kinds:
 *
 * - shape (INVALID_ARGUMENT): IDs that are reserved or out of range, names over 48 characters,
 *   more levels, door schedules, periods or bypass groups than the public reference allows,
 *   schedules that are not exactly one of weekly (7 days) / daily (1..90 days) with periods
 *   inside the day and not overlapping, a door without entry device or relay, a sensor or exit
 *   button of no known switch type, a zone without members or with an unknown type or reader type;
 * - references (FAILED_PRECONDITION): a group's levels, a level's doors and schedules, a zone's
 *   bypass groups must already be on the device (schedule 1, "Always", always is). So the
 *   console writes schedules and doors, then levels, then groups, as the public reference's
 *   guide orders it.
 *
 * Loosely, as a device would: device IDs (a door's entry/exit device and relay, a zone's members)
 * are not looked up, since they may be RS485 slaves the gateway never sees; deleting a record
 * that others name is allowed and leaves the reference dangling; a user's accessGroupIDs are not
 * checked either, so users and access rules can be synced in either order.
 */

const NAME_MAX_CHARS = 48;
const MAX_LEVELS_PER_GROUP = 128;
const MAX_DOOR_SCHEDULES_PER_LEVEL = 128;
const MAX_PERIODS_PER_DAY = 5;
const MINUTES_PER_DAY = 1440;
const MAX_DAILY_DAYS = 90;
const LAST_START_DATE = 365;
const MAX_BYPASS_GROUPS = 16;

/** What the reference checks need to know of the device's tables. */
export interface AccessLookup {
  hasGroup(id: number): boolean;
  hasLevel(id: number): boolean;
  hasDoor(id: number): boolean;
  hasSchedule(id: number): boolean;
}

function nameProblem(what: string, name: string): string | null {
  return [...name].length > NAME_MAX_CHARS ? `${what}: name is longer than ${NAME_MAX_CHARS} characters` : null;
}

// --- shape -------------------------------------------------------------------------------------

export function groupShapeProblem(group: AccessGroup): string | null {
  if (group.ID === 0) return 'access group ID 0 is reserved';
  const what = `access group ${group.ID}`;
  if (group.levelIDs.length > MAX_LEVELS_PER_GROUP) {
    return `${what}: ${group.levelIDs.length} levels (at most ${MAX_LEVELS_PER_GROUP})`;
  }
  return nameProblem(what, group.name);
}

export function levelShapeProblem(level: AccessLevel): string | null {
  if (level.ID === 0 || level.ID > MAX_ACCESS_LEVEL_ID) {
    return `access level ID ${level.ID} is out of range (1..${MAX_ACCESS_LEVEL_ID})`;
  }
  const what = `access level ${level.ID}`;
  if (level.doorSchedules.length > MAX_DOOR_SCHEDULES_PER_LEVEL) {
    return `${what}: ${level.doorSchedules.length} door schedules (at most ${MAX_DOOR_SCHEDULES_PER_LEVEL})`;
  }
  return nameProblem(what, level.name);
}

export function scheduleShapeProblem(schedule: ScheduleInfo): string | null {
  if (schedule.ID === 0) return 'schedule ID 0 is not valid';
  if (schedule.ID === PREDEFINED_SCHEDULE_ALWAYS) return `schedule ${PREDEFINED_SCHEDULE_ALWAYS} is the predefined "Always" and cannot be changed`;
  const what = `schedule ${schedule.ID}`;
  const { daily, weekly } = schedule;
  if ((daily === null) === (weekly === null)) return `${what}: needs exactly one of a weekly and a daily schedule`;
  if (weekly && weekly.daySchedules.length !== 7) return `${what}: a week has 7 days, not ${weekly.daySchedules.length}`;
  if (daily) {
    if (daily.daySchedules.length < 1 || daily.daySchedules.length > MAX_DAILY_DAYS) {
      return `${what}: a daily schedule has 1 to ${MAX_DAILY_DAYS} days, not ${daily.daySchedules.length}`;
    }
    if (daily.startDate > LAST_START_DATE) return `${what}: start date ${daily.startDate} is not a day of the year`;
  }
  const days = weekly?.daySchedules ?? daily?.daySchedules ?? [];
  for (const [index, day] of days.entries()) {
    const problem = dayProblem(day);
    if (problem) return `${what}, day ${index}: ${problem}`;
  }
  return nameProblem(what, schedule.name);
}

function dayProblem(day: DaySchedule): string | null {
  if (day.periods.length > MAX_PERIODS_PER_DAY) return `${day.periods.length} periods (at most ${MAX_PERIODS_PER_DAY})`;
  const periods = [...day.periods].sort((a, b) => a.startTime - b.startTime);
  let previousEnd = 0;
  for (const { startTime, endTime } of periods) {
    if (startTime < 0 || endTime > MINUTES_PER_DAY || startTime >= endTime) {
      return `period ${startTime}..${endTime} is not within 0..${MINUTES_PER_DAY} minutes`;
    }
    if (startTime < previousEnd) return `periods overlap at minute ${startTime}`;
    previousEnd = endTime;
  }
  return null;
}

const SWITCH_TYPES: readonly number[] = Object.values(SwitchType);
const ZONE_TYPES: readonly number[] = Object.values(ApbZoneType);
const READER_TYPES: readonly number[] = Object.values(ApbReaderType);

/** An input with device ID 0 is absent, whatever else it says. */
function inputProblem(what: string, input: Sensor | ExitButton | null): string | null {
  if (!input || input.deviceID === 0) return null;
  return SWITCH_TYPES.includes(input.type) ? null : `${what} has switch type ${input.type}, which is neither normally open nor normally closed`;
}

export function doorShapeProblem(door: DoorInfo): string | null {
  if (door.doorID === 0) return 'door ID 0 is not valid';
  const what = `door ${door.doorID}`;
  if (door.entryDeviceID === 0) return `${what} has no entry device`;
  if (!door.relay || door.relay.deviceID === 0) return `${what} has no relay`;
  return inputProblem(`${what}: the sensor`, door.sensor) ?? inputProblem(`${what}: the exit button`, door.button) ?? nameProblem(what, door.name);
}

export function zoneShapeProblem(zone: ApbZoneInfo): string | null {
  if (zone.zoneID === 0) return 'zone ID 0 is not valid';
  const what = `zone ${zone.zoneID}`;
  if (!ZONE_TYPES.includes(zone.type)) return `${what} has type ${zone.type}, which is neither hard nor soft`;
  if (zone.members.length === 0) return `${what} has no members`;
  const seen = new Set<number>();
  for (const member of zone.members) {
    if (member.deviceID === 0) return `${what}: a member has device ID 0`;
    if (!READER_TYPES.includes(member.readerType)) return `${what}: device ${member.deviceID} has reader type ${member.readerType}, which is neither entry nor exit`;
    if (seen.has(member.deviceID)) return `${what}: device ${member.deviceID} is a member twice`;
    seen.add(member.deviceID);
  }
  if (zone.bypassGroupIDs.length > MAX_BYPASS_GROUPS) {
    return `${what}: ${zone.bypassGroupIDs.length} bypass groups (at most ${MAX_BYPASS_GROUPS})`;
  }
  return nameProblem(what, zone.name);
}

// --- references --------------------------------------------------------------------------------

export function groupReferenceProblem(group: AccessGroup, device: AccessLookup): string | null {
  const missing = group.levelIDs.find((id) => !device.hasLevel(id));
  return missing === undefined ? null : `access group ${group.ID} names access level ${missing}, which is not on the device`;
}

export function levelReferenceProblem(level: AccessLevel, device: AccessLookup): string | null {
  for (const { doorID, scheduleID } of level.doorSchedules) {
    if (!device.hasDoor(doorID)) return `access level ${level.ID} names door ${doorID}, which is not on the device`;
    if (scheduleID !== PREDEFINED_SCHEDULE_ALWAYS && !device.hasSchedule(scheduleID)) {
      return `access level ${level.ID} names schedule ${scheduleID}, which is not on the device`;
    }
  }
  return null;
}

export function zoneReferenceProblem(zone: ApbZoneInfo, device: AccessLookup): string | null {
  const missing = zone.bypassGroupIDs.find((id) => !device.hasGroup(id));
  return missing === undefined ? null : `zone ${zone.zoneID} names access group ${missing}, which is not on the device`;
}

// --- the stored form ---------------------------------------------------------------------------

/*
 * Records as a device keeps them: exactly the subset's fields, copied, so what the control API
 * shows is what GetList answers, whoever sent the record and whatever else the object carried.
 */

export function storedGroup(group: AccessGroup): AccessGroup {
  return { ID: group.ID, name: group.name, levelIDs: [...group.levelIDs] };
}

export function storedLevel(level: AccessLevel): AccessLevel {
  return {
    ID: level.ID,
    name: level.name,
    doorSchedules: level.doorSchedules.map(({ doorID, scheduleID }) => ({ doorID, scheduleID })),
  };
}

function storedDays(days: readonly DaySchedule[]): DaySchedule[] {
  return days.map((day) => ({ periods: day.periods.map(({ startTime, endTime }) => ({ startTime, endTime })) }));
}

export function storedSchedule(schedule: ScheduleInfo): ScheduleInfo {
  return {
    ID: schedule.ID,
    name: schedule.name,
    daily: schedule.daily ? { startDate: schedule.daily.startDate, daySchedules: storedDays(schedule.daily.daySchedules) } : null,
    weekly: schedule.weekly ? { daySchedules: storedDays(schedule.weekly.daySchedules) } : null,
  };
}

export function storedDoor(door: DoorInfo): DoorInfo {
  return {
    doorID: door.doorID,
    name: door.name,
    entryDeviceID: door.entryDeviceID,
    exitDeviceID: door.exitDeviceID,
    relay: door.relay ? { deviceID: door.relay.deviceID, port: door.relay.port } : null,
    sensor: door.sensor ? { deviceID: door.sensor.deviceID, port: door.sensor.port, type: door.sensor.type } : null,
    button: door.button ? { deviceID: door.button.deviceID, port: door.button.port, type: door.button.type } : null,
    autoLockTimeout: door.autoLockTimeout,
    heldOpenTimeout: door.heldOpenTimeout,
  };
}

export function storedZone(zone: ApbZoneInfo): ApbZoneInfo {
  return {
    zoneID: zone.zoneID,
    name: zone.name,
    type: zone.type,
    disabled: zone.disabled,
    alarmed: zone.alarmed,
    resetDuration: zone.resetDuration,
    members: zone.members.map(({ deviceID, readerType }) => ({ deviceID, readerType })),
    bypassGroupIDs: [...zone.bypassGroupIDs],
  };
}

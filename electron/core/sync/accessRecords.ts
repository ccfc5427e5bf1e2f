import type { AccessGroup, AccessLevel, Door, Schedule, Zone } from '../../../shared/domain/access';
import { deviceText } from '../../../shared/deviceText';
import {
  PREDEFINED_SCHEDULE_ALWAYS,
  type AccessGroup as DeviceGroup,
  type AccessLevel as DeviceLevel,
  type DaySchedule,
  type ApbZoneInfo,
  type DoorInfo,
  type ScheduleInfo,
} from '../../gsdk';
import { toDoorInfo, toScheduleInfo, toZoneInfo } from './accessToDevice';

/**
 * The access rules a device should hold (DESIGN.md §4: "the access groups, access levels,
 * schedules, doors and zones that involve it"), in the gateway's shapes, and how they compare
 * with what the device holds. Pure: the engine reads and writes, this decides.
 */

/** The console's access tables, as read from the Store. */
export interface AccessTables {
  groups: AccessGroup[];
  levels: AccessLevel[];
  schedules: Schedule[];
  doors: Door[];
  zones: Zone[];
}

/** One device's access rules, in the order a device must receive them (references first). */
export interface DeviceAccess {
  schedules: ScheduleInfo[];
  doors: DoorInfo[];
  levels: DeviceLevel[];
  groups: DeviceGroup[];
  zones: ApbZoneInfo[];
}

export type AccessKind = keyof DeviceAccess;
/** Written in this order, deleted in the reverse: a device refuses a reference to what it does not hold. */
export const ACCESS_WRITE_ORDER: readonly AccessKind[] = ['schedules', 'doors', 'levels', 'groups', 'zones'];

const LABELS: Record<AccessKind, [string, string]> = {
  schedules: ['schedule', 'schedules'],
  doors: ['door', 'doors'],
  levels: ['access level', 'access levels'],
  groups: ['access group', 'access groups'],
  zones: ['zone', 'zones'],
};

/** The console's records that involve one device, in the console's shapes (narrowed as below). */
export interface InvolvedAccess {
  doors: Door[];
  levels: AccessLevel[];
  groups: AccessGroup[];
  /** The schedules the involved levels use (Always included). */
  scheduleIds: ReadonlySet<number>;
}

/**
 * What involves `deviceId`: the doors it is the entry or exit reader of; the access levels that
 * name those doors (narrowed to them: a device refuses a level naming a door it does not hold);
 * the schedules those levels use; the access groups granting those levels (narrowed likewise).
 * The same chain decides which users the "Specific devices" mode routes to the device.
 */
export function involvedAccess(deviceId: number, tables: AccessTables): InvolvedAccess {
  const doors = tables.doors.filter((door) => door.entryDeviceId === deviceId || door.exitDeviceId === deviceId);
  const doorIds = new Set(doors.map((door) => door.id));
  const levels = tables.levels
    .map((level) => ({ ...level, doorSchedules: level.doorSchedules.filter((pair) => doorIds.has(pair.doorId)) }))
    .filter((level) => level.doorSchedules.length > 0);
  const levelIds = new Set(levels.map((level) => level.id));
  const scheduleIds = new Set(levels.flatMap((level) => level.doorSchedules.map((pair) => pair.scheduleId)));
  const groups = tables.groups
    .map((group) => ({ ...group, levelIds: group.levelIds.filter((id) => levelIds.has(id)) }))
    .filter((group) => group.levelIds.length > 0);
  return { doors, levels, groups, scheduleIds };
}

/**
 * The access rules `deviceId` should hold, in the gateway's shapes: what involves it
 * (`involvedAccess`) and the anti-passback zones it is a member of (as an entry or an exit reader).
 */
export function desiredAccess(deviceId: number, tables: AccessTables): DeviceAccess {
  const { doors, levels, groups, scheduleIds } = involvedAccess(deviceId, tables);
  return {
    schedules: tables.schedules.filter((schedule) => schedule.id !== PREDEFINED_SCHEDULE_ALWAYS && scheduleIds.has(schedule.id)).map(toScheduleInfo),
    doors: doors.map(toDoorInfo),
    levels: levels.map((level) => ({
      ID: level.id,
      name: level.name,
      doorSchedules: level.doorSchedules.map((pair) => ({ doorID: pair.doorId, scheduleID: pair.scheduleId })),
    })),
    groups: groups.map((group) => ({ ID: group.id, name: group.name, levelIDs: [...group.levelIds] })),
    zones: tables.zones.filter((zone) => zone.members.some((member) => member.deviceId === deviceId)).map(toZoneInfo),
  };
}

type AnyRecord = DeviceAccess[AccessKind][number];

export function recordId(kind: AccessKind, record: AnyRecord): number {
  switch (kind) {
    case 'schedules':
    case 'levels':
    case 'groups':
      return (record as ScheduleInfo | DeviceLevel | DeviceGroup).ID;
    case 'doors':
      return (record as DoorInfo).doorID;
    case 'zones':
      return (record as ApbZoneInfo).zoneID;
  }
}

/**
 * A record's content in a fixed form, so the console's record and the device's compare equal
 * when they mean the same: lists whose order carries no meaning are sorted, absent parts are null.
 */
export function canonicalAccess(kind: AccessKind, record: AnyRecord): string {
  switch (kind) {
    case 'schedules': {
      const schedule = record as ScheduleInfo;
      const days = (list: readonly DaySchedule[]) =>
        list.map((day) => [...day.periods].map((p) => [p.startTime, p.endTime]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)));
      return JSON.stringify([
        schedule.ID,
        schedule.name,
        schedule.weekly ? days(schedule.weekly.daySchedules) : null,
        schedule.daily ? [schedule.daily.startDate, days(schedule.daily.daySchedules)] : null,
      ]);
    }
    case 'doors': {
      const door = record as DoorInfo;
      return JSON.stringify([
        door.doorID,
        door.name,
        door.entryDeviceID,
        door.exitDeviceID,
        door.relay ? [door.relay.deviceID, door.relay.port] : null,
        door.sensor && door.sensor.deviceID !== 0 ? [door.sensor.deviceID, door.sensor.port, door.sensor.type] : null,
        door.button && door.button.deviceID !== 0 ? [door.button.deviceID, door.button.port, door.button.type] : null,
        door.autoLockTimeout,
        door.heldOpenTimeout,
      ]);
    }
    case 'levels': {
      const level = record as DeviceLevel;
      const pairs = level.doorSchedules.map((pair) => [pair.doorID, pair.scheduleID]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0) || (a[1] ?? 0) - (b[1] ?? 0));
      return JSON.stringify([level.ID, level.name, pairs]);
    }
    case 'groups': {
      const group = record as DeviceGroup;
      return JSON.stringify([group.ID, group.name, [...group.levelIDs].sort((a, b) => a - b)]);
    }
    case 'zones': {
      const zone = record as ApbZoneInfo;
      const members = zone.members.map((member) => [member.deviceID, member.readerType]).sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0));
      return JSON.stringify([zone.zoneID, zone.name, zone.type, zone.disabled, zone.alarmed, zone.resetDuration, members, [...zone.bypassGroupIDs].sort((a, b) => a - b)]);
    }
  }
}

/** Per kind: records to write (missing or different), console IDs to delete, IDs only on the device (kept). */
export interface AccessKindDiff {
  write: AnyRecord[];
  remove: number[];
  onlyOnDevice: number[];
}

export type AccessDiff = Record<AccessKind, AccessKindDiff>;

/**
 * Compares what a device should hold with what it holds. A record the console knows (its ID is in
 * the console's table) but that does not involve this device is deleted from it; a record the
 * console does not know at all was not put there by the console and is only reported, as users
 * only on the device are.
 */
export function diffAccess(desired: DeviceAccess, held: DeviceAccess, known: Record<AccessKind, ReadonlySet<number>>): AccessDiff {
  const diff = {} as AccessDiff;
  for (const kind of ACCESS_WRITE_ORDER) {
    const wanted = new Map<number, AnyRecord>(desired[kind].map((record) => [recordId(kind, record), record]));
    const present = new Map<number, AnyRecord>(held[kind].map((record) => [recordId(kind, record), record]));
    const entry: AccessKindDiff = { write: [], remove: [], onlyOnDevice: [] };
    for (const [id, record] of wanted) {
      const current = present.get(id);
      if (!current || canonicalAccess(kind, current) !== canonicalAccess(kind, record)) entry.write.push(record);
    }
    for (const id of present.keys()) {
      if (wanted.has(id)) continue;
      if (known[kind].has(id)) entry.remove.push(id);
      else entry.onlyOnDevice.push(id);
    }
    diff[kind] = entry;
  }
  return diff;
}

/** The differences in words, for DeviceSync.accessDiffers: "2 access groups", "door 3 only on the device". */
export function describeAccessDiff(diff: AccessDiff, names: (kind: AccessKind, id: number) => string | undefined): string[] {
  const words: string[] = [];
  for (const kind of ACCESS_WRITE_ORDER) {
    const [one, many] = LABELS[kind];
    const differing = [...diff[kind].write.map((record) => recordId(kind, record)), ...diff[kind].remove];
    if (differing.length === 1) {
      const id = differing[0] ?? 0;
      const name = names(kind, id);
      words.push(name ? `${one} ${deviceText(name, 48)}` : `${one} ${id}`);
    } else if (differing.length > 1) words.push(`${differing.length} ${many}`);
    const extra = diff[kind].onlyOnDevice.length;
    if (extra > 0) words.push(`${extra} ${extra === 1 ? one : many} only on the device`);
  }
  return words;
}

/** What is left of a diff once its writes and deletes are done: the records only on the device. */
export function leftAfterWriting(diff: AccessDiff): AccessDiff {
  const left = {} as AccessDiff;
  for (const kind of ACCESS_WRITE_ORDER) left[kind] = { write: [], remove: [], onlyOnDevice: diff[kind].onlyOnDevice };
  return left;
}

export function accessConverged(diff: AccessDiff): boolean {
  return ACCESS_WRITE_ORDER.every((kind) => diff[kind].write.length === 0 && diff[kind].remove.length === 0);
}

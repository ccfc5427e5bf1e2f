import type { Door, DoorInput, ReaderRole, Schedule, SwitchType as DoorSwitchType, Zone } from '../../../shared/domain/access';
import { ApbReaderType, ApbZoneType, SwitchType, type ApbZoneInfo, type DoorInfo, type ScheduleInfo, type Sensor } from '../../gsdk';

/**
 * The console's access records in the gateway's shapes (gsdk/messages.ts): what the sync engine
 * writes to a device and compares with what the device lists. Pure.
 */

export function toScheduleInfo(schedule: Schedule): ScheduleInfo {
  return {
    ID: schedule.id,
    name: schedule.name,
    daily: null,
    weekly: { daySchedules: schedule.days.map((spans) => ({ periods: spans.map((span) => ({ startTime: span.start, endTime: span.end })) })) },
  };
}

const SWITCH_TYPE: Record<DoorSwitchType, number> = {
  'normally-open': SwitchType.NORMALLY_OPEN,
  'normally-closed': SwitchType.NORMALLY_CLOSED,
};

/** An absent input travels as null; the gateway's "device ID 0" means the same (canonicalAccess). A sensor and an exit button have the same fields. */
function toInput(input: DoorInput | null): Sensor | null {
  return input === null ? null : { deviceID: input.deviceId, port: input.port, type: SWITCH_TYPE[input.switchType] };
}

/** The relay is on the entry device. */
export function toDoorInfo(door: Door): DoorInfo {
  return {
    doorID: door.id,
    name: door.name,
    entryDeviceID: door.entryDeviceId,
    exitDeviceID: door.exitDeviceId ?? 0,
    relay: { deviceID: door.entryDeviceId, port: door.relayPort },
    sensor: toInput(door.sensor),
    button: toInput(door.exitButton),
    autoLockTimeout: door.autoLockSeconds,
    heldOpenTimeout: door.heldOpenSeconds,
  };
}

const READER_TYPE: Record<ReaderRole, number> = { entry: ApbReaderType.ENTRY, exit: ApbReaderType.EXIT };

/** Enabled, no alarm raised, no bypass groups: the console does not model those yet. */
export function toZoneInfo(zone: Zone): ApbZoneInfo {
  return {
    zoneID: zone.id,
    name: zone.name,
    type: zone.mode === 'soft' ? ApbZoneType.SOFT : ApbZoneType.HARD,
    disabled: false,
    alarmed: false,
    resetDuration: zone.resetMinutes * 60,
    members: zone.members.map((member) => ({ deviceID: member.deviceId, readerType: READER_TYPE[member.role] })),
    bypassGroupIDs: [],
  };
}

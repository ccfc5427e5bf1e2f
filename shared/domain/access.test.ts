import { describe, expect, it } from 'vitest';
import { doorSchema, newDoorSchema, newZoneSchema, zoneSchema, type Door, type Zone } from './access';

const door: Door = {
  id: 1,
  name: 'Lab',
  entryDeviceId: 11,
  exitDeviceId: 12,
  relayPort: 0,
  sensor: { deviceId: 11, port: 0, switchType: 'normally-closed' },
  exitButton: { deviceId: 12, port: 1, switchType: 'normally-open' },
  autoLockSeconds: 3,
  heldOpenSeconds: 10,
};

const zone: Zone = {
  id: 1,
  name: 'Lab anti-passback',
  kind: 'anti-passback',
  mode: 'hard',
  resetMinutes: 1440,
  members: [
    { deviceId: 11, role: 'entry' },
    { deviceId: 12, role: 'exit' },
  ],
};

/** Each issue as "path: message". */
function issues(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  return result.success ? [] : (result.error?.issues ?? []).map((issue) => `${issue.path.join('.')}: ${issue.message}`);
}

describe('doors', () => {
  it('accept a sensor and an exit button on the entry or exit device, or none', () => {
    expect(issues(doorSchema.safeParse(door))).toEqual([]);
    expect(issues(doorSchema.safeParse({ ...door, exitDeviceId: null, sensor: null, exitButton: { ...door.exitButton, deviceId: 11 } }))).toEqual([]);
    const { id: _id, ...fields } = door;
    expect(issues(newDoorSchema.safeParse(fields))).toEqual([]);
    expect(newDoorSchema.safeParse(door).success).toBe(false);
  });

  it('refuse inputs wired elsewhere, a shared input port, ports and timing out of range', () => {
    expect(issues(doorSchema.safeParse({ ...door, sensor: { ...door.sensor, deviceId: 99 } }))).toEqual(['sensor.deviceId: the door sensor must be wired to the entry or exit device']);
    expect(issues(doorSchema.safeParse({ ...door, exitDeviceId: null }))).toEqual(['exitButton.deviceId: the exit button must be wired to the entry or exit device']);
    expect(issues(doorSchema.safeParse({ ...door, exitButton: { ...door.exitButton, deviceId: 11, port: 0 } }))).toEqual(['exitButton.port: the door sensor already uses this input port']);
    expect(issues(doorSchema.safeParse({ ...door, exitDeviceId: 11, sensor: null, exitButton: null }))).toEqual(['exitDeviceId: the exit device must differ from the entry device']);
    expect(doorSchema.safeParse({ ...door, sensor: { ...door.sensor, port: 16 } }).success).toBe(false);
    expect(doorSchema.safeParse({ ...door, exitButton: { ...door.exitButton, switchType: 'toggle' } }).success).toBe(false);
    expect(doorSchema.safeParse({ ...door, autoLockSeconds: 0 }).success).toBe(false);
    expect(doorSchema.safeParse({ ...door, heldOpenSeconds: 901 }).success).toBe(false);
  });
});

describe('anti-passback zones', () => {
  it('need at least one entry and one exit reader, each device once', () => {
    expect(issues(zoneSchema.safeParse(zone))).toEqual([]);
    const entryOnly = { ...zone, members: [{ deviceId: 11, role: 'entry' }] };
    expect(issues(zoneSchema.safeParse(entryOnly))).toEqual(['members: choose at least one exit reader: anti-passback needs a way in and a way out']);
    expect(issues(zoneSchema.safeParse({ ...zone, members: [] }))).toEqual([
      'members: choose at least one entry reader: anti-passback needs a way in and a way out',
      'members: choose at least one exit reader: anti-passback needs a way in and a way out',
    ]);
    const twice = { ...zone, members: [...zone.members, { deviceId: 11, role: 'exit' }] };
    expect(issues(zoneSchema.safeParse(twice))).toEqual(['members: device 11 is listed twice']);
  });

  it('have a mode and a reset time within a week', () => {
    const { id: _id, ...fields } = zone;
    expect(newZoneSchema.safeParse({ ...fields, mode: 'soft', resetMinutes: 0 }).success).toBe(true);
    expect(newZoneSchema.safeParse({ ...fields, mode: 'lenient' }).success).toBe(false);
    expect(newZoneSchema.safeParse({ ...fields, resetMinutes: 7 * 24 * 60 + 1 }).success).toBe(false);
    expect(zoneSchema.safeParse({ ...zone, deviceIds: [11, 12] }).success).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import type { Door } from '../../../shared/domain/access';
import { ApbReaderType, ApbZoneType, SwitchType } from '../../gsdk';
import type { AccessTables } from './accessRecords';
import { accessConverged, describeAccessDiff, desiredAccess, diffAccess, recordId } from './accessRecords';

const week = (start: number, end: number) => Array.from({ length: 7 }, () => [{ start, end }]);

/** A door with its sensor on input 0 of the entry device and no exit button. */
function door(id: number, name: string, entryDeviceId: number, exitDeviceId: number | null, relayPort: number): Door {
  const sensor = { deviceId: entryDeviceId, port: 0, switchType: 'normally-closed' as const };
  return { id, name, entryDeviceId, exitDeviceId, relayPort, sensor, exitButton: null, autoLockSeconds: 3, heldOpenSeconds: 10 };
}

const tables: AccessTables = {
  schedules: [
    { id: 2, name: 'Office hours', days: week(480, 1080) },
    { id: 3, name: 'Nights', days: week(1200, 1440) },
  ],
  doors: [
    door(10, 'Main entrance', 401, null, 0),
    { ...door(11, 'Server room', 402, 401, 1), exitButton: { deviceId: 401, port: 1, switchType: 'normally-open' } },
    door(12, 'Dock', 403, null, 0),
  ],
  levels: [
    { id: 20, name: 'Staff', doorSchedules: [{ doorId: 10, scheduleId: 2 }, { doorId: 12, scheduleId: 3 }] },
    { id: 21, name: 'IT', doorSchedules: [{ doorId: 11, scheduleId: 1 }] },
    { id: 22, name: 'Dock crew', doorSchedules: [{ doorId: 12, scheduleId: 3 }] },
  ],
  groups: [
    { id: 30, name: 'Everyone', levelIds: [20, 22] },
    { id: 31, name: 'IT team', levelIds: [21] },
    { id: 32, name: 'Dockers', levelIds: [22] },
  ],
  zones: [
    {
      id: 40,
      name: 'Lobby',
      kind: 'anti-passback',
      mode: 'soft',
      resetMinutes: 90,
      members: [
        { deviceId: 401, role: 'entry' },
        { deviceId: 402, role: 'exit' },
      ],
    },
  ],
};

const known = {
  schedules: new Set([2, 3]),
  doors: new Set([10, 11, 12]),
  levels: new Set([20, 21, 22]),
  groups: new Set([30, 31, 32]),
  zones: new Set([40]),
};

describe('desiredAccess', () => {
  it('gives a device the doors it reads for, and only the levels, schedules and groups that reach them', () => {
    const access = desiredAccess(401, tables);
    expect(access.doors.map((door) => door.doorID)).toEqual([10, 11]);
    expect(access.levels).toEqual([
      { ID: 20, name: 'Staff', doorSchedules: [{ doorID: 10, scheduleID: 2 }] },
      { ID: 21, name: 'IT', doorSchedules: [{ doorID: 11, scheduleID: 1 }] },
    ]);
    // "Always" (1) is built into every device; "Nights" only served the dock.
    expect(access.schedules.map((schedule) => schedule.ID)).toEqual([2]);
    expect(access.groups).toEqual([
      { ID: 30, name: 'Everyone', levelIDs: [20] },
      { ID: 31, name: 'IT team', levelIDs: [21] },
    ]);
    expect(access.zones.map((zone) => zone.zoneID)).toEqual([40]);
    expect(access.doors[1]).toEqual({
      doorID: 11,
      name: 'Server room',
      entryDeviceID: 402,
      exitDeviceID: 401,
      relay: { deviceID: 402, port: 1 },
      sensor: { deviceID: 402, port: 0, type: SwitchType.NORMALLY_CLOSED },
      button: { deviceID: 401, port: 1, type: SwitchType.NORMALLY_OPEN },
      autoLockTimeout: 3,
      heldOpenTimeout: 10,
    });
    expect(access.zones[0]).toMatchObject({
      type: ApbZoneType.SOFT,
      resetDuration: 90 * 60,
      members: [
        { deviceID: 401, readerType: ApbReaderType.ENTRY },
        { deviceID: 402, readerType: ApbReaderType.EXIT },
      ],
    });
    // An exit reader is a member too.
    expect(desiredAccess(402, tables).zones.map((zone) => zone.zoneID)).toEqual([40]);
  });

  it('gives a device that reads for no door no levels or groups', () => {
    const access = desiredAccess(999, tables);
    expect(access).toEqual({ schedules: [], doors: [], levels: [], groups: [], zones: [] });
  });
});

describe('diffAccess', () => {
  it('is empty when the device holds the same rules in another order', () => {
    const desired = desiredAccess(401, tables);
    const held = { ...desired, groups: [...desired.groups].reverse().map((group) => ({ ...group, levelIDs: [...group.levelIDs].reverse() })) };
    expect(accessConverged(diffAccess(desired, held, known))).toBe(true);
  });

  it('writes what differs, deletes what the console placed and no longer wants, keeps what it never knew', () => {
    const desired = desiredAccess(401, tables);
    const held = {
      ...desired,
      doors: [{ ...desired.doors[0]!, name: 'Old name' }],
      groups: [...desired.groups, { ID: 32, name: 'Dockers', levelIDs: [22] }, { ID: 77, name: 'From elsewhere', levelIDs: [] }],
    };
    const diff = diffAccess(desired, held, known);
    expect(diff.doors.write.map((door) => ('doorID' in door ? door.doorID : 0))).toEqual([10, 11]);
    expect(diff.groups).toEqual({ write: [], remove: [32], onlyOnDevice: [77] });
    const names = (kind: string, id: number) => (kind === 'groups' && id === 32 ? 'Dockers' : undefined);
    expect(describeAccessDiff(diff, names)).toEqual(['2 doors', 'access group Dockers', '1 access group only on the device']);
  });

  it('finds a door whose sensor, exit button or timing differs, and a zone whose reader roles or mode differ', () => {
    const desired = desiredAccess(401, tables);
    const [main, server] = desired.doors;
    const [lobby] = desired.zones;
    const differing = (held: Partial<typeof desired>) => {
      const diff = diffAccess(desired, { ...desired, ...held }, known);
      return [...diff.doors.write.map((record) => `door ${recordId('doors', record)}`), ...diff.zones.write.map((record) => `zone ${recordId('zones', record)}`)];
    };
    expect(differing({ doors: [{ ...main!, sensor: { ...main!.sensor!, type: SwitchType.NORMALLY_OPEN } }, server!] })).toEqual(['door 10']);
    expect(differing({ doors: [main!, { ...server!, button: null }] })).toEqual(['door 11']);
    expect(differing({ doors: [main!, { ...server!, heldOpenTimeout: 30 }] })).toEqual(['door 11']);
    // A device that lists an absent input as device 0 means the same as none.
    expect(differing({ doors: [main!, server!].map((record) => ({ ...record, button: record.button ?? { deviceID: 0, port: 0, type: 0 } })) })).toEqual([]);
    const swapped = lobby!.members.map((member) => ({ ...member, readerType: member.readerType === ApbReaderType.ENTRY ? ApbReaderType.EXIT : ApbReaderType.ENTRY }));
    expect(differing({ zones: [{ ...lobby!, members: swapped }] })).toEqual(['zone 40']);
    expect(differing({ zones: [{ ...lobby!, type: ApbZoneType.HARD }] })).toEqual(['zone 40']);
  });
});

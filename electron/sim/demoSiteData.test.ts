import { describe, expect, it } from 'vitest';
import { accessGroupSchema, accessLevelSchema, doorSchema, scheduleSchema, zoneSchema } from '../../shared/domain/access';
import { projectUser } from '../../shared/domain/deviceRecord';
import { recordHash } from '../core/sync/recordHash';
import type { DeviceUserRecord } from '../../shared/domain/deviceRecord';
import { cardKey, userProblems } from '../../shared/domain/user';
import type { UserInfo } from '../gsdk/messages';
import { demoDevices } from './demoSite';
import { DEMO_GROUPS, demoSiteData } from './demoSiteData';
import type { DemoSiteData, DemoSiteDevice } from './demoSiteData';
import { DEVICE_MODELS } from './models';

function fleet(count: number): DemoSiteDevice[] {
  return demoDevices(count).map((spec) => ({ deviceID: spec.deviceID ?? 0, name: spec.name ?? '', model: spec.model ?? 'BioStation 2' }));
}

/** Device ID → the IDs of the users whose access groups reach a door of that device. */
function routing(data: DemoSiteData): Map<number, Set<string>> {
  const levels = new Map(data.accessLevels.map((level) => [level.id, level]));
  const groups = new Map(data.accessGroups.map((group) => [group.id, group]));
  const doors = new Map(data.doors.map((door) => [door.id, door]));
  const routes = new Map<number, Set<string>>();
  for (const user of data.users) {
    for (const groupId of user.accessGroupIds) {
      for (const levelId of groups.get(groupId)?.levelIds ?? []) {
        for (const { doorId } of levels.get(levelId)?.doorSchedules ?? []) {
          const door = doors.get(doorId);
          for (const deviceId of door ? [door.entryDeviceId, door.exitDeviceId] : []) {
            if (deviceId === null) continue;
            const users = routes.get(deviceId) ?? new Set<string>();
            users.add(user.id);
            routes.set(deviceId, users);
          }
        }
      }
    }
  }
  return routes;
}

/** What a fleet device holds of a user, in the console's device-record shape. */
function deviceRecord(info: UserInfo): DeviceUserRecord {
  const base64 = (bytes: Buffer): string => bytes.toString('base64');
  return {
    id: info.hdr.ID,
    name: info.name,
    startTime: info.setting?.startTime ?? 0,
    endTime: info.setting?.endTime ?? 0,
    pin: base64(info.PIN),
    photo: base64(info.photo),
    cards: info.cards.map((card) => ({ type: card.type, data: base64(card.data) })),
    fingers: info.fingers.map((finger) => ({ index: finger.index, flag: finger.flag, templates: finger.templates.map(base64) })),
    faces: info.faces.map((face) => ({ index: face.index, flag: face.flag, templates: face.templates.map(base64) })),
    accessGroupIds: [...info.accessGroupIDs],
  };
}

describe('demoSiteData', () => {
  const devices = fleet(12);
  const data = demoSiteData(devices);

  it('has a few hundred valid users with unique cards, mostly with fingerprints, a few with faces', () => {
    expect(data.users).toHaveLength(300);
    for (const user of data.users) expect(userProblems(user), `user ${user.id}`).toEqual([]);
    const cards = data.users.flatMap((user) => user.cards.map(cardKey));
    expect(data.users.every((user) => user.cards.length === 1)).toBe(true);
    expect(new Set(cards).size).toBe(cards.length);
    expect(new Set(data.users.map((user) => user.id)).size).toBe(300);
    expect(new Set(data.users.map((user) => user.name)).size).toBe(300);

    const withFinger = data.users.filter((user) => user.fingers.length > 0);
    expect(withFinger.length).toBeGreaterThan(250);
    for (const user of withFinger) {
      expect(user.fingers[0]?.templates.map((template) => Buffer.from(template, 'base64').length)).toEqual([384, 384]);
    }
    const withFace = data.users.filter((user) => user.faces.length > 0).length;
    expect(withFace).toBeGreaterThan(5);
    expect(withFace).toBeLessThan(40);
    expect(data.users.every((user) => user.department !== '' && user.title !== '' && user.email.endsWith('@example.com'))).toBe(true);
  });

  it('has rules that pass the domain schemas and whose every reference resolves', () => {
    for (const schedule of data.schedules) expect(scheduleSchema.safeParse(schedule).success, schedule.name).toBe(true);
    for (const door of data.doors) expect(doorSchema.safeParse(door).success, door.name).toBe(true);
    for (const level of data.accessLevels) expect(accessLevelSchema.safeParse(level).success, level.name).toBe(true);
    for (const group of data.accessGroups) expect(accessGroupSchema.safeParse(group).success, group.name).toBe(true);
    for (const zone of data.zones) expect(zoneSchema.safeParse(zone).success, zone.name).toBe(true);

    const deviceIds = new Set(devices.map((device) => device.deviceID));
    const ids = (records: readonly { id: number }[]): Set<number> => new Set(records.map((record) => record.id));
    const [groups, levels, schedules, doors] = [ids(data.accessGroups), ids(data.accessLevels), ids(data.schedules), ids(data.doors)];
    const tables: (readonly { id: number }[])[] = [data.accessGroups, data.accessLevels, data.schedules, data.doors, data.zones];
    for (const table of tables) {
      expect(ids(table).size).toBe(table.length);
    }
    for (const user of data.users) expect(user.accessGroupIds.every((id) => groups.has(id)), user.id).toBe(true);
    for (const group of data.accessGroups) expect(group.levelIds.every((id) => levels.has(id)), group.name).toBe(true);
    for (const level of data.accessLevels) {
      for (const { doorId, scheduleId } of level.doorSchedules) {
        expect(doors.has(doorId) && schedules.has(scheduleId), level.name).toBe(true);
      }
    }
    for (const door of data.doors) {
      expect(deviceIds.has(door.entryDeviceId) && (door.exitDeviceId === null || deviceIds.has(door.exitDeviceId)), door.name).toBe(true);
    }
    for (const zone of data.zones) expect(zone.members.every((member) => deviceIds.has(member.deviceId)), zone.name).toBe(true);
  });

  it('names a sensible site: schedules, doors with exit readers, groups per role, a zone per two-reader door', () => {
    expect(data.schedules.map((schedule) => schedule.name)).toEqual(['Always', 'Office hours', 'Night shift', 'Weekend']);
    expect(data.schedules[0]?.id).toBe(1);
    expect(data.schedules[1]?.days.map((day) => day.length)).toEqual([0, 1, 1, 1, 1, 1, 0]);
    expect(data.accessGroups.map((group) => group.name)).toEqual(['Everyone', 'Office staff', 'Warehouse crew', 'IT', 'Security']);
    expect(data.accessLevels.map((level) => level.name)).toContain('Server room, always');

    const paired = data.doors.filter((door) => door.exitDeviceId !== null).map((door) => door.name);
    expect(paired).toEqual(['Main entrance', 'Warehouse']);
    expect(data.doors).toHaveLength(10);
    const deviceNamed = (name: string): number => devices.find((device) => device.name === name)?.deviceID ?? 0;
    expect(data.zones.map((zone) => [zone.name, zone.mode, zone.members])).toEqual([
      [
        'Main entrance anti-passback',
        'hard',
        [
          { deviceId: deviceNamed('Main entrance'), role: 'entry' },
          { deviceId: deviceNamed('Reception'), role: 'exit' },
        ],
      ],
      [
        'Warehouse anti-passback',
        'soft',
        [
          { deviceId: deviceNamed('Warehouse north'), role: 'entry' },
          { deviceId: deviceNamed('Warehouse south'), role: 'exit' },
        ],
      ],
    ]);
    // Every door has a contact; people leave a one-reader door by its button, except through a perimeter door's panic bar.
    expect(data.doors.every((door) => door.sensor?.deviceId === door.entryDeviceId && door.sensor.switchType === 'normally-closed')).toBe(true);
    const withoutButton = data.doors.filter((door) => door.exitButton === null).map((door) => door.name);
    expect(withoutButton).toEqual(['Main entrance', 'Warehouse', 'Roof access']);
    expect(data.doors.find((door) => door.name === 'Loading dock')).toMatchObject({ autoLockSeconds: 10, exitButton: { port: 1, switchType: 'normally-open' } });
    const security = data.users.filter((user) => user.accessGroupIds.includes(DEMO_GROUPS.security));
    expect(security.length).toBeGreaterThan(5);
    expect(security.every((user) => user.pinHash !== null)).toBe(true);
  });

  it('routes different users to different devices under "only devices belonging to the access group"', () => {
    const routes = routing(data);
    const count = (name: string): number => routes.get(devices.find((device) => device.name === name)?.deviceID ?? 0)?.size ?? 0;
    expect(count('Main entrance')).toBe(300);
    expect(count('Reception')).toBe(300);
    const security = data.users.filter((user) => user.accessGroupIds.includes(DEMO_GROUPS.security)).length;
    expect(count('Roof access')).toBe(security);
    expect(count('Server room')).toBeGreaterThan(security);
    expect(count('Server room')).toBeLessThan(count('Finance office'));
    expect(count('Loading dock')).toBeLessThan(300);
    const sets = [...routes.values()].map((users) => [...users].sort().join(','));
    expect(new Set(sets).size).toBeGreaterThanOrEqual(5);
    expect(routes.size).toBe(devices.length);
  });

  it('starts from the demo fleet’s own staff, so a fresh fleet holds exactly what the console seeds', () => {
    const byId = new Map(data.users.map((user) => [user.id, user]));
    for (const spec of demoDevices(12)) {
      const model = DEVICE_MODELS[spec.model ?? 'BioStation 2'];
      const capabilities = { cards: model.cards, fingerprints: model.fingerprints, faces: model.faces };
      for (const held of spec.users ?? []) {
        const master = byId.get(held.hdr.ID);
        expect(master, held.hdr.ID).toBeDefined();
        const projected = projectUser(master!, capabilities);
        expect(projected && recordHash(projected)).toBe(recordHash(deviceRecord(held)));
      }
    }
  });

  it('is deterministic and fits fleets of any size', () => {
    expect(demoSiteData(devices)).toEqual(data);
    const none = demoSiteData([]);
    expect(none.doors).toEqual([]);
    expect(none.zones).toEqual([]);
    expect(none.accessLevels.every((level) => accessLevelSchema.safeParse(level).success)).toBe(true);

    const odd = demoSiteData([
      { deviceID: 7, name: 'Gate A', model: 'XPass 2' },
      { deviceID: 8, name: 'Gate B', model: 'XPass 2' },
      { deviceID: 9, name: 'x'.repeat(64), model: 'BioStation 2' },
    ]);
    expect(odd.doors.map((door) => door.name.length)).toEqual([6, 6, 48]);
    // No door with an exit reader: no zone, as anti-passback needs a way in and a way out.
    expect(odd.zones).toEqual([]);

    const big = demoSiteData(fleet(200));
    for (const level of big.accessLevels) expect(accessLevelSchema.safeParse(level).success, level.name).toBe(true);
    expect(big.accessGroups.find((group) => group.id === DEMO_GROUPS.security)?.levelIds.length).toBe(2);
  });
});

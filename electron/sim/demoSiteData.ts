import { ALWAYS_SCHEDULE_ID, DEFAULT_ZONE_RESET_MINUTES, DOOR_TIMING } from '../../shared/domain/access';
import type { AccessGroup, AccessLevel, Door, DoorInput, Schedule, Zone } from '../../shared/domain/access';
import type { User } from '../../shared/domain/user';
import { demoPeople } from './demoPeople';
import type { DemoRole } from './demoPeople';

/*
 * The demo site the console seeds into its database at first start, for the fleet it finds:
 * schedules, a door per device (a couple of them with an exit reader), access levels per area,
 * access groups per role, a few hundred users spread over them, and an anti-passback zone around
 * each door with an exit reader.
 * Deterministic: the same devices give the same data set.
 *
 * Who may open which door follows where the door is (its entry device's name decides its area),
 * so under "only devices belonging to the access group" routing the devices get different users:
 * the entrances and canteen everyone, offices the office staff and IT, the warehouse its crew,
 * the server room IT, the roof only security (which may open every door).
 */

export interface DemoSiteDevice {
  deviceID: number;
  name: string;
  model: string;
}

export interface DemoSiteData {
  users: User[];
  accessGroups: AccessGroup[];
  accessLevels: AccessLevel[];
  schedules: Schedule[];
  doors: Door[];
  zones: Zone[];
}

/** Where a door is: what decides who may open it. */
export type DemoArea = 'common' | 'office' | 'warehouse' | 'it' | 'perimeter';

export const DEMO_SCHEDULES = { always: ALWAYS_SCHEDULE_ID, officeHours: 2, nightShift: 3, weekend: 4 } as const;
export const DEMO_GROUPS = { everyone: 1, officeStaff: 2, warehouseCrew: 3, it: 4, security: 5 } as const;

const NAME_MAX_CHARS = 48;
/** Domain limits: door schedules per level, members per zone. */
const MAX_DOORS_PER_LEVEL = 128;

/** The first pattern a device's name matches decides the area of its door. */
const AREA_BY_NAME: readonly [RegExp, DemoArea][] = [
  [/server|data hall/i, 'it'],
  [/warehouse|dock|workshop/i, 'warehouse'],
  [/entrance|reception|lobby|canteen|car park/i, 'common'],
  [/office|executive|laboratory|finance/i, 'office'],
  [/roof|fire exit/i, 'perimeter'],
];
/** For names no pattern knows, by position in the fleet. */
const AREA_ROTATION: readonly DemoArea[] = ['common', 'office', 'warehouse', 'it', 'office', 'warehouse', 'perimeter'];

/** Readers inside a door: the exit device of the entry device's door (which is then named `door`). */
const EXIT_READERS = [
  { entry: 'main entrance', exit: 'reception', door: 'Main entrance' },
  { entry: 'warehouse north', exit: 'warehouse south', door: 'Warehouse' },
] as const;

function clip(text: string, maxChars: number): string {
  return [...text].slice(0, maxChars).join('').trim();
}

function areaOf(device: DemoSiteDevice, position: number): DemoArea {
  const known = AREA_BY_NAME.find(([pattern]) => pattern.test(device.name));
  return known ? known[1] : (AREA_ROTATION[position % AREA_ROTATION.length] ?? 'common');
}

type Week = Schedule['days'];
const MON_FRI = [1, 2, 3, 4, 5];
const week = (spansOf: (day: number) => Week[number]): Week => Array.from({ length: 7 }, (_, day) => spansOf(day));

/** Minutes after midnight, Sunday first. */
export function demoSchedules(): Schedule[] {
  const always = { start: 0, end: 1440 };
  const evening = { start: 18 * 60, end: 1440 };
  const morning = { start: 0, end: 7 * 60 };
  return [
    { id: DEMO_SCHEDULES.always, name: 'Always', days: week(() => [always]) },
    {
      id: DEMO_SCHEDULES.officeHours,
      name: 'Office hours',
      days: week((day) => (MON_FRI.includes(day) ? [{ start: 7 * 60, end: 19 * 60 }] : [])),
    },
    {
      // Monday to Friday nights, 18:00 to 07:00 the next morning.
      id: DEMO_SCHEDULES.nightShift,
      name: 'Night shift',
      days: week((day) => [...(day >= 2 && day <= 6 ? [morning] : []), ...(MON_FRI.includes(day) ? [evening] : [])]),
    },
    {
      id: DEMO_SCHEDULES.weekend,
      name: 'Weekend',
      days: week((day) => (day === 0 || day === 6 ? [{ start: 8 * 60, end: 18 * 60 }] : [])),
    },
  ];
}

interface SiteDoor {
  door: Door;
  area: DemoArea;
}

/**
 * How a demo door is wired, all on its entry device: the lock on relay 0, a door contact on
 * input 0 (normally closed, so a cut wire reads as an open door), and a request-to-exit button on
 * input 1 (normally open) where people leave without a reader. A door with an exit reader needs
 * no button; a perimeter door (roof, fire exit) is left through its panic bar. Warehouse doors
 * stay unlocked and may stand open longer, for pallets and trolleys.
 */
function doorWiring(entryDeviceId: number, hasExitReader: boolean, area: DemoArea): Pick<Door, 'relayPort' | 'sensor' | 'exitButton' | 'autoLockSeconds' | 'heldOpenSeconds'> {
  const sensor: DoorInput = { deviceId: entryDeviceId, port: 0, switchType: 'normally-closed' };
  const exitButton: DoorInput | null = hasExitReader || area === 'perimeter' ? null : { deviceId: entryDeviceId, port: 1, switchType: 'normally-open' };
  const warehouse = area === 'warehouse';
  return {
    relayPort: 0,
    sensor,
    exitButton,
    autoLockSeconds: warehouse ? 10 : DOOR_TIMING.autoLockSeconds.default,
    heldOpenSeconds: warehouse ? 120 : DOOR_TIMING.heldOpenSeconds.default,
  };
}

/** A door per device, except the exit readers of EXIT_READERS, which join their entry's door. */
function siteDoors(devices: readonly DemoSiteDevice[]): SiteDoor[] {
  const byName = new Map(devices.map((device) => [device.name.toLowerCase(), device]));
  const pairs = new Map<number, { exitDeviceId: number; name: string }>();
  const exitReaders = new Set<number>();
  for (const pair of EXIT_READERS) {
    const entry = byName.get(pair.entry);
    const exit = byName.get(pair.exit);
    if (!entry || !exit || entry.deviceID === exit.deviceID) continue;
    pairs.set(entry.deviceID, { exitDeviceId: exit.deviceID, name: pair.door });
    exitReaders.add(exit.deviceID);
  }
  const doors: SiteDoor[] = [];
  devices.forEach((device, position) => {
    if (exitReaders.has(device.deviceID)) return;
    const pair = pairs.get(device.deviceID);
    const id = doors.length + 1;
    const area = areaOf(device, position);
    doors.push({
      area,
      door: {
        id,
        name: clip(pair?.name ?? device.name, NAME_MAX_CHARS) || `Door ${id}`,
        entryDeviceId: device.deviceID,
        exitDeviceId: pair?.exitDeviceId ?? null,
        ...doorWiring(device.deviceID, pair !== undefined, area),
      },
    });
  });
  return doors;
}

/** Builds access levels with IDs from 1, splitting a level whose doors exceed the domain's limit. */
class LevelBuilder {
  readonly levels: AccessLevel[] = [];

  /** The IDs of the level(s) that open `doors` during `scheduleId`; one (empty) level when there are none. */
  add(name: string, doors: readonly Door[], scheduleId: number): number[] {
    const ids: number[] = [];
    for (let start = 0; start === 0 || start < doors.length; start += MAX_DOORS_PER_LEVEL) {
      const id = this.levels.length + 1;
      const part = start === 0 ? name : `${name} (${start / MAX_DOORS_PER_LEVEL + 1})`;
      this.levels.push({
        id,
        name: clip(part, NAME_MAX_CHARS),
        doorSchedules: doors.slice(start, start + MAX_DOORS_PER_LEVEL).map((door) => ({ doorId: door.id, scheduleId })),
      });
      ids.push(id);
    }
    return ids;
  }
}

function accessRules(doors: readonly SiteDoor[]): { accessLevels: AccessLevel[]; accessGroups: AccessGroup[] } {
  const inArea = (area: DemoArea): Door[] => doors.filter((site) => site.area === area).map((site) => site.door);
  const levels = new LevelBuilder();
  const allDoors = levels.add('All doors, always', doors.map((site) => site.door), DEMO_SCHEDULES.always);
  const common = levels.add('Common areas, office hours', inArea('common'), DEMO_SCHEDULES.officeHours);
  const office = levels.add('Office doors, office hours', inArea('office'), DEMO_SCHEDULES.officeHours);
  const warehouseDay = levels.add('Warehouse, office hours', inArea('warehouse'), DEMO_SCHEDULES.officeHours);
  const warehouseNight = levels.add('Warehouse, night shift', inArea('warehouse'), DEMO_SCHEDULES.nightShift);
  const warehouseWeekend = levels.add('Warehouse, weekend', inArea('warehouse'), DEMO_SCHEDULES.weekend);
  const serverRoom = levels.add('Server room, always', inArea('it'), DEMO_SCHEDULES.always);
  const accessGroups: AccessGroup[] = [
    { id: DEMO_GROUPS.everyone, name: 'Everyone', levelIds: common },
    { id: DEMO_GROUPS.officeStaff, name: 'Office staff', levelIds: office },
    { id: DEMO_GROUPS.warehouseCrew, name: 'Warehouse crew', levelIds: [...warehouseDay, ...warehouseNight, ...warehouseWeekend] },
    { id: DEMO_GROUPS.it, name: 'IT', levelIds: [...serverRoom, ...office] },
    { id: DEMO_GROUPS.security, name: 'Security', levelIds: allDoors },
  ];
  return { accessLevels: levels.levels, accessGroups };
}

/** Everyone is in "Everyone"; each role adds its own group. */
function groupsFor(role: DemoRole): number[] {
  switch (role) {
    case 'facilities':
      return [DEMO_GROUPS.everyone];
    case 'office':
      return [DEMO_GROUPS.everyone, DEMO_GROUPS.officeStaff];
    case 'warehouse':
      return [DEMO_GROUPS.everyone, DEMO_GROUPS.warehouseCrew];
    case 'it':
      return [DEMO_GROUPS.everyone, DEMO_GROUPS.it];
    case 'security':
      return [DEMO_GROUPS.everyone, DEMO_GROUPS.security];
  }
}

/**
 * An anti-passback zone around each door with an exit reader (the doors with an inside and an
 * outside): in through the entry reader, out through the exit reader. Hard (refuse a second
 * entry) except in the warehouse, where it only logs: crews with trolleys hold doors for each other.
 */
function demoZones(doors: readonly SiteDoor[]): Zone[] {
  const zones: Zone[] = [];
  for (const { door, area } of doors) {
    if (door.exitDeviceId === null) continue;
    zones.push({
      id: zones.length + 1,
      name: `${clip(door.name, NAME_MAX_CHARS - ' anti-passback'.length)} anti-passback`,
      kind: 'anti-passback',
      mode: area === 'warehouse' ? 'soft' : 'hard',
      resetMinutes: DEFAULT_ZONE_RESET_MINUTES,
      members: [
        { deviceId: door.entryDeviceId, role: 'entry' },
        { deviceId: door.exitDeviceId, role: 'exit' },
      ],
    });
  }
  return zones;
}

export function demoSiteData(devices: readonly DemoSiteDevice[]): DemoSiteData {
  const doors = siteDoors(devices);
  const { accessLevels, accessGroups } = accessRules(doors);
  return {
    users: demoPeople(groupsFor),
    accessGroups,
    accessLevels,
    schedules: demoSchedules(),
    doors: doors.map((site) => site.door),
    zones: demoZones(doors),
  };
}

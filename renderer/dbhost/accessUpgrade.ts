import type { Transaction } from 'dexie';
import { z } from 'zod';
import { DOOR_TIMING, doorSchema, zoneSchema, type Door, type Zone, type ZoneMember } from '../../shared/domain/access';
import type { ConsoleEvent } from '../../shared/domain/consoleEvent';

/*
 * Database version 4: doors gained their sensor, exit button and timing, zones the reader role of
 * each member device, their mode and reset time. Converts what version 1 stored, keeping what the
 * devices were given: version 1 wrote doors without sensor or exit button and with the device's
 * default timing, and zones as hard anti-passback that never resets.
 *
 * Version 1 had no reader roles. A member that is the exit device of a door becomes an exit
 * reader, every other member an entry reader. A zone still without both (one device, or no door
 * telling its inside from its outside) cannot be a valid zone: it is removed, and a warning in the
 * event log names it, so the operator can create it again with its readers. Keeping it would make
 * every read of the zones table fail the domain check.
 */

const v1Door = z.object({ id: z.number(), name: z.string(), entryDeviceId: z.number(), exitDeviceId: z.number().nullable(), relayPort: z.number() });
const v1Zone = z.object({ id: z.number(), name: z.string(), deviceIds: z.array(z.number()) });

export async function upgradeAccessRecordsToV4(tx: Transaction, now: () => number = Date.now): Promise<void> {
  const doors = tx.table<unknown, number>('doors');
  const zones = tx.table<unknown, number>('zones');
  const removed: string[] = [];

  const keptDoors: Door[] = [];
  const exitDevices = new Set<number>();
  for (const stored of await doors.toArray()) {
    const door = doorFromV1(stored);
    if (door === null) removed.push(`door ${describe(stored)} was removed by the database upgrade: it could not be read`);
    else {
      keptDoors.push(door);
      if (door.exitDeviceId !== null) exitDevices.add(door.exitDeviceId);
    }
  }

  const keptZones: Zone[] = [];
  for (const stored of await zones.toArray()) {
    const zone = zoneFromV1(stored, exitDevices);
    if (typeof zone === 'string') removed.push(zone);
    else keptZones.push(zone);
  }

  await doors.clear();
  await doors.bulkAdd(keptDoors);
  await zones.clear();
  await zones.bulkAdd(keptZones);
  if (removed.length > 0) await tx.table<ConsoleEvent & { seq?: number }, number>('events').bulkAdd(removed.map((message) => upgradeEvent(now(), message)));
}

function doorFromV1(stored: unknown): Door | null {
  const v1 = v1Door.safeParse(stored);
  if (!v1.success) return null;
  const door = {
    ...v1.data,
    sensor: null,
    exitButton: null,
    autoLockSeconds: DOOR_TIMING.autoLockSeconds.default,
    heldOpenSeconds: DOOR_TIMING.heldOpenSeconds.default,
  };
  const parsed = doorSchema.safeParse(door);
  return parsed.success ? parsed.data : null;
}

/** The zone in version 4's shape, or why it was removed. */
function zoneFromV1(stored: unknown, exitDevices: ReadonlySet<number>): Zone | string {
  const v1 = v1Zone.safeParse(stored);
  if (!v1.success) return `zone ${describe(stored)} was removed by the database upgrade: it could not be read`;
  const { id, name, deviceIds } = v1.data;
  const members: ZoneMember[] = [...new Set(deviceIds)].map((deviceId) => ({ deviceId, role: exitDevices.has(deviceId) ? 'exit' : 'entry' }));
  const parsed = zoneSchema.safeParse({ id, name, kind: 'anti-passback', mode: 'hard', resetMinutes: 0, members });
  if (parsed.success) return parsed.data;
  return (
    `zone ${id} “${name.slice(0, 48)}” was removed by the database upgrade: an anti-passback zone now needs an entry and an exit reader, ` +
    `and the doors do not tell which of its devices (${deviceIds.join(', ')}) is which. Create it again under Access control → Zones.`
  );
}

function describe(stored: unknown): string {
  const id = typeof stored === 'object' && stored !== null && 'id' in stored ? stored.id : undefined;
  return typeof id === 'number' ? String(id) : '(without an ID)';
}

function upgradeEvent(time: number, message: string): ConsoleEvent {
  return { time, source: 'console', kind: 'database.upgraded', level: 'warning', message: message.slice(0, 500), deviceId: null, userId: null, deviceEventId: null };
}

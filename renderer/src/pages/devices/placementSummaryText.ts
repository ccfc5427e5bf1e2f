import type { DevicePlacement, PlacementDoor } from '../../../../shared/devices';
import { deviceText } from '../../../../shared/deviceText';
import type { SyncMode } from '../../../../shared/domain/syncMode';
import { syncModeShortLabels } from './placementText';

/*
 * Which mode placed users on a device and through which doors (DeviceSync.placement, worked out
 * at each check), in words: one short line per device row with the whole story in its tooltip,
 * and the longer form of the device panel.
 */

/** Doors named on a device row before "+N more"; the tooltip names them all. */
export const ROW_DOORS = 2;

/** Door names are stored text: cleaned and clipped like any other. */
const DOOR_NAME_CHARS = 48;

export function usersText(count: number): string {
  return `${count} ${count === 1 ? 'user' : 'users'}`;
}

/** "Main entrance (entry)", "Lab (exit)", "Hall (entry and exit)". */
export function doorText(door: Pick<PlacementDoor, 'name' | 'roles'>): string {
  const name = deviceText(door.name, DOOR_NAME_CHARS) || 'unnamed door';
  return `${name} (${door.roles.join(' and ')})`;
}

/** "Main entrance (entry): 40 users", one line per door, and what the list leaves out. */
export function doorLines(placement: Pick<DevicePlacement, 'doors' | 'moreDoors'>): string[] {
  const lines = placement.doors.map((door) => `${doorText(door)}: ${usersText(door.users)}`);
  if (placement.moreDoors > 0) lines.push(`${placement.moreDoors} more ${placement.moreDoors === 1 ? 'door' : 'doors'} with fewer users`);
  return lines;
}

function doorCount(placement: Pick<DevicePlacement, 'doors' | 'moreDoors'>): number {
  return placement.doors.length + placement.moreDoors;
}

/**
 * The device row's placement: a short line ("Specific devices · 42 users via Main entrance
 * (entry), Lab (exit) +3 more") and a tooltip with every door and its users.
 */
export function placementRowText(placement: DevicePlacement | null, shownDoors = ROW_DOORS): { text: string; title: string } {
  if (placement === null) return { text: 'Not worked out yet', title: 'Which users go to this device is worked out at its next check.' };
  const mode = syncModeShortLabels[placement.mode];
  const users = usersText(placement.users);
  switch (placement.mode) {
    case 'not-used':
      return {
        text: `${mode} · ${users} wanted, pushed only when you sync`,
        title: `${mode}: nothing is pushed automatically; every user goes to every device when you sync it (${users} wanted on this device).`,
      };
    case 'all':
    case 'all-with-device':
      return { text: `${mode} · all ${users}`, title: `${mode}: every user goes to every device (${users} wanted on this device).` };
    case 'specific': {
      const doors = doorCount(placement);
      if (doors === 0) {
        const none = `${mode} · no users: no access group reaches a door of this device`;
        return { text: none, title: none };
      }
      const named = placement.doors.slice(0, shownDoors).map(doorText).join(', ');
      const more = doors - Math.min(shownDoors, placement.doors.length);
      return {
        text: `${mode} · ${placement.users === 0 ? 'no users' : users} via ${named}${more > 0 ? ` +${more} more` : ''}`,
        title: [`${mode}: ${users} wanted on this device, through ${doors} ${doors === 1 ? 'door' : 'doors'}:`, ...doorLines(placement)].join('\n'),
      };
    }
  }
}

/**
 * The device panel's words after "Automatic sync: <mode>": how many users the mode wants here
 * and, in Specific devices, the doors that bring them. A placement worked out under another mode
 * than the one in force (a switch the device's check has not followed yet) is not shown as this
 * mode's.
 */
export function placementDetailText(placement: DevicePlacement | null, modeInForce: SyncMode | null): { summary: string; doors: string[] } {
  if (placement === null || (modeInForce !== null && placement.mode !== modeInForce)) {
    return { summary: 'the users wanted here are worked out at the device’s next check', doors: [] };
  }
  const users = usersText(placement.users);
  switch (placement.mode) {
    case 'not-used':
      return { summary: `${users} wanted here, pushed only when you sync`, doors: [] };
    case 'all':
    case 'all-with-device':
      return { summary: `all ${users} wanted here`, doors: [] };
    case 'specific': {
      const doors = doorCount(placement);
      if (doors === 0) return { summary: 'no users wanted here: no access group reaches a door of this device', doors: [] };
      return { summary: `${users} wanted here, through ${doors} ${doors === 1 ? 'door' : 'doors'}:`, doors: doorLines(placement) };
    }
  }
}

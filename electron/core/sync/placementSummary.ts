import { MAX_PLACEMENT_DOORS, type DevicePlacement } from '../../../shared/devices';
import type { SyncMode } from '../../../shared/domain/syncMode';
import type { DoorUsers } from './accessRouting';
import type { DesiredEntries } from './desiredIndex';
import type { UserRouting } from './userRouting';

/*
 * Which mode placed users on a device and through which doors, for the device list: worked out
 * at every check from what the check already has (the device's desired entries and the routing
 * that chose them), so it costs the check a few lookups per routed user and no read of users.
 */

/**
 * The placement shown for a device: `desired` is the device's desired entries under `routing`,
 * the routing of `mode` (taken together, so a mode switch mid-check cannot mix them).
 */
export async function placementSummary(mode: SyncMode, routing: UserRouting, gatewayId: string, deviceId: number, desired: DesiredEntries): Promise<DevicePlacement> {
  const doors = mode === 'specific' && routing.doorsToDevice ? await routing.doorsToDevice(gatewayId, deviceId, desired) : [];
  return { mode, users: desired.size, ...listedDoors(doors) };
}

/** Most users first (then by name); beyond the limit only counted. */
export function listedDoors(doors: readonly DoorUsers[]): Pick<DevicePlacement, 'doors' | 'moreDoors'> {
  const ordered = [...doors].sort((a, b) => b.users - a.users || a.doorName.localeCompare(b.doorName) || a.doorId - b.doorId);
  return {
    doors: ordered.slice(0, MAX_PLACEMENT_DOORS).map((door) => ({ doorId: door.doorId, name: door.doorName, roles: door.roles, users: door.users })),
    moreDoors: Math.max(0, ordered.length - MAX_PLACEMENT_DOORS),
  };
}

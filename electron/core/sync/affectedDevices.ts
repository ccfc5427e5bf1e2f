import type { SyncMode } from '../../../shared/domain/syncMode';
import { desiredAccess, type AccessTables } from './accessRecords';
import { groupsReachingDevice, type TouchedGroups } from './accessRouting';

/*
 * Which devices a master-data change affects (issue 4: "every write to master data produces the
 * set of affected devices, not all devices blindly"), so the automatic modes sync only those.
 */

/** A device the engine knows, by registry key and the device ID doors and zones name. */
export interface KnownDevice {
  key: string;
  deviceId: number;
}

/**
 * After a change of users: in the All-devices modes every device holds every user; in Specific
 * devices, the devices reached by a group the changed users were in before or are in now.
 */
export function devicesAffectedByUserChange(mode: SyncMode, devices: readonly KnownDevice[], touched: TouchedGroups, tables: AccessTables): string[] {
  if (mode !== 'specific' || touched === 'unknown') return devices.map((device) => device.key);
  if (touched.size === 0) return [];
  return devices
    .filter((device) => [...groupsReachingDevice(device.deviceId, tables)].some((groupId) => touched.has(groupId)))
    .map((device) => device.key);
}

/**
 * After a change of access groups, levels, schedules, doors or zones: the devices whose access
 * rules differ between the two versions of the tables. Those rules include the access groups
 * that reach the device, so in Specific devices this also covers every device whose routed users
 * change (a door moved, a level lost a door, a group lost a level). Without the earlier tables
 * (never read) every device is affected.
 */
export function devicesAffectedByAccessChange(devices: readonly KnownDevice[], before: AccessTables | null, after: AccessTables): string[] {
  if (!before) return devices.map((device) => device.key);
  return devices
    .filter((device) => JSON.stringify(desiredAccess(device.deviceId, before)) !== JSON.stringify(desiredAccess(device.deviceId, after)))
    .map((device) => device.key);
}

import { devicesStore } from '../stores/devicesStore';
import { useDeviceTableUi } from '../stores/deviceTableStore';
import { useUsersUi } from '../pages/users/usersUi';
import { routeHref } from './routes';

/*
 * Following a user ID or a device in an event (Monitoring) to where it is managed: the Users page
 * searched for and opened on that user, the Devices page with that device's detail panel.
 */

export function showUser(userId: string): void {
  useUsersUi.getState().showUser(userId);
  window.location.hash = routeHref('users');
}

/** The key of the device with this ID the console knows (on any gateway), if any. */
export function knownDeviceKey(deviceId: number): string | null {
  for (const device of devicesStore.getState().devices.values()) if (device.deviceID === deviceId) return device.key;
  return null;
}

/** Opens the device on the Devices page; false when the console does not know it (any more). */
export function showDevice(deviceId: number): boolean {
  const key = knownDeviceKey(deviceId);
  if (key === null) return false;
  const table = useDeviceTableUi.getState();
  // A filter typed earlier could hide the row the panel belongs to.
  table.setFilter('');
  table.select(key);
  window.location.hash = routeHref('devices');
  return true;
}

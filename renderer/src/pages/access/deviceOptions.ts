import type { DeviceView } from '../../../../shared/devices';
import { deviceText } from '../../../../shared/deviceText';

export interface DeviceOption {
  id: number;
  label: string;
}

/**
 * The devices the console knows, for door and zone pickers: one entry per device ID (the
 * access rules name devices by ID), labelled with its (untrusted, cleaned) name and ID.
 */
export function deviceOptions(devices: Iterable<DeviceView>): DeviceOption[] {
  const byId = new Map<number, DeviceOption>();
  for (const device of devices) {
    if (device.deviceID <= 0 || byId.has(device.deviceID)) continue;
    const name = deviceText(device.name);
    byId.set(device.deviceID, { id: device.deviceID, label: name === '' ? `Device ${device.deviceID}` : `${name} (${device.deviceID})` });
  }
  return [...byId.values()].sort((a, b) => a.label.localeCompare(b.label, undefined, { numeric: true }));
}

/** "Front door (541)" for a device ID, or "Device 541" when the console does not know it (now). */
export function deviceLabel(options: readonly DeviceOption[], id: number): string {
  return options.find((o) => o.id === id)?.label ?? `Device ${id}`;
}

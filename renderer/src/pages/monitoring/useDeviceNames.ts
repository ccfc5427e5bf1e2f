import { useMemo } from 'react';
import { deviceText } from '../../../../shared/deviceText';
import { useDevices } from '../../stores/devicesStore';

/** Device ID → the name the console shows, for every device it knows (on any gateway). */
export function useDeviceNames(): ReadonlyMap<number, string> {
  const devices = useDevices((s) => s.devices);
  return useMemo(() => {
    const names = new Map<number, string>();
    for (const device of devices.values()) {
      if (!names.has(device.deviceID)) names.set(device.deviceID, deviceText(device.name, 200));
    }
    return names;
  }, [devices]);
}

import type { DeviceCapabilities } from '../../../shared/domain/deviceRecord';
import type { DeviceCapability } from '../../gsdk';

/**
 * What the sync engine needs to know about a device model, read once per connection from
 * Device.GetCapability: which credentials it stores (the projection) and how many users fit.
 */
export interface DeviceProfile {
  capabilities: DeviceCapabilities;
  /** 0 when the device does not say. */
  maxUsers: number;
  /** Devices with equal keys hold equal records for every user, so one Multi call serves them all. */
  key: string;
}

export function profileFromCapability(capability: DeviceCapability): DeviceProfile {
  const capabilities: DeviceCapabilities = {
    cards: capability.cardInputSupported,
    fingerprints: capability.fingerprintInputSupported,
    faces: capability.faceInputSupported,
  };
  return { capabilities, maxUsers: Math.max(0, capability.maxUsers), key: capabilitiesKey(capabilities) };
}

export function capabilitiesKey(capabilities: DeviceCapabilities): string {
  const parts = [capabilities.cards && 'cards', capabilities.fingerprints && 'fingerprints', capabilities.faces && 'faces'].filter(Boolean);
  return parts.length === 0 ? 'id-only' : parts.join('+');
}

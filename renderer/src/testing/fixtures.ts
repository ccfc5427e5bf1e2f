import { UNKNOWN_SYNC, type DeviceView, type GatewayView } from '../../../shared/devices';

export function device(deviceID: number, overrides: Partial<DeviceView> = {}): DeviceView {
  const gatewayId = overrides.gatewayId ?? 'virtual';
  return {
    key: `${gatewayId}/${deviceID}`,
    gatewayId,
    deviceID,
    name: `Door ${deviceID}`,
    model: 'BioStation 3',
    ip: `192.168.0.${deviceID % 250}`,
    port: 51211,
    firmware: '1.2.0',
    userCount: 10,
    connection: 'connected',
    connectionDetail: null,
    since: 1_000,
    sync: UNKNOWN_SYNC,
    ...overrides,
  };
}

export function gateway(id: string, overrides: Partial<GatewayView> = {}): GatewayView {
  return {
    id,
    label: id === 'virtual' ? 'Virtual site' : id,
    address: '127.0.0.1:4000',
    kind: id === 'virtual' ? 'virtual' : 'remote',
    tls: true,
    state: 'connected',
    message: null,
    nextRetryAt: null,
    ...overrides,
  };
}

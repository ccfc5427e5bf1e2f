import { describe, expect, it } from 'vitest';
import type { DeviceDelta } from '../../shared/ipc/contract';
import { UNKNOWN_SYNC, type DeviceView } from '../../shared/devices';
import { DeviceRegistry } from './deviceRegistry';

function device(id: number, change: Partial<DeviceView> = {}): DeviceView {
  return {
    key: `gw/${id}`,
    gatewayId: 'gw',
    deviceID: id,
    name: `Door ${id}`,
    model: 'BioStation 2',
    ip: '192.168.10.2',
    port: 51211,
    firmware: '1.0',
    userCount: 3,
    connection: 'connected',
    connectionDetail: 'TLS',
    since: 1,
    sync: UNKNOWN_SYNC,
    ...change,
  };
}

function collect(registry: DeviceRegistry): DeviceDelta[] {
  const deltas: DeviceDelta[] = [];
  registry.onDelta((delta) => deltas.push(delta));
  return deltas;
}

describe('DeviceRegistry', () => {
  it('coalesces many changes into one delta holding the newest view of each device', () => {
    const registry = new DeviceRegistry(1_000);
    const deltas = collect(registry);
    registry.upsert(device(1));
    registry.upsert(device(2));
    registry.update('gw/1', (d) => ({ ...d, connection: 'disconnected' }));
    expect(deltas).toHaveLength(0);
    registry.flush();
    expect(deltas).toHaveLength(1);
    expect(deltas[0]?.upserted.map((d) => [d.deviceID, d.connection])).toEqual([
      [1, 'disconnected'],
      [2, 'connected'],
    ]);
  });

  it('announces nothing when a device is upserted unchanged', () => {
    const registry = new DeviceRegistry(1_000);
    const deltas = collect(registry);
    registry.upsert(device(1));
    registry.flush();
    registry.upsert(device(1));
    registry.flush();
    expect(deltas).toHaveLength(1);
  });

  it('reports a device added then removed within one window only as removed', () => {
    const registry = new DeviceRegistry(1_000);
    const deltas = collect(registry);
    registry.upsert(device(1));
    registry.remove('gw/1');
    registry.flush();
    expect(deltas).toEqual([{ upserted: [], removed: ['gw/1'] }]);
    expect(registry.list()).toEqual([]);
  });

  it('flushes by itself after the coalescing window', async () => {
    const registry = new DeviceRegistry(5);
    const deltas = collect(registry);
    registry.upsert(device(1));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(deltas).toHaveLength(1);
  });

  it('ignores updates for devices it does not know', () => {
    const registry = new DeviceRegistry(1_000);
    registry.update('gw/9', (d) => d);
    expect(registry.list()).toEqual([]);
  });
});

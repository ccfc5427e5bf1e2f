import type { ConnectionState, GatewayState, GatewayView } from '../../shared/devices';
import type { DeviceDelta } from '../../shared/ipc/contract';
import { consoleEvent, type EventWriter } from './sync/syncEvents';

interface KnownDevice {
  deviceId: number;
  name: string;
  connection: ConnectionState;
}

/**
 * The console's own events about its fleet, from what the registry and the gateway connections
 * already announce: a device connected or lost (with the reason the status stream or the lost
 * gateway gave), a device gone from its gateway, a gateway reached or not. Only changes are
 * logged: a device's sync progress moves its view many times a second, a gateway that keeps
 * failing in the same way between retries is logged once, and a device first seen disconnected
 * was never seen connected, so nothing was lost.
 */
export class ConnectionEvents {
  private readonly devices = new Map<string, KnownDevice>();
  /** Per gateway, the last state logged: 'connected' or the failure it was in. */
  private readonly gateways = new Map<string, GatewayState>();

  constructor(
    private readonly events: EventWriter,
    private readonly now: () => number = Date.now,
  ) {}

  onDevices(delta: DeviceDelta): void {
    const time = this.now();
    for (const device of delta.upserted) {
      const known = this.devices.get(device.key);
      this.devices.set(device.key, { deviceId: device.deviceID, name: device.name, connection: device.connection });
      const wasConnected = known?.connection === 'connected';
      const isConnected = device.connection === 'connected';
      if (wasConnected === isConnected) continue;
      if (isConnected) {
        const how = device.connectionDetail ? ` (${device.connectionDetail})` : '';
        this.events.add(consoleEvent(time, 'device.connected', 'info', `${device.name} connected${how}`, device.deviceID));
      } else if (known !== undefined) {
        const why = device.connectionDetail ?? (device.connection === 'cannot-connect' ? 'cannot connect' : 'the gateway reports it disconnected');
        this.events.add(consoleEvent(time, 'device.disconnected', 'warning', `${device.name} disconnected: ${why}`, device.deviceID));
      }
    }
    for (const key of delta.removed) {
      const known = this.devices.get(key);
      if (!known) continue;
      this.devices.delete(key);
      this.events.add(consoleEvent(time, 'device.removed', 'warning', `${known.name} is no longer listed by its gateway`, known.deviceId));
    }
  }

  onGateway(view: GatewayView): void {
    // 'connecting' is the way between two states, not one to report.
    if (view.state === 'connecting') return;
    const logged = this.gateways.get(view.id);
    if (logged === view.state) return;
    this.gateways.set(view.id, view.state);
    const name = `Gateway ${view.label} (${view.address})`;
    if (view.state === 'connected') {
      this.events.add(consoleEvent(this.now(), 'gateway.reachable', 'info', `${name} reachable`, null));
      return;
    }
    const what = view.state === 'untrusted' ? 'presents a certificate the console does not trust' : view.state === 'failed' ? 'failed' : 'unreachable';
    this.events.add(consoleEvent(this.now(), 'gateway.unreachable', 'error', `${name} ${what}${view.message ? `: ${view.message}` : ''}`, null));
  }
}

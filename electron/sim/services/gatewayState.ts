import type { EventLog, StatusChange } from '../../gsdk/messages';
import type { SimDevice } from '../simDevice';

/**
 * How the gateway drops its realtime streams (VirtualGateway.cutRealtimeStreams): `end` closes
 * each with status OK, `fail` with UNAVAILABLE, as a gateway that resets its subscribers does.
 */
export type RealtimeCut = 'end' | 'fail';

/** What the gRPC services need of the virtual gateway (kept narrow so they can be read alone). */
export interface GatewayState {
  /** Every simulated device, whether the gateway holds a connection to it or not. */
  devices(): SimDevice[];
  device(deviceID: number): SimDevice | undefined;
  /** A gsdk.connect.Status value. */
  statusOf(device: SimDevice): number;
  /** Whether the gateway's devices are reached over TLS (what DeviceInfo.useSSL reports). */
  readonly usesTls: boolean;
  /** Calls `listener` on every status change until the returned function is called. */
  onStatusChange(listener: (change: StatusChange) => void): () => void;
  /** Calls `listener` with every event of a device that has monitoring enabled. */
  onRealtimeEvent(listener: (event: EventLog) => void): () => void;
  /** Calls `cut` when the gateway drops every realtime stream, until the returned function is called. */
  onRealtimeCut(cut: (how: RealtimeCut) => void): () => void;
  /** A subscriber's full queue discarded this event (counted for GET /stats). */
  realtimeDiscarded(event: EventLog): void;
}

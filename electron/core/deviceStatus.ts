import type { ConnectionState } from '../../shared/devices';
import { DeviceStatus, EventCode } from '../gsdk/messages';

export interface DeviceConnection {
  connection: ConnectionState;
  detail: string | null;
}

/** Translates a gateway's status code into what the operator reads. Unknown codes are shown by number. */
export function connectionFromStatus(status: number): DeviceConnection {
  switch (status) {
    case DeviceStatus.TLS_CONNECTED:
      return { connection: 'connected', detail: 'TLS' };
    case DeviceStatus.TCP_CONNECTED:
      return { connection: 'connected', detail: 'TCP' };
    case DeviceStatus.DISCONNECTED:
      return { connection: 'disconnected', detail: null };
    case DeviceStatus.TCP_CANNOT_CONNECT:
      return { connection: 'cannot-connect', detail: 'TCP connection failed' };
    case DeviceStatus.TCP_NOT_ALLOWED:
      return { connection: 'cannot-connect', detail: 'TCP connection not allowed' };
    case DeviceStatus.TLS_CANNOT_CONNECT:
      return { connection: 'cannot-connect', detail: 'TLS connection failed' };
    case DeviceStatus.TLS_NOT_ALLOWED:
      return { connection: 'cannot-connect', detail: 'TLS connection not allowed' };
    default:
      return { connection: 'disconnected', detail: `status 0x${status.toString(16)}` };
  }
}

const USER_TABLE_CHANGES: ReadonlySet<number> = new Set([
  EventCode.USER_ENROLL_SUCCESS,
  EventCode.USER_UPDATE_SUCCESS,
  EventCode.USER_DELETE_SUCCESS,
  EventCode.USER_DELETE_ALL_SUCCESS,
]);

/** After these events the device's user count may have moved. */
export function changesUserTable(eventCode: number): boolean {
  return USER_TABLE_CHANGES.has(eventCode);
}

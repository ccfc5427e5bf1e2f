import type { ConnectionState } from '../../shared/devices';

/** G-SDK `connect.Status` values (GSDK.md). */
export const GSDK_STATUS = {
  DISCONNECTED: 0x00,
  TCP_CONNECTED: 0x01,
  TLS_CONNECTED: 0x02,
  TCP_CANNOT_CONNECT: 0x100,
  TCP_NOT_ALLOWED: 0x101,
  TLS_CANNOT_CONNECT: 0x200,
  TLS_NOT_ALLOWED: 0x201,
} as const;

export interface DeviceConnection {
  connection: ConnectionState;
  detail: string | null;
}

/** Translates a gateway's status code into what the operator reads. Unknown codes are shown by number. */
export function connectionFromStatus(status: number): DeviceConnection {
  switch (status) {
    case GSDK_STATUS.TLS_CONNECTED:
      return { connection: 'connected', detail: 'TLS' };
    case GSDK_STATUS.TCP_CONNECTED:
      return { connection: 'connected', detail: 'TCP' };
    case GSDK_STATUS.DISCONNECTED:
      return { connection: 'disconnected', detail: null };
    case GSDK_STATUS.TCP_CANNOT_CONNECT:
      return { connection: 'cannot-connect', detail: 'TCP connection failed' };
    case GSDK_STATUS.TCP_NOT_ALLOWED:
      return { connection: 'cannot-connect', detail: 'TCP connection not allowed' };
    case GSDK_STATUS.TLS_CANNOT_CONNECT:
      return { connection: 'cannot-connect', detail: 'TLS connection failed' };
    case GSDK_STATUS.TLS_NOT_ALLOWED:
      return { connection: 'cannot-connect', detail: 'TLS connection not allowed' };
    default:
      return { connection: 'disconnected', detail: `status 0x${status.toString(16)}` };
  }
}

/** User enrol/update/delete event codes (0x2000..0x26FF): the device's user count may have moved. */
export function changesUserTable(eventCode: number): boolean {
  return eventCode >= 0x2000 && eventCode < 0x2700;
}

/** The G-SDK gateway client: what the rest of the console imports from electron/gsdk. */
export { GatewayClient } from './client';
export type { GatewayClientOptions, GatewayEndpoint } from './client';
export type { AccessApi, DoorApi, ScheduleApi, ZoneApi } from './accessApis';
export { GatewayError, deviceErrorText } from './gatewayError';
export type { DeviceError, GatewayFailureKind } from './gatewayError';
export type { GatewayStream } from './gatewayStream';
export {
  decodeMultiErrorStatus,
  encodeMultiErrorStatus,
  LEGACY_MULTI_ERROR_TYPE_URL,
  MULTI_ERROR_TYPE_URL,
  STATUS_DETAILS_TRAILER,
} from './multiError';
export { loadGsdkProtos, PROTO_DIR, PROTO_FILES, SERVICE_NAMES } from './loadProtos';
export type { GsdkProtos, GsdkServiceKey } from './loadProtos';
export * from './messages';

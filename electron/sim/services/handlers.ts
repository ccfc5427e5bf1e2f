import { Metadata, status as GrpcStatus } from '@grpc/grpc-js';
import type { handleUnaryCall, sendUnaryData, ServerErrorResponse, ServerUnaryCall } from '@grpc/grpc-js';
import type { EmptyResponse, ErrorResponse } from '../../gsdk/messages';
import { encodeMultiErrorStatus, STATUS_DETAILS_TRAILER } from '../../gsdk/multiError';
import { deviceNotFound, MultiDeviceFailure, SimError } from '../simError';
import type { SimDevice } from '../simDevice';
import type { GatewayState } from './gatewayState';

/** A unary handler from a plain (async) function; a thrown SimError becomes its gRPC status. */
export function unary<Request, Response>(
  handle: (request: Request) => Response | Promise<Response>,
): handleUnaryCall<Request, Response> {
  return (call: ServerUnaryCall<Request, Response>, callback: sendUnaryData<Response>) => {
    Promise.resolve()
      .then(() => handle(call.request))
      .then(
        (response) => callback(null, response),
        (error: unknown) => callback(toServiceError(error)),
      );
  };
}

export function toServiceError(error: unknown): ServerErrorResponse {
  if (error instanceof MultiDeviceFailure) {
    const metadata = new Metadata();
    metadata.set(STATUS_DETAILS_TRAILER, encodeMultiErrorStatus(error.code, error.message, error.deviceErrors));
    return Object.assign(new Error(error.message), { code: error.code, details: error.message, metadata });
  }
  if (error instanceof SimError) return Object.assign(new Error(error.message), { code: error.code, details: error.message });
  const message = `virtual gateway failure: ${error instanceof Error ? error.message : String(error)}`;
  return Object.assign(new Error(message), { code: GrpcStatus.INTERNAL, details: message });
}

/** The device a gRPC call names: NOT_FOUND when there is no such device at all. */
export function knownDevice(state: GatewayState, deviceID: number): SimDevice {
  const device = state.device(deviceID);
  if (!device) throw deviceNotFound(deviceID);
  return device;
}

/** The device a gRPC call names, which must also be connected: UNAVAILABLE when its network is
 * down or the gateway holds no connection to it. */
export function connectedDevice(state: GatewayState, deviceID: number): SimDevice {
  const device = knownDevice(state, deviceID);
  device.assertConnected();
  return device;
}

/**
 * Runs `action` on every listed device in parallel. When some fail the others still apply it,
 * and the call fails with a MultiDeviceFailure naming each failed device.
 */
export async function onEveryDevice(
  state: GatewayState,
  deviceIDs: readonly number[],
  action: (device: SimDevice) => unknown,
): Promise<void> {
  const unique = [...new Set(deviceIDs)];
  const results = await Promise.allSettled(
    unique.map(async (deviceID) => {
      await action(connectedDevice(state, deviceID));
    }),
  );
  const deviceErrors: ErrorResponse[] = [];
  results.forEach((result, index) => {
    if (result.status === 'fulfilled') return;
    const deviceID = unique[index] ?? 0;
    const reason: unknown = result.reason;
    deviceErrors.push(
      reason instanceof SimError
        ? { deviceID, code: reason.code, msg: reason.message }
        : { deviceID, code: GrpcStatus.INTERNAL, msg: reason instanceof Error ? reason.message : String(reason) },
    );
  });
  if (deviceErrors.length > 0) throw new MultiDeviceFailure(deviceErrors, unique.length);
}

/** A write through one device's write queue (latency, fault switch), answered with the empty response. */
export async function writeTo(
  state: GatewayState,
  deviceID: number,
  write: (device: SimDevice) => unknown,
): Promise<EmptyResponse> {
  const device = connectedDevice(state, deviceID);
  await device.gatewayWrite(() => write(device));
  return {};
}

/** The same write on every listed device, as a ...Multi call makes it (see onEveryDevice). */
export async function writeToEvery(
  state: GatewayState,
  deviceIDs: readonly number[],
  write: (device: SimDevice) => unknown,
): Promise<EmptyResponse> {
  await onEveryDevice(state, deviceIDs, (device) => device.gatewayWrite(() => write(device)));
  return {};
}

import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ErrorResponse } from '../gsdk/messages';

/**
 * A refusal by the virtual gateway or one of its devices, with the gRPC status a real gateway
 * would answer with. The gRPC services send it as that status; the control API maps it to HTTP.
 */
export class SimError extends Error {
  override readonly name = 'SimError';

  constructor(
    readonly code: GrpcStatus,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A ...Multi call in which some devices failed (the others still applied it). Sent with status
 * MULTI_FAILURE_STATUS and a MultiErrorResponse in grpc-status-details-bin.
 */
export class MultiDeviceFailure extends SimError {
  constructor(
    readonly deviceErrors: ErrorResponse[],
    deviceCount: number,
  ) {
    super(MULTI_FAILURE_STATUS, `${deviceErrors.length} of ${deviceCount} devices failed`);
  }
}

/**
 * The status of a ...Multi call that failed on some devices. GSDK.md leaves it open; INTERNAL is
 * our choice. Callers must read the per-device errors, not this code.
 */
export const MULTI_FAILURE_STATUS = GrpcStatus.INTERNAL;

export const deviceNotFound = (deviceID: number): SimError =>
  new SimError(GrpcStatus.NOT_FOUND, `device ${deviceID} is not known to the gateway`);

export const deviceNotConnected = (deviceID: number): SimError =>
  new SimError(GrpcStatus.UNAVAILABLE, `device ${deviceID} is not connected`);

export const invalidArgument = (message: string): SimError => new SimError(GrpcStatus.INVALID_ARGUMENT, message);

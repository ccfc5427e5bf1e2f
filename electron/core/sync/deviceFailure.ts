import { status as GrpcStatus } from '@grpc/grpc-js';
import { deviceText } from '../../../shared/deviceText';
import { GatewayError, type GatewayClient, type UserInfo } from '../../gsdk';

/**
 * Why a device did not take a write, sorted by what the engine does about it:
 * - full: the device has no room (RESOURCE_EXHAUSTED): error state, no automatic retry;
 * - refused: the device refused a record (INVALID_ARGUMENT; FAILED_PRECONDITION for an access
 *   rule naming one it does not hold): a refused user is isolated and reported, the rest is
 *   written; a refused access rule stands as the device's error;
 * - unreachable: the device or the gateway went away: resumes from the journal when it is back;
 * - transient: anything else (a fault, a timeout): bounded retries with backoff.
 */
export type DeviceFailureKind = 'full' | 'refused' | 'unreachable' | 'transient';

export interface DeviceFailure {
  kind: DeviceFailureKind;
  /** Fit to show and log: the device's words, cleaned, never any record content. */
  message: string;
}

/** Devices that failed, by device ID; a device not listed confirmed the call. */
export type DeviceFailures = Map<number, DeviceFailure>;

export function failureKind(code: number): DeviceFailureKind {
  switch (code) {
    case GrpcStatus.RESOURCE_EXHAUSTED:
      return 'full';
    case GrpcStatus.INVALID_ARGUMENT:
    case GrpcStatus.FAILED_PRECONDITION:
      return 'refused';
    case GrpcStatus.UNAVAILABLE:
    case GrpcStatus.NOT_FOUND:
    case GrpcStatus.CANCELLED:
      return 'unreachable';
    default:
      return 'transient';
  }
}

const MESSAGE_CHARS = 300;

/**
 * Per-device outcome of a ...Multi call. A failed call that names its failed devices
 * (MultiErrorResponse) confirms the others; one that names none (the gateway was lost, the call
 * timed out) confirms nobody: what it may have written is written again, which overwrite makes
 * harmless.
 */
export function failuresOf(error: unknown, deviceIds: readonly number[]): DeviceFailures {
  const failures: DeviceFailures = new Map();
  if (error instanceof GatewayError && error.deviceErrors.length > 0) {
    for (const deviceError of error.deviceErrors) {
      if (!deviceIds.includes(deviceError.deviceID)) continue;
      failures.set(deviceError.deviceID, {
        kind: failureKind(deviceError.code),
        message: deviceText(deviceError.msg || `error ${deviceError.code}`, MESSAGE_CHARS),
      });
    }
    if (failures.size > 0) return failures;
  }
  const failure: DeviceFailure =
    error instanceof GatewayError
      ? { kind: kindOf(error), message: deviceText(error.message, MESSAGE_CHARS) }
      : { kind: 'transient', message: deviceText(error instanceof Error ? error.message : String(error), MESSAGE_CHARS) };
  for (const deviceId of deviceIds) failures.set(deviceId, failure);
  return failures;
}

/**
 * The gateway's failure for the whole call. An answer that does not decode or is over the size
 * limit (kind 'protocol') says nothing about the device: retried, never taken for a full device
 * (RESOURCE_EXHAUSTED is both).
 */
function kindOf(error: GatewayError): DeviceFailureKind {
  if (error.kind === 'unreachable') return 'unreachable';
  if (error.kind === 'protocol') return 'transient';
  return failureKind(error.code);
}

/**
 * EnrollMulti with overwrite; resolves with the devices that failed (none: all confirmed).
 * `queuedUsers`: the users of calls still in flight ahead of this one (see enrollMulti).
 */
export async function enrollOnDevices(client: GatewayClient, deviceIds: readonly number[], users: UserInfo[], queuedUsers = 0): Promise<DeviceFailures> {
  try {
    await client.user.enrollMulti([...deviceIds], users, true, queuedUsers);
    return new Map();
  } catch (error) {
    return failuresOf(error, deviceIds);
  }
}

/** DeleteMulti; an ID a device does not hold is not an error. */
export async function deleteOnDevices(client: GatewayClient, deviceIds: readonly number[], userIds: string[]): Promise<DeviceFailures> {
  try {
    await client.user.deleteMulti([...deviceIds], userIds);
    return new Map();
  } catch (error) {
    return failuresOf(error, deviceIds);
  }
}

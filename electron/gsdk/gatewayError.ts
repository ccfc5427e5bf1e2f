import { status as GrpcStatus } from '@grpc/grpc-js';
import type { ErrorResponse } from './messages';
import { decodeMultiErrorStatus, STATUS_DETAILS_TRAILER } from './multiError';

export type DeviceError = ErrorResponse;

/**
 * What kind of trouble it is, for callers that act on it (show a state, decide to reconnect)
 * without reading messages: the gateway cannot be reached; its certificate is not trusted; it
 * speaks something other than what we expect (plain TCP vs TLS, undecodable answers); or it
 * answered the call with an error of its own.
 */
export type GatewayFailureKind = 'unreachable' | 'untrusted' | 'protocol' | 'refused';

export interface GatewayErrorInit {
  /** A gRPC status code. */
  code: number;
  /** Default: 'refused' (the gateway answered with an error). */
  kind?: GatewayFailureKind;
  /** What the gateway (or the gRPC stack) said, verbatim. */
  details?: string;
  deviceErrors?: DeviceError[];
}

/** Every failure of a GatewayClient call: one type, a message fit to show, the raw facts beside it. */
export class GatewayError extends Error {
  override readonly name = 'GatewayError';
  readonly code: number;
  readonly kind: GatewayFailureKind;
  readonly details: string;
  readonly deviceErrors: DeviceError[];

  constructor(message: string, init: GatewayErrorInit) {
    super(message);
    this.code = init.code;
    this.kind = init.kind ?? 'refused';
    this.details = init.details ?? message;
    this.deviceErrors = init.deviceErrors ?? [];
  }
}

/** The shape of a grpc-js ServiceError that this module reads. */
interface CallFailure {
  code?: unknown;
  details?: unknown;
  message?: unknown;
  metadata?: { get(key: string): unknown[] };
}

const CERTIFICATE_PROBLEM = /certificate|self[- ]signed|unable to verify|CERT_|altname/i;
/** Texts grpc-js and Node put in the details when no HTTP/2 session reached the gateway. */
const TRANSPORT_PROBLEM =
  /No connection established|ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ECONNRESET|EPIPE|Connection dropped|connection closed|GOAWAY|Failed to connect|socket hang up|resolution failed|TLS|SSL|handshake/i;

export interface CallContext {
  /** host:port, for messages. */
  gateway: string;
  /** e.g. "User.EnrollMulti". */
  call: string;
  timeoutMs?: number;
}

/** Turns whatever a grpc-js call failed with into a GatewayError with a message an operator can act on. */
export function toGatewayError(error: unknown, context: CallContext): GatewayError {
  if (error instanceof GatewayError) return error;
  const failure: CallFailure = typeof error === 'object' && error !== null ? error : {};
  const code = typeof failure.code === 'number' ? failure.code : GrpcStatus.UNKNOWN;
  const details =
    typeof failure.details === 'string'
      ? failure.details
      : typeof failure.message === 'string'
        ? failure.message
        : String(error);
  const deviceErrors = readDeviceErrors(failure);
  return new GatewayError(describe(code, details, deviceErrors, context), {
    code,
    kind: failureKind(code, details),
    details,
    deviceErrors,
  });
}

function failureKind(code: number, details: string): GatewayFailureKind {
  if (code === GrpcStatus.UNAVAILABLE && CERTIFICATE_PROBLEM.test(details)) return 'untrusted';
  if (code === GrpcStatus.UNAVAILABLE && TRANSPORT_PROBLEM.test(details)) return 'unreachable';
  if (code === GrpcStatus.DEADLINE_EXCEEDED) return 'unreachable';
  if (isUndecodable(code, details) || isOversized(code, details)) return 'protocol';
  // An HTTP/2 stream reset for a protocol error ("Received RST_STREAM with code 1 (Protocol error)").
  if (code === GrpcStatus.INTERNAL && /protocol error/i.test(details)) return 'protocol';
  return 'refused';
}

/** grpc-js reports an answer it cannot decode as INTERNAL "Response message parsing error: ...". */
function isUndecodable(code: number, details: string): boolean {
  return code === GrpcStatus.INTERNAL && /\bpars(e|ing)\b|deserializ|decode/i.test(details);
}

/**
 * A message over a gRPC size limit is RESOURCE_EXHAUSTED, as a full device is: told apart by
 * grpc-js's words ("Received message larger than max (N vs M)" on our side, "Sent ..." on the
 * gateway's), so that an answer too large is never taken for a device with no room.
 */
function isOversized(code: number, details: string): boolean {
  return code === GrpcStatus.RESOURCE_EXHAUSTED && /message larger than max/i.test(details);
}

function describe(code: number, details: string, deviceErrors: DeviceError[], context: CallContext): string {
  switch (code) {
    case GrpcStatus.UNAVAILABLE:
      if (CERTIFICATE_PROBLEM.test(details)) return `gateway ${context.gateway} certificate is not trusted (${details})`;
      if (TRANSPORT_PROBLEM.test(details)) return `gateway ${context.gateway} is unreachable (${details})`;
      break;
    case GrpcStatus.DEADLINE_EXCEEDED:
      return context.timeoutMs === undefined
        ? `gateway ${context.gateway} did not answer ${context.call} in time`
        : `gateway ${context.gateway} did not answer ${context.call} within ${context.timeoutMs} ms`;
    case GrpcStatus.CANCELLED:
      return `${context.call} was cancelled`;
    case GrpcStatus.RESOURCE_EXHAUSTED:
      if (isOversized(code, details)) return `gateway ${context.gateway}: the ${context.call} message is larger than gRPC allows (${details})`;
      break;
    case GrpcStatus.INTERNAL:
      if (isUndecodable(code, details)) return `gateway ${context.gateway} answered ${context.call} with a message that does not decode (${details})`;
      break;
  }
  if (deviceErrors.length === 0) return details;
  const perDevice = deviceErrors.map(deviceErrorText).join('; ');
  return `${details} (${perDevice})`;
}

/** "device 7: <msg>", without saying the device twice when the message already names it. */
export function deviceErrorText(error: DeviceError): string {
  const prefix = `device ${error.deviceID}`;
  return error.msg.startsWith(prefix) ? error.msg : `${prefix}: ${error.msg || `error ${error.code}`}`;
}

function readDeviceErrors(failure: CallFailure): DeviceError[] {
  const values = failure.metadata?.get(STATUS_DETAILS_TRAILER) ?? [];
  const errors: DeviceError[] = [];
  for (const value of values) {
    if (value instanceof Uint8Array) errors.push(...decodeMultiErrorStatus(value));
  }
  return errors;
}

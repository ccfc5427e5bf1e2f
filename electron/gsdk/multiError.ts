import type { ErrorResponse } from './messages';
import { ProtoReader, ProtoWriter } from './wire';

/** The trailer in which gRPC carries a google.rpc.Status with error details. */
export const STATUS_DETAILS_TRAILER = 'grpc-status-details-bin';
export const MULTI_ERROR_TYPE_URL = 'type.googleapis.com/gsdk.err.MultiErrorResponse';
/** Gateways before 1.5 used packages without the `gsdk.` prefix. */
export const LEGACY_MULTI_ERROR_TYPE_URL = 'type.googleapis.com/err.MultiErrorResponse';

const MULTI_ERROR_TYPE_NAMES = new Set(['gsdk.err.MultiErrorResponse', 'err.MultiErrorResponse']);

/**
 * google.rpc.Status { code, message, details: [Any { type_url, value: MultiErrorResponse }] },
 * ready to go into the STATUS_DETAILS_TRAILER of a failed ...Multi call.
 */
export function encodeMultiErrorStatus(
  code: number,
  message: string,
  deviceErrors: readonly ErrorResponse[],
  typeUrl: string = MULTI_ERROR_TYPE_URL,
): Buffer {
  const multiError = new ProtoWriter();
  for (const error of deviceErrors) {
    const entry = new ProtoWriter().uint32(1, error.deviceID).int32(2, error.code).string(3, error.msg);
    multiError.bytes(1, entry.finish());
  }
  const any = new ProtoWriter().string(1, typeUrl).bytes(2, multiError.finish());
  return new ProtoWriter().int32(1, code).string(2, message).bytes(3, any.finish()).finish();
}

/**
 * The per-device errors in a google.rpc.Status, or [] when it holds none, names another detail
 * type, or is not a valid Status at all (a trailer is the peer's input; it never throws).
 */
export function decodeMultiErrorStatus(statusBytes: Uint8Array): ErrorResponse[] {
  try {
    const errors: ErrorResponse[] = [];
    for (const any of fieldsOf(statusBytes, 3)) {
      const { typeUrl, value } = decodeAny(any);
      if (!MULTI_ERROR_TYPE_NAMES.has(typeName(typeUrl))) continue;
      for (const entry of fieldsOf(value, 1)) errors.push(decodeErrorResponse(entry));
    }
    return errors;
  } catch {
    return [];
  }
}

/** The part after the last '/', as Any type URLs may carry any host prefix. */
function typeName(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
}

/** Every length-delimited value of `field`; other fields are skipped. */
function fieldsOf(message: Uint8Array, field: number): Uint8Array[] {
  const reader = new ProtoReader(message);
  const values: Uint8Array[] = [];
  while (!reader.done()) {
    const tag = reader.tag();
    if (tag.field === field && tag.wireType === 2) values.push(reader.bytes());
    else reader.skip(tag.wireType);
  }
  return values;
}

function decodeAny(bytes: Uint8Array): { typeUrl: string; value: Uint8Array } {
  const reader = new ProtoReader(bytes);
  let typeUrl = '';
  let value: Uint8Array = new Uint8Array(0);
  while (!reader.done()) {
    const tag = reader.tag();
    if (tag.field === 1 && tag.wireType === 2) typeUrl = reader.string();
    else if (tag.field === 2 && tag.wireType === 2) value = reader.bytes();
    else reader.skip(tag.wireType);
  }
  return { typeUrl, value };
}

function decodeErrorResponse(bytes: Uint8Array): ErrorResponse {
  const reader = new ProtoReader(bytes);
  const error: ErrorResponse = { deviceID: 0, code: 0, msg: '' };
  while (!reader.done()) {
    const tag = reader.tag();
    if (tag.field === 1 && tag.wireType === 0) error.deviceID = reader.uint32();
    else if (tag.field === 2 && tag.wireType === 0) error.code = reader.int32();
    else if (tag.field === 3 && tag.wireType === 2) error.msg = reader.string();
    else reader.skip(tag.wireType);
  }
  return error;
}

import { describe, expect, it } from 'vitest';
import { decodeMultiErrorStatus, encodeMultiErrorStatus, LEGACY_MULTI_ERROR_TYPE_URL } from './multiError';
import { ProtoReader } from './wire';

const deviceErrors = [
  { deviceID: 541531029, code: 14, msg: 'device 541531029 is not connected' },
  { deviceID: 4294967295, code: -302, msg: 'négatif: card already used' },
  { deviceID: 7, code: 0, msg: '' },
];

describe('MultiErrorResponse in google.rpc.Status', () => {
  it('round-trips the per-device errors, negative codes and non-ASCII text included', () => {
    const bytes = encodeMultiErrorStatus(13, '2 of 3 devices failed', deviceErrors);
    expect(decodeMultiErrorStatus(bytes)).toEqual(deviceErrors);
  });

  it('writes code and message as google.rpc.Status fields 1 and 2', () => {
    const reader = new ProtoReader(encodeMultiErrorStatus(13, 'failed', []));
    expect(reader.tag()).toEqual({ field: 1, wireType: 0 });
    expect(reader.int32()).toBe(13);
    expect(reader.tag()).toEqual({ field: 2, wireType: 2 });
    expect(reader.string()).toBe('failed');
  });

  it('accepts the type name of gateways before 1.5', () => {
    const bytes = encodeMultiErrorStatus(2, 'failed', deviceErrors, LEGACY_MULTI_ERROR_TYPE_URL);
    expect(decodeMultiErrorStatus(bytes)).toEqual(deviceErrors);
  });

  it('ignores details of other types', () => {
    const bytes = encodeMultiErrorStatus(2, 'failed', deviceErrors, 'type.googleapis.com/google.rpc.RetryInfo');
    expect(decodeMultiErrorStatus(bytes)).toEqual([]);
  });

  it('turns garbage and truncated trailers into an empty list without throwing', () => {
    const valid = encodeMultiErrorStatus(13, 'failed', deviceErrors);
    expect(decodeMultiErrorStatus(Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]))).toEqual([]);
    expect(decodeMultiErrorStatus(Buffer.from('not a protobuf at all'))).toEqual([]);
    expect(decodeMultiErrorStatus(valid.subarray(0, valid.length - 3))).toEqual([]);
    expect(decodeMultiErrorStatus(Buffer.alloc(0))).toEqual([]);
  });
});

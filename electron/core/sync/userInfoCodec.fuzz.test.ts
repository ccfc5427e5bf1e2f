import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fuzzRuns } from '../../../shared/fuzzRuns';
import { userProblems } from '../../../shared/domain/user';
import { USER_LIMITS } from '../../../shared/limits';
import type { UserInfo } from '../../gsdk';
import { loadGsdkProtos } from '../../gsdk/loadProtos';
import { fromUserInfo, userFromRecord, type DeviceRecordReading } from './userInfoCodec';

/*
 * Fuzzing the decoding of device records: whatever a device (or a broken gateway) sends, the
 * bytes either fail to decode as a message (the gRPC layer's parse error, which the client turns
 * into a GatewayError), or every user in them is read by fromUserInfo into a reading that never
 * throws, and a record it accepts is one the database itself would store (userProblems, the
 * master copy's own rules). Records travel through the real User.Get codec of the .proto files,
 * as they do between the gateway and the console.
 *
 * Cases in the normal run: 2,000 arbitrary records + 2,000 valid ones with one field arbitrary +
 * 2,000 valid ones with one limit broken + 1,000 arbitrary byte strings = 7,000 (FUZZ_SCALE multiplies them; see shared/fuzzRuns.ts).
 */

const getMethod = loadGsdkProtos().services.user.Get;
if (!getMethod) throw new Error('User.Get is not in the .proto files');
const { responseSerialize, responseDeserialize } = getMethod;

/** Through the wire as a gateway would send it, and back as the client decodes it. */
function overTheWire(info: UserInfo): UserInfo {
  const decoded = responseDeserialize(responseSerialize({ users: [info] })) as { users: UserInfo[] };
  const [user] = decoded.users;
  if (!user) throw new Error('the user did not survive the wire');
  return user;
}

/** The reading's promise: a refusal with a reason, or a record the master copy's rules accept. */
function expectSound(reading: DeviceRecordReading, info: UserInfo): void {
  if (!reading.ok) {
    expect(reading.reason.length).toBeGreaterThan(0);
    expect(reading.id.length).toBeLessThanOrEqual(USER_LIMITS.idMaxBytes + 1);
    return;
  }
  expect(reading.record.id).toBe(info.hdr.ID);
  expect(reading.record.name).not.toContain('\uFFFD');
  expect([...reading.record.name].length).toBeLessThanOrEqual(USER_LIMITS.nameMaxChars);
  expect(userProblems(userFromRecord(reading.record, 0), 'alphanumeric')).toEqual([]);
}

const bytes = (maxLength: number): fc.Arbitrary<Buffer> => fc.uint8Array({ maxLength }).map((array) => Buffer.from(array));
/** Sizes at and around the limits, filled: generating 48 KiB at random for every case would be slow. */
const sizedBytes = (sizes: number[]): fc.Arbitrary<Buffer> => fc.tuple(fc.constantFrom(...sizes), fc.integer({ min: 0, max: 255 })).map(([size, fill]) => Buffer.alloc(size, fill));
const TEMPLATE_LIMIT = 48 * 1024;

const userId = fc.oneof(
  fc.integer({ min: 1, max: 4_294_967_294 }).map(String),
  fc.constantFrom('0', '', '00', '4294967295', '9'.repeat(32), '9'.repeat(33), 'é'.repeat(16), 'é'.repeat(17), 'A-b_9', ' 1', '1\n'),
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
);
const userName = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.string({ unit: 'binary', maxLength: 50 }),
  fc.constantFrom('\uFFFD', 'Ad\uFFFDa', 'x'.repeat(48), 'x'.repeat(49), '😀'.repeat(48), '😀'.repeat(49), '\u202Eevil', '\uD800'),
);
const uint32 = fc.oneof(fc.integer({ min: 0, max: 300 }), fc.constantFrom(0xff, 0x100, 0xffff, 0x10000, 0xffff_fffe, 0xffff_ffff));
const int32 = fc.oneof(fc.integer({ min: -3, max: 12 }), fc.constantFrom(-0x8000_0000, 0x7fff_ffff));
const templates = fc.array(fc.oneof(bytes(8), sizedBytes([0, 384, TEMPLATE_LIMIT, TEMPLATE_LIMIT + 1])), { maxLength: 5 });

const anyUser: fc.Arbitrary<UserInfo> = fc.record({
  hdr: fc.record({ ID: userId, numOfCard: uint32, numOfFinger: uint32, numOfFace: uint32, authGroupID: uint32, updateMask: uint32 }),
  setting: fc.option(
    fc.record({ startTime: uint32, endTime: uint32, biometricAuthMode: uint32, cardAuthMode: uint32, IDAuthMode: uint32, securityLevel: uint32 }),
    { nil: null },
  ),
  name: userName,
  cards: fc.array(fc.record({ type: uint32, size: int32, data: fc.oneof(bytes(10), sizedBytes([0, 64, 65])) }), { maxLength: 10 }),
  fingers: fc.array(fc.record({ index: int32, flag: uint32, templates }), { maxLength: 12 }),
  faces: fc.array(fc.record({ index: int32, flag: uint32, templates, imageData: bytes(4) }), { maxLength: 7 }),
  accessGroupIDs: fc.array(uint32, { maxLength: 18 }),
  jobCodes: fc.constant([]),
  PIN: fc.oneof(sizedBytes([0, 31, 32, 33]), bytes(40)),
  photo: sizedBytes([0, 100, USER_LIMITS.photoMaxBytes, USER_LIMITS.photoMaxBytes + 1]),
});

/** A record every rule accepts, as a faithful device sends it. */
const validUser: fc.Arbitrary<UserInfo> = fc.record({
  hdr: fc.record({
    ID: fc.integer({ min: 1, max: 4_294_967_294 }).map(String),
    numOfCard: fc.constant(0),
    numOfFinger: fc.constant(0),
    numOfFace: fc.constant(0),
    authGroupID: fc.constant(0),
    updateMask: fc.constant(0),
  }),
  setting: fc
    .tuple(fc.nat({ max: 2_000_000_000 }), fc.nat({ max: 2_000_000_000 }))
    .map(([a, b]) => ({ startTime: Math.min(a, b), endTime: Math.max(a, b), biometricAuthMode: 0, cardAuthMode: 0, IDAuthMode: 0, securityLevel: 0 })),
  name: fc.string({ unit: 'grapheme-ascii', maxLength: USER_LIMITS.nameMaxChars }),
  cards: fc.uniqueArray(fc.uint8Array({ minLength: 1, maxLength: 16 }).map((data) => ({ type: 1, size: data.length, data: Buffer.from(data) })), {
    maxLength: USER_LIMITS.maxCards,
    selector: (card) => card.data.toString('hex'),
  }),
  fingers: fc.uniqueArray(fc.nat({ max: 9 }), { maxLength: USER_LIMITS.maxFingers }).map((indexes) =>
    indexes.map((index) => ({ index, flag: 0, templates: [Buffer.alloc(384, index + 1), Buffer.alloc(384, index + 2)] })),
  ),
  faces: fc.uniqueArray(fc.nat({ max: 4 }), { maxLength: USER_LIMITS.maxFaces }).map((indexes) =>
    indexes.map((index) => ({ index, flag: 0, templates: [Buffer.alloc(552, index + 1)], imageData: Buffer.alloc(0) })),
  ),
  accessGroupIDs: fc.uniqueArray(fc.integer({ min: 1, max: 0xffff_fffe }), { maxLength: USER_LIMITS.maxAccessGroups }),
  jobCodes: fc.constant([]),
  PIN: fc.constantFrom(Buffer.alloc(0), Buffer.alloc(32, 7)),
  photo: sizedBytes([0, 1, USER_LIMITS.photoMaxBytes]),
});

/** One step over a limit each: every one of them must be refused. */
const SPOILERS: Record<string, (info: UserInfo) => void> = {
  'ID "0"': (info) => (info.hdr.ID = '0'),
  'ID over 32 bytes': (info) => (info.hdr.ID = '1'.repeat(USER_LIMITS.idMaxBytes + 1)),
  'empty ID': (info) => (info.hdr.ID = ''),
  'name over 48 characters': (info) => (info.name = 'n'.repeat(USER_LIMITS.nameMaxChars + 1)),
  'name with bytes that are not UTF-8': (info) => (info.name = `${info.name.slice(0, 10)}\uFFFD`),
  '9 cards': (info) => (info.cards = Array.from({ length: USER_LIMITS.maxCards + 1 }, (_, i) => ({ type: 1, size: 2, data: Buffer.from([i, 9]) }))),
  'the same card twice': (info) => (info.cards = [0, 1].map(() => ({ type: 1, size: 2, data: Buffer.from([4, 2]) }))),
  'a card type over 255': (info) => (info.cards = [{ type: 256, size: 1, data: Buffer.from([1]) }]),
  'an empty card': (info) => (info.cards = [{ type: 1, size: 0, data: Buffer.alloc(0) }]),
  '11 fingerprints': (info) =>
    (info.fingers = Array.from({ length: USER_LIMITS.maxFingers + 1 }, (_, index) => ({ index, flag: 0, templates: [Buffer.alloc(8, 1)] }))),
  'an empty template': (info) => (info.fingers = [{ index: 0, flag: 0, templates: [Buffer.alloc(384, 1), Buffer.alloc(0)] }]),
  'a template over 48 KiB': (info) => (info.fingers = [{ index: 0, flag: 0, templates: [Buffer.alloc(TEMPLATE_LIMIT + 1, 1)] }]),
  'a fingerprint flag over 65535': (info) => (info.fingers = [{ index: 0, flag: 0x10000, templates: [Buffer.alloc(8, 1)] }]),
  'a finger index of 10': (info) => (info.fingers = [{ index: 10, flag: 0, templates: [Buffer.alloc(8, 1)] }]),
  '6 faces': (info) =>
    (info.faces = Array.from({ length: USER_LIMITS.maxFaces + 1 }, (_, index) => ({ index, flag: 0, templates: [Buffer.alloc(8, 1)], imageData: Buffer.alloc(0) }))),
  '17 access groups': (info) => (info.accessGroupIDs = Array.from({ length: USER_LIMITS.maxAccessGroups + 1 }, (_, i) => i + 1)),
  'an access group twice': (info) => (info.accessGroupIDs = [3, 3]),
  'a PIN hash of 31 bytes': (info) => (info.PIN = Buffer.alloc(31, 1)),
  'a photo over 16 KB': (info) => (info.photo = Buffer.alloc(USER_LIMITS.photoMaxBytes + 1, 1)),
  'a period that ends before it starts': (info) => (info.setting = { startTime: 2_000, endTime: 1_000, biometricAuthMode: 0, cardAuthMode: 0, IDAuthMode: 0, securityLevel: 0 }),
};

describe('fuzzing the decoding of device records (7,000 cases; FUZZ_SCALE for more)', () => {
  it('reads any record without throwing, and accepts only what the master copy may store (2,000 cases)', () => {
    fc.assert(
      fc.property(anyUser, (generated) => {
        const info = overTheWire(generated);
        expectSound(fromUserInfo(info), info);
      }),
      { numRuns: fuzzRuns(2_000) },
    );
  });

  it('reads a valid record with any one field arbitrary without throwing, accepting only what the master copy may store (2,000 cases)', () => {
    const fields = Object.keys(fc.sample(validUser, 1)[0] ?? {}) as (keyof UserInfo)[];
    fc.assert(
      fc.property(validUser, anyUser, fc.constantFrom(...fields), (valid, arbitrary, field) => {
        const info = overTheWire({ ...valid, [field]: arbitrary[field] });
        expectSound(fromUserInfo(info), info);
      }),
      { numRuns: fuzzRuns(2_000) },
    );
  });

  it('accepts a valid record, and refuses it with a reason once any one limit is broken (2,000 cases)', () => {
    fc.assert(
      fc.property(validUser, fc.option(fc.constantFrom(...Object.keys(SPOILERS)), { nil: null }), (generated, spoiler) => {
        if (spoiler !== null) SPOILERS[spoiler]?.(generated);
        const info = overTheWire(generated);
        const reading = fromUserInfo(info);
        expectSound(reading, info);
        expect(reading.ok, spoiler ?? 'valid record').toBe(spoiler === null);
      }),
      { numRuns: fuzzRuns(2_000) },
    );
  });

  it('meets arbitrary bytes for a User.Get answer with a parse error or sound readings, nothing else (1,000 cases)', () => {
    const valid = responseSerialize({ users: [overTheWire(fc.sample(validUser, { numRuns: 1, seed: 8 })[0] as UserInfo)] });
    const answers = fc.oneof(
      bytes(200),
      // Near-valid: a real answer with bytes changed, cut short or appended to.
      fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })).map(([at, value]) => Buffer.from(valid).fill(value, at, at + 1)),
      fc.nat({ max: valid.length }).map((length) => valid.subarray(0, length)),
      bytes(16).map((tail) => Buffer.concat([valid, tail])),
    );
    fc.assert(
      fc.property(answers, (answer) => {
        let decoded: { users: UserInfo[] };
        try {
          decoded = responseDeserialize(answer) as { users: UserInfo[] };
        } catch (error) {
          // grpc-js reports this as INTERNAL "Response message parsing error" (a GatewayError of kind 'protocol').
          expect(error).toBeInstanceOf(Error);
          return;
        }
        // A user without a header (the type says it has one) is read too: the codec must not trust the type.
        for (const info of decoded.users) expectSound(fromUserInfo(info), info);
      }),
      { numRuns: fuzzRuns(1_000) },
    );
  });
});

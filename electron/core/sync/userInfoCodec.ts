import { deviceText } from '../../../shared/deviceText';
import { normalizeRecord, projectUser, type DeviceCapabilities, type DeviceUserRecord } from '../../../shared/domain/deviceRecord';
import { blankUser, cardKey, type User } from '../../../shared/domain/user';
import { USER_LIMITS, userIdProblem } from '../../../shared/limits';
import type { UserInfo } from '../../gsdk';

/**
 * The one place where a device's UserInfo (bytes) and the console's DeviceUserRecord (base64)
 * meet. Writing never fails (the master copy is validated when stored); reading is defensive,
 * because a device is untrusted input: whatever it sends either becomes a record within the
 * limits of shared/limits.ts or a reason, never an exception.
 */

/** Largest card data a device may send (real cards carry at most 32 bytes). */
const MAX_CARD_BYTES = 64;
/** Largest template: the user schema's base64 limit (64 KiB of text) in bytes. */
const MAX_TEMPLATE_BYTES = 48 * 1024;
const MAX_FINGER_TEMPLATES = 2;
const MAX_FACE_TEMPLATES = 4;
const MAX_ACCESS_GROUP_ID = 0xffff_fffe;
/** What the master copy stores (shared/domain/user.ts): a card type is one byte, a credential's flag two. */
const MAX_CARD_TYPE = 0xff;
const MAX_FLAG = 0xffff;
/** What a UTF-8 decoder puts where the bytes are not UTF-8. */
const DECODING_REPLACEMENT = '\uFFFD';

/**
 * The record a device should hold for `user`, with every base64 field in canonical form (what
 * the device gives back when it is read), so that a deep check of a faithful device hashes equal.
 */
export function desiredRecord(user: User, capabilities: DeviceCapabilities): DeviceUserRecord | null {
  const record = projectUser(user, capabilities);
  if (!record) return null;
  return {
    ...record,
    pin: canonicalBase64(record.pin),
    photo: canonicalBase64(record.photo),
    cards: record.cards.map((card) => ({ type: card.type, data: canonicalBase64(card.data) })),
    fingers: record.fingers.map((finger) => ({ ...finger, templates: finger.templates.map(canonicalBase64) })),
    faces: record.faces.map((face) => ({ ...face, templates: face.templates.map(canonicalBase64) })),
  };
}

/**
 * The master copy's base64 is checked against the alphabet when it is stored (shared/domain/
 * user.ts), so only its end can be non-canonical: missing padding, or bits set past the last
 * byte. Both are seen without scanning the whole string (templates are kilobytes each).
 */
function canonicalBase64(text: string): string {
  if (text === '') return text;
  if (text.length % 4 === 0 && canonicalEnd(text)) return text;
  return Buffer.from(text, 'base64').toString('base64');
}

const BASE64_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function canonicalEnd(text: string): boolean {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (padding === 0) return true;
  const last = BASE64_DIGITS.indexOf(text.charAt(text.length - padding - 1));
  // One padding character leaves 2 unused bits in the last digit, two leave 4.
  return last >= 0 && (last & (padding === 1 ? 0b11 : 0b1111)) === 0;
}

export function toUserInfo(record: DeviceUserRecord): UserInfo {
  return {
    hdr: {
      ID: record.id,
      numOfCard: record.cards.length,
      numOfFinger: record.fingers.length,
      numOfFace: record.faces.length,
      authGroupID: 0,
      updateMask: 0,
    },
    setting: { startTime: record.startTime, endTime: record.endTime, biometricAuthMode: 0, cardAuthMode: 0, IDAuthMode: 0, securityLevel: 0 },
    name: record.name,
    cards: record.cards.map((card) => {
      const data = Buffer.from(card.data, 'base64');
      return { type: card.type, size: data.length, data };
    }),
    fingers: record.fingers.map((finger) => ({ index: finger.index, flag: finger.flag, templates: finger.templates.map(fromBase64) })),
    faces: record.faces.map((face) => ({ index: face.index, flag: face.flag, templates: face.templates.map(fromBase64), imageData: EMPTY })),
    accessGroupIDs: [...record.accessGroupIds],
    jobCodes: [],
    PIN: fromBase64(record.pin),
    photo: fromBase64(record.photo),
  };
}

const EMPTY = Buffer.alloc(0);
function fromBase64(text: string): Buffer {
  return text === '' ? EMPTY : Buffer.from(text, 'base64');
}

/** Approximate bytes of a record on the wire, for keeping a batch under the message budget. */
export function wireSize(record: DeviceUserRecord): number {
  let chars = record.pin.length + record.photo.length + record.name.length * 2;
  for (const card of record.cards) chars += card.data.length;
  for (const finger of record.fingers) for (const template of finger.templates) chars += template.length;
  for (const face of record.faces) for (const template of face.templates) chars += template.length;
  // base64 is 4 characters per 3 bytes; the fixed part covers IDs, tags and settings.
  return Math.ceil((chars * 3) / 4) + 96 + 8 * (record.cards.length + record.fingers.length + record.faces.length);
}

export type DeviceRecordReading = { ok: true; record: DeviceUserRecord } | { ok: false; id: string; reason: string };

/**
 * Reads a user a device sent. IDs are checked against the most permissive site policy
 * (alphanumeric), since a device may be configured either way; sizes and counts against
 * shared/limits.ts. The reason never quotes bytes, only sizes and counts.
 */
export function fromUserInfo(info: UserInfo): DeviceRecordReading {
  const rawId = typeof info.hdr?.ID === 'string' ? info.hdr.ID : '';
  const id = deviceText(rawId, USER_LIMITS.idMaxBytes + 1);
  const refuse = (reason: string): DeviceRecordReading => ({ ok: false, id, reason });
  const idProblem = userIdProblem(rawId, 'alphanumeric');
  if (idProblem) return refuse(idProblem);
  if ([...info.name].length > USER_LIMITS.nameMaxChars) return refuse(`name is longer than ${USER_LIMITS.nameMaxChars} characters`);
  // The .proto declares the name a string, as G-SDK does, and protobufjs decodes bytes that are
  // not UTF-8 into U+FFFD without a word. No real name holds U+FFFD: storing it would replace
  // the device's bytes with a guess, and send the guess to every other device.
  if (info.name.includes(DECODING_REPLACEMENT)) return refuse('name is not valid UTF-8 text');
  const startTime = info.setting?.startTime ?? 0;
  const endTime = info.setting?.endTime ?? 0;
  // 0 is "no limit" at either end; the master copy stores such a period only when it is in order.
  if (startTime !== 0 && endTime !== 0 && endTime < startTime) return refuse('the validity period ends before it starts');
  if (info.cards.length > USER_LIMITS.maxCards) return refuse(`${info.cards.length} cards (at most ${USER_LIMITS.maxCards})`);
  if (info.fingers.length > USER_LIMITS.maxFingers) return refuse(`${info.fingers.length} fingerprints (at most ${USER_LIMITS.maxFingers})`);
  if (info.faces.length > USER_LIMITS.maxFaces) return refuse(`${info.faces.length} faces (at most ${USER_LIMITS.maxFaces})`);
  if (info.accessGroupIDs.length > USER_LIMITS.maxAccessGroups) {
    return refuse(`${info.accessGroupIDs.length} access groups (at most ${USER_LIMITS.maxAccessGroups})`);
  }
  if (info.accessGroupIDs.some((group) => group < 1 || group > MAX_ACCESS_GROUP_ID)) return refuse('an access group ID is out of range');
  if (new Set(info.accessGroupIDs).size !== info.accessGroupIDs.length) return refuse('an access group is listed twice');
  if (info.PIN.length !== 0 && info.PIN.length !== USER_LIMITS.pinHashBytes) {
    return refuse(`PIN hash is ${info.PIN.length} bytes (must be ${USER_LIMITS.pinHashBytes})`);
  }
  if (info.photo.length > USER_LIMITS.photoMaxBytes) return refuse(`photo is ${info.photo.length} bytes (at most ${USER_LIMITS.photoMaxBytes})`);

  const cards: DeviceUserRecord['cards'] = [];
  for (const [position, card] of info.cards.entries()) {
    // `size` says how many bytes of `data` count; devices may pad the rest.
    const data = card.size > 0 && card.size < card.data.length ? card.data.subarray(0, card.size) : card.data;
    if (data.length === 0 || data.length > MAX_CARD_BYTES) return refuse(`card ${position + 1} has ${data.length} bytes of data`);
    // The type is an enum on the wire (int32): a device may send any number, negative ones too.
    if (card.type < 0 || card.type > MAX_CARD_TYPE) return refuse(`card ${position + 1} has type ${card.type} (must be 0 to ${MAX_CARD_TYPE})`);
    cards.push({ type: card.type, data: data.toString('base64') });
  }
  if (new Set(cards.map(cardKey)).size !== cards.length) return refuse('the same card is listed twice');
  const fingers: DeviceUserRecord['fingers'] = [];
  for (const finger of info.fingers) {
    if (finger.index < 0 || finger.index > 9) return refuse(`fingerprint index ${finger.index} is out of range`);
    if (finger.flag < 0 || finger.flag > MAX_FLAG) return refuse(`fingerprint ${finger.index} has flag ${finger.flag} (at most ${MAX_FLAG})`);
    const problem = templatesProblem(finger.templates, MAX_FINGER_TEMPLATES);
    if (problem) return refuse(`fingerprint ${finger.index}: ${problem}`);
    fingers.push({ index: finger.index, flag: finger.flag, templates: finger.templates.map((t) => t.toString('base64')) });
  }
  if (new Set(fingers.map((finger) => finger.index)).size !== fingers.length) return refuse('a fingerprint index is used twice');
  const faces: DeviceUserRecord['faces'] = [];
  for (const face of info.faces) {
    if (face.index < 0 || face.index > 4) return refuse(`face index ${face.index} is out of range`);
    if (face.flag < 0 || face.flag > MAX_FLAG) return refuse(`face ${face.index} has flag ${face.flag} (at most ${MAX_FLAG})`);
    // A face kept only as an image has nothing the console stores; it is not a credential here.
    if (face.templates.length === 0) continue;
    const problem = templatesProblem(face.templates, MAX_FACE_TEMPLATES);
    if (problem) return refuse(`face ${face.index}: ${problem}`);
    faces.push({ index: face.index, flag: face.flag, templates: face.templates.map((t) => t.toString('base64')) });
  }
  if (new Set(faces.map((face) => face.index)).size !== faces.length) return refuse('a face index is used twice');

  return {
    ok: true,
    record: normalizeRecord({
      id: rawId,
      name: info.name,
      startTime,
      endTime,
      pin: info.PIN.toString('base64'),
      photo: info.photo.toString('base64'),
      cards,
      fingers,
      faces,
      accessGroupIds: [...info.accessGroupIDs],
    }),
  };
}

function templatesProblem(templates: readonly Buffer[], most: number): string | null {
  if (templates.length === 0) return 'no template';
  if (templates.length > most) return `${templates.length} templates (at most ${most})`;
  if (templates.some((template) => template.length === 0)) return 'an empty template';
  if (templates.some((template) => template.length > MAX_TEMPLATE_BYTES)) return `a template over ${MAX_TEMPLATE_BYTES} bytes`;
  return null;
}

/**
 * A master-copy user made from what a device holds (for upload and the device-origin pipeline).
 * The name is cleaned of control characters: it is about to be stored and shown.
 */
export function userFromRecord(record: DeviceUserRecord, now: number): User {
  return {
    ...blankUser(record.id, now),
    name: deviceText(record.name, USER_LIMITS.nameMaxChars),
    periodStart: record.startTime === 0 ? null : record.startTime,
    periodEnd: record.endTime === 0 ? null : record.endTime,
    pinHash: record.pin === '' ? null : record.pin,
    photo: record.photo === '' ? null : record.photo,
    cards: record.cards.map((card) => ({ ...card })),
    fingers: record.fingers.map((finger) => ({ ...finger, templates: [...finger.templates] })),
    faces: record.faces.map((face) => ({ ...face, templates: [...face.templates] })),
    accessGroupIds: [...record.accessGroupIds],
  };
}

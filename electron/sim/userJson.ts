import { z } from 'zod';
import { CardType } from '../gsdk/messages';
import type { CSNCardData, FaceData, FingerData, JobCode, UserInfo, UserSetting } from '../gsdk/messages';
import type { UserPatch } from './simDevice';

/*
 * A user in JSON, as the control API and the seed file take and give it: the G-SDK UserInfo with
 * bytes as base64 and the header flattened to `ID`.
 *
 *   { "ID": "1001", "name": "Ada", "PIN": "<base64>", "photo": "<base64>",
 *     "cards":   [{ "type": 1, "size": 4, "data": "<base64>" }],
 *     "fingers": [{ "index": 0, "flag": 0, "templates": ["<base64>", "<base64>"] }],
 *     "faces":   [{ "index": 0, "flag": 0, "templates": ["<base64>"], "imageData": "<base64>" }],
 *     "accessGroupIDs": [1], "jobCodes": [{ "code": 1, "label": "Day" }],
 *     "setting": { "startTime": 0, "endTime": 0, "biometricAuthMode": 0, "cardAuthMode": 0,
 *                  "IDAuthMode": 0, "securityLevel": 0 } }
 *
 * Only ID is required. Unknown fields are refused, so a typo never goes unnoticed. What GET
 * returns (with numOfCard, numOfFinger, numOfFace) is accepted back as it is.
 */

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Strict base64 (Buffer.from would silently skip bad characters), decoded to bytes. */
export const base64Bytes = z
  .string()
  .refine((text) => BASE64.test(text), { message: 'is not valid base64' })
  .transform((text) => Buffer.from(text, 'base64'));
const uint32 = z.number().int().min(0).max(0xffffffff);
const int32 = z.number().int().min(-0x80000000).max(0x7fffffff);

const cardJson = z.strictObject({ type: uint32.optional(), size: int32.optional(), data: base64Bytes });
const fingerJson = z.strictObject({ index: int32.optional(), flag: int32.optional(), templates: z.array(base64Bytes) });
const faceJson = z.strictObject({
  index: int32.optional(),
  flag: int32.optional(),
  templates: z.array(base64Bytes),
  imageData: base64Bytes.optional(),
});
const jobCodeJson = z.strictObject({ code: uint32, label: z.string().optional() });
const settingJson = z.strictObject({
  startTime: uint32.optional(),
  endTime: uint32.optional(),
  biometricAuthMode: uint32.optional(),
  cardAuthMode: uint32.optional(),
  IDAuthMode: uint32.optional(),
  securityLevel: uint32.optional(),
});

const userFields = {
  name: z.string().optional(),
  cards: z.array(cardJson).optional(),
  fingers: z.array(fingerJson).optional(),
  faces: z.array(faceJson).optional(),
  accessGroupIDs: z.array(uint32).optional(),
  jobCodes: z.array(jobCodeJson).optional(),
  PIN: base64Bytes.optional(),
  photo: base64Bytes.optional(),
  setting: settingJson.nullable().optional(),
  authGroupID: uint32.optional(),
  // What GET gives back may be sent again; the device recounts these from the credentials.
  numOfCard: uint32.optional(),
  numOfFinger: uint32.optional(),
  numOfFace: uint32.optional(),
};

export const userJsonSchema = z.strictObject({ ID: z.string(), ...userFields });
/** PUT /devices/{id}/users/{userId}: every field but the ID, each replacing the stored one. */
export const userPatchJsonSchema = z.strictObject(userFields);

type UserJsonInput = z.output<typeof userJsonSchema>;
type UserPatchJsonInput = z.output<typeof userPatchJsonSchema>;

function toCards(cards: NonNullable<UserJsonInput['cards']>): CSNCardData[] {
  return cards.map((card) => ({ type: card.type ?? CardType.CSN, size: card.size ?? card.data.length, data: card.data }));
}

function toFingers(fingers: NonNullable<UserJsonInput['fingers']>): FingerData[] {
  return fingers.map((finger, position) => ({
    index: finger.index ?? position,
    flag: finger.flag ?? 0,
    templates: finger.templates,
  }));
}

function toFaces(faces: NonNullable<UserJsonInput['faces']>): FaceData[] {
  return faces.map((face, position) => ({
    index: face.index ?? position,
    flag: face.flag ?? 0,
    templates: face.templates,
    imageData: face.imageData ?? Buffer.alloc(0),
  }));
}

function toJobCodes(jobCodes: NonNullable<UserJsonInput['jobCodes']>): JobCode[] {
  return jobCodes.map((job) => ({ code: job.code, label: job.label ?? '' }));
}

function toSetting(setting: UserJsonInput['setting']): UserSetting | null {
  if (!setting) return null;
  return {
    startTime: setting.startTime ?? 0,
    endTime: setting.endTime ?? 0,
    biometricAuthMode: setting.biometricAuthMode ?? 0,
    cardAuthMode: setting.cardAuthMode ?? 0,
    IDAuthMode: setting.IDAuthMode ?? 0,
    securityLevel: setting.securityLevel ?? 0,
  };
}

/** A validated JSON user as a UserInfo (header counts are filled in by the device). */
export function userFromJson(json: UserJsonInput): UserInfo {
  return {
    hdr: { ID: json.ID, numOfCard: 0, numOfFinger: 0, numOfFace: 0, authGroupID: json.authGroupID ?? 0, updateMask: 0 },
    setting: toSetting(json.setting),
    name: json.name ?? '',
    cards: toCards(json.cards ?? []),
    fingers: toFingers(json.fingers ?? []),
    faces: toFaces(json.faces ?? []),
    accessGroupIDs: json.accessGroupIDs ?? [],
    jobCodes: toJobCodes(json.jobCodes ?? []),
    PIN: json.PIN ?? Buffer.alloc(0),
    photo: json.photo ?? Buffer.alloc(0),
  };
}

/** Only the fields the patch names; each replaces the stored value whole. */
export function userPatchFromJson(json: UserPatchJsonInput): UserPatch {
  const patch: UserPatch = {};
  if (json.name !== undefined) patch.name = json.name;
  if (json.cards !== undefined) patch.cards = toCards(json.cards);
  if (json.fingers !== undefined) patch.fingers = toFingers(json.fingers);
  if (json.faces !== undefined) patch.faces = toFaces(json.faces);
  if (json.accessGroupIDs !== undefined) patch.accessGroupIDs = json.accessGroupIDs;
  if (json.jobCodes !== undefined) patch.jobCodes = toJobCodes(json.jobCodes);
  if (json.PIN !== undefined) patch.PIN = json.PIN;
  if (json.photo !== undefined) patch.photo = json.photo;
  if (json.setting !== undefined) patch.setting = toSetting(json.setting);
  return patch;
}

export interface UserJson {
  ID: string;
  name: string;
  authGroupID: number;
  numOfCard: number;
  numOfFinger: number;
  numOfFace: number;
  cards: { type: number; size: number; data: string }[];
  fingers: { index: number; flag: number; templates: string[] }[];
  faces: { index: number; flag: number; templates: string[]; imageData: string }[];
  accessGroupIDs: number[];
  jobCodes: JobCode[];
  PIN: string;
  photo: string;
  setting: UserSetting | null;
}

/** A stored user as JSON, every field present, bytes as base64. */
export function userToJson(user: UserInfo): UserJson {
  const base64 = (bytes: Buffer): string => Buffer.from(bytes).toString('base64');
  return {
    ID: user.hdr.ID,
    name: user.name,
    authGroupID: user.hdr.authGroupID,
    numOfCard: user.hdr.numOfCard,
    numOfFinger: user.hdr.numOfFinger,
    numOfFace: user.hdr.numOfFace,
    cards: user.cards.map((card) => ({ type: card.type, size: card.size, data: base64(card.data) })),
    fingers: user.fingers.map((finger) => ({ index: finger.index, flag: finger.flag, templates: finger.templates.map(base64) })),
    faces: user.faces.map((face) => ({
      index: face.index,
      flag: face.flag,
      templates: face.templates.map(base64),
      imageData: base64(face.imageData),
    })),
    accessGroupIDs: [...user.accessGroupIDs],
    jobCodes: user.jobCodes.map((job) => ({ ...job })),
    PIN: base64(user.PIN),
    photo: base64(user.photo),
    setting: user.setting ? { ...user.setting } : null,
  };
}

/** zod's issues as one line: "cards.0.data: is not valid base64; name: expected string". */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}

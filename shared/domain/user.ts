import { z } from 'zod';
import { USER_LIMITS, userIdProblem, utf8Length, type UserIdPolicy } from '../limits';

/**
 * The console's master copy of a user. Binary data (templates, card data, PIN hash, photo) is
 * base64 text, so one record travels unchanged through IPC, the WebSocket bridge, IndexedDB and
 * CSV; it becomes bytes only at the gateway client.
 */
const base64 = z
  .string()
  .max(64 * 1024)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'is not base64');

export const cardSchema = z.strictObject({
  /** G-SDK CardType; 0 (unknown) is accepted. */
  type: z.number().int().min(0).max(0xff),
  data: base64.min(1, 'card data is empty'),
});
export type Card = z.infer<typeof cardSchema>;

export const fingerSchema = z.strictObject({
  index: z.number().int().min(0).max(9),
  flag: z.number().int().min(0).max(0xffff),
  /** A finger is enrolled as two templates; an empty one is refused. */
  templates: z.array(base64.min(1, 'fingerprint template is empty')).min(1).max(2),
});
export type Finger = z.infer<typeof fingerSchema>;

export const faceSchema = z.strictObject({
  index: z.number().int().min(0).max(4),
  flag: z.number().int().min(0).max(0xffff),
  templates: z.array(base64.min(1, 'face template is empty')).min(1).max(4),
});
export type Face = z.infer<typeof faceSchema>;

export const userSchema = z.strictObject({
  id: z.string(),
  name: z.string(),
  email: z.string().max(320),
  phone: z.string().max(64),
  department: z.string().max(64),
  title: z.string().max(64),
  /** Unix seconds; null = no limit. */
  periodStart: z.number().int().nonnegative().nullable(),
  periodEnd: z.number().int().nonnegative().nullable(),
  disabled: z.boolean(),
  /** The device's 32-byte PIN hash, base64; null = no PIN. */
  pinHash: base64.nullable(),
  photo: base64.nullable(),
  cards: z.array(cardSchema),
  fingers: z.array(fingerSchema),
  faces: z.array(faceSchema),
  accessGroupIds: z.array(z.number().int().positive()),
  /** Epoch ms of the last change in the console. */
  updatedAt: z.number(),
});
export type User = z.infer<typeof userSchema>;

/** A new user with everything optional but the ID filled with its empty value. */
export function blankUser(id: string, now = Date.now()): User {
  return {
    id,
    name: '',
    email: '',
    phone: '',
    department: '',
    title: '',
    periodStart: null,
    periodEnd: null,
    disabled: false,
    pinHash: null,
    photo: null,
    cards: [],
    fingers: [],
    faces: [],
    accessGroupIds: [],
    updatedAt: now,
  };
}

/** Decoded size of a base64 string, without decoding it. */
export function base64Bytes(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - padding;
}

export interface UserProblem {
  field: string;
  message: string;
}

/**
 * Every reason `candidate` may not be stored, each naming its field; empty when it may. Shape
 * first (zod), then the device limits of GSDK.md. Uniqueness across users (card owners) is the
 * database's check, since it needs the other records.
 */
export function userProblems(candidate: unknown, policy: UserIdPolicy = 'numeric'): UserProblem[] {
  const parsed = userSchema.safeParse(candidate);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'user', message: issue.message }));
  }
  const user = parsed.data;
  const problems: UserProblem[] = [];
  const add = (field: string, message: string): void => {
    problems.push({ field, message });
  };
  const idProblem = userIdProblem(user.id, policy);
  if (idProblem) add('id', idProblem);
  if ([...user.name].length > USER_LIMITS.nameMaxChars) add('name', `name is longer than ${USER_LIMITS.nameMaxChars} characters`);
  if (user.cards.length > USER_LIMITS.maxCards) add('cards', `at most ${USER_LIMITS.maxCards} cards per user`);
  if (user.fingers.length > USER_LIMITS.maxFingers) add('fingers', `at most ${USER_LIMITS.maxFingers} fingerprints per user`);
  if (user.faces.length > USER_LIMITS.maxFaces) add('faces', `at most ${USER_LIMITS.maxFaces} faces per user`);
  if (user.accessGroupIds.length > USER_LIMITS.maxAccessGroups) {
    add('accessGroupIds', `at most ${USER_LIMITS.maxAccessGroups} access groups per user`);
  }
  if (new Set(user.accessGroupIds).size !== user.accessGroupIds.length) add('accessGroupIds', 'an access group is listed twice');
  if (user.photo !== null && base64Bytes(user.photo) > USER_LIMITS.photoMaxBytes) {
    add('photo', `photo is larger than ${USER_LIMITS.photoMaxBytes / 1024} KB`);
  }
  if (user.pinHash !== null && base64Bytes(user.pinHash) !== USER_LIMITS.pinHashBytes) {
    add('pinHash', `PIN hash must be ${USER_LIMITS.pinHashBytes} bytes`);
  }
  if (user.periodStart !== null && user.periodEnd !== null && user.periodEnd < user.periodStart) {
    add('periodEnd', 'the period ends before it starts');
  }
  const cardKeys = user.cards.map(cardKey);
  if (new Set(cardKeys).size !== cardKeys.length) add('cards', 'the same card is listed twice');
  const fingerIndexes = user.fingers.map((finger) => finger.index);
  if (new Set(fingerIndexes).size !== fingerIndexes.length) add('fingers', 'a finger index is used twice');
  if (utf8Length(user.email) > 0 && !/^[^\s@]+@[^\s@]+$/.test(user.email)) add('email', 'email is not an address');
  return problems;
}

/** Why an add (a create-only put) is refused when the ID is taken; on the ID field, where the editor shows it. */
export function userExistsProblem(id: string): UserProblem {
  return { field: 'id', message: `user ID ${id} already exists` };
}

/** The identity of a card across users: a card belongs to one user only. */
export function cardKey(card: Card): string {
  return `${card.type}:${card.data}`;
}

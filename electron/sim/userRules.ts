import { USER_LIMITS, userIdProblem } from '../../shared/limits';
import type { UserIdPolicy } from '../../shared/limits';
import type { UserHdr, UserInfo } from '../gsdk/messages';
import type { DeviceModel } from './models';

/** IDs are peer input: never echo a huge one back whole. */
function shownId(id: string): string {
  return id.length > 40 ? `${id.slice(0, 40)}…` : id;
}

/** Why a device refuses `user` whatever its model (shared/limits.ts), or null when it takes it. */
export function userProblem(user: UserInfo, policy: UserIdPolicy): string | null {
  const id = (user.hdr as UserHdr | null)?.ID ?? '';
  const idProblem = userIdProblem(id, policy);
  if (idProblem) return `user "${shownId(id)}": ${idProblem}`;
  const problem = limitProblem(user);
  return problem ? `user ${id}: ${problem}` : null;
}

function limitProblem(user: UserInfo): string | null {
  if ([...user.name].length > USER_LIMITS.nameMaxChars) {
    return `name is longer than ${USER_LIMITS.nameMaxChars} characters`;
  }
  if (user.cards.length > USER_LIMITS.maxCards) return `${user.cards.length} cards (at most ${USER_LIMITS.maxCards})`;
  if (user.fingers.length > USER_LIMITS.maxFingers) {
    return `${user.fingers.length} fingerprints (at most ${USER_LIMITS.maxFingers})`;
  }
  if (user.faces.length > USER_LIMITS.maxFaces) return `${user.faces.length} faces (at most ${USER_LIMITS.maxFaces})`;
  if (user.accessGroupIDs.length > USER_LIMITS.maxAccessGroups) {
    return `${user.accessGroupIDs.length} access groups (at most ${USER_LIMITS.maxAccessGroups})`;
  }
  if (user.PIN.length > USER_LIMITS.pinHashBytes) return `PIN is longer than ${USER_LIMITS.pinHashBytes} bytes`;
  if (user.photo.length > USER_LIMITS.photoMaxBytes) return `photo is larger than ${USER_LIMITS.photoMaxBytes} bytes`;
  const emptyCard = user.cards.findIndex((card) => card.data.length === 0);
  if (emptyCard >= 0) return `card ${emptyCard + 1} has no data`;
  const emptyFinger = user.fingers.findIndex((finger) => finger.templates.length === 0 || finger.templates.some((t) => t.length === 0));
  if (emptyFinger >= 0) return `fingerprint ${emptyFinger + 1} has an empty or no template`;
  const emptyFace = user.faces.findIndex((face) => face.templates.length === 0 && face.imageData.length === 0);
  if (emptyFace >= 0) return `face ${emptyFace + 1} has neither a template nor an image`;
  return null;
}

/** Why this model cannot store `user` (a card-only reader has no use for fingerprints), or null. */
export function credentialProblem(user: UserInfo, model: DeviceModel): string | null {
  const missing: string[] = [];
  if (user.cards.length > 0 && !model.cards) missing.push('cards');
  if (user.fingers.length > 0 && !model.fingerprints) missing.push('fingerprints');
  if (user.faces.length > 0 && !model.faces) missing.push('faces');
  return missing.length === 0 ? null : `a ${model.name} cannot store ${missing.join(' or ')} (user ${user.hdr.ID})`;
}

/** The first problem of a batch: a bad user, or the same ID twice. */
export function batchProblem(users: readonly UserInfo[], policy: UserIdPolicy): string | null {
  const seen = new Set<string>();
  for (const user of users) {
    const problem = userProblem(user, policy);
    if (problem) return problem;
    if (seen.has(user.hdr.ID)) return `user ${user.hdr.ID} appears twice in the request`;
    seen.add(user.hdr.ID);
  }
  return null;
}

/**
 * The record as a device stores it: the header counts say what the record really holds. Returns
 * the same object when they already do, so a batch normalized once can be shared by every device
 * it goes to (50 devices must not mean 50 copies of 10 000 users).
 */
export function normalizeUser(user: UserInfo): UserInfo {
  const hdr = user.hdr as UserHdr | null;
  if (
    hdr &&
    hdr.numOfCard === user.cards.length &&
    hdr.numOfFinger === user.fingers.length &&
    hdr.numOfFace === user.faces.length
  ) {
    return user;
  }
  return {
    ...user,
    hdr: {
      ID: hdr?.ID ?? '',
      numOfCard: user.cards.length,
      numOfFinger: user.fingers.length,
      numOfFace: user.faces.length,
      authGroupID: hdr?.authGroupID ?? 0,
      updateMask: hdr?.updateMask ?? 0,
    },
  };
}

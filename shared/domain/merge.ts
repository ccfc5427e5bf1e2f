import { USER_LIMITS } from '../limits';
import { cardKey, type User } from './user';

/**
 * How a user read from a device joins the master copy (DESIGN.md §4, device-side enrollment,
 * step 3). Used by "Upload to console" and by the device-origin pipeline.
 *
 * - A user the console does not have is taken whole.
 * - For a user it has, values the console already holds win: only vacant fields are filled
 *   (an empty name, no validity period, no PIN, no photo, no access groups), and credentials the
 *   console does not have yet are added (a card by its type and data, a fingerprint or face by
 *   its index), as long as the per-user limits leave room.
 *
 * Pure: the caller stores the result (the database may still refuse it, e.g. a card that is
 * another user's) and logs what happened.
 */
export interface MergeResult {
  user: User;
  /** True when `user` differs from the console's copy (always for a new user). */
  changed: boolean;
  isNew: boolean;
  /** What the device contributed, in words safe to log: "name", "2 cards", "fingerprint 3". */
  taken: string[];
  /** Device credentials left out because the user already holds the most a user may. */
  dropped: string[];
}

export function mergeDeviceUser(existing: User | undefined, fromDevice: User, now: number): MergeResult {
  if (!existing) {
    return { user: { ...fromDevice, updatedAt: now }, changed: true, isNew: true, taken: ['new user'], dropped: [] };
  }
  const taken: string[] = [];
  const dropped: string[] = [];
  const merged: User = { ...existing, cards: [...existing.cards], fingers: [...existing.fingers], faces: [...existing.faces] };

  if (existing.name === '' && fromDevice.name !== '') {
    merged.name = fromDevice.name;
    taken.push('name');
  }
  // The period is filled only as a pair: half of the device's period beside half of the console's
  // could end before it starts.
  if (existing.periodStart === null && existing.periodEnd === null && (fromDevice.periodStart !== null || fromDevice.periodEnd !== null)) {
    merged.periodStart = fromDevice.periodStart;
    merged.periodEnd = fromDevice.periodEnd;
    taken.push('validity period');
  }
  if (existing.pinHash === null && fromDevice.pinHash !== null) {
    merged.pinHash = fromDevice.pinHash;
    taken.push('PIN');
  }
  if (existing.photo === null && fromDevice.photo !== null) {
    merged.photo = fromDevice.photo;
    taken.push('photo');
  }
  if (existing.accessGroupIds.length === 0 && fromDevice.accessGroupIds.length > 0) {
    merged.accessGroupIds = [...fromDevice.accessGroupIds];
    taken.push('access groups');
  }

  const cardKeys = new Set(existing.cards.map(cardKey));
  let cardsAdded = 0;
  for (const card of fromDevice.cards) {
    if (cardKeys.has(cardKey(card))) continue;
    if (merged.cards.length >= USER_LIMITS.maxCards) {
      dropped.push(`card (the user already has ${USER_LIMITS.maxCards})`);
      continue;
    }
    merged.cards.push({ ...card });
    cardKeys.add(cardKey(card));
    cardsAdded += 1;
  }
  if (cardsAdded > 0) taken.push(cardsAdded === 1 ? '1 card' : `${cardsAdded} cards`);

  const fingerIndexes = new Set(existing.fingers.map((finger) => finger.index));
  for (const finger of fromDevice.fingers) {
    if (fingerIndexes.has(finger.index)) continue;
    if (merged.fingers.length >= USER_LIMITS.maxFingers) {
      dropped.push(`fingerprint ${finger.index} (the user already has ${USER_LIMITS.maxFingers})`);
      continue;
    }
    merged.fingers.push({ ...finger, templates: [...finger.templates] });
    fingerIndexes.add(finger.index);
    taken.push(`fingerprint ${finger.index}`);
  }

  const faceIndexes = new Set(existing.faces.map((face) => face.index));
  for (const face of fromDevice.faces) {
    if (faceIndexes.has(face.index)) continue;
    if (merged.faces.length >= USER_LIMITS.maxFaces) {
      dropped.push(`face ${face.index} (the user already has ${USER_LIMITS.maxFaces})`);
      continue;
    }
    merged.faces.push({ ...face, templates: [...face.templates] });
    faceIndexes.add(face.index);
    taken.push(`face ${face.index}`);
  }

  const changed = taken.length > 0;
  if (changed) merged.updatedAt = now;
  return { user: changed ? merged : existing, changed, isNew: false, taken, dropped };
}

import { randomBytes } from 'node:crypto';
import { CardType } from '../gsdk/messages';
import type { CSNCardData, FaceData, FingerData } from '../gsdk/messages';

/*
 * What a person presents at a virtual device's keypad when they are enrolled there: a card held
 * to the reader, a finger scanned twice, a face in front of the camera. The bytes are random, in
 * the sizes a real reader produces (a 4-byte CSN, 384-byte fingerprint templates as the demo
 * site's, a 552-byte face template), so every new card is a different card.
 */

const CSN_BYTES = 4;
const FINGERPRINT_TEMPLATE_BYTES = 384;
const FACE_TEMPLATE_BYTES = 552;

export function presentedCard(): CSNCardData {
  return { type: CardType.CSN, size: CSN_BYTES, data: randomBytes(CSN_BYTES) };
}

/** A finger enrolled as readers do: scanned twice, two templates. `index` is its slot on the user. */
export function presentedFingerprint(index: number): FingerData {
  return { index, flag: 0, templates: [randomBytes(FINGERPRINT_TEMPLATE_BYTES), randomBytes(FINGERPRINT_TEMPLATE_BYTES)] };
}

/** A face as a template only: the virtual camera keeps no image. */
export function presentedFace(index: number): FaceData {
  return { index, flag: 0, templates: [randomBytes(FACE_TEMPLATE_BYTES)], imageData: Buffer.alloc(0) };
}

/** The first slot index no entry of `taken` uses (a user's fingers and faces are numbered by slot). */
export function freeSlot(taken: readonly { index: number }[]): number {
  const used = new Set(taken.map((entry) => entry.index));
  let index = 0;
  while (used.has(index)) index += 1;
  return index;
}

import { cardKey } from '../../../shared/domain/user';
import { hexToBase64, MAX_CARD_BYTES, normalizeHex } from '../lib/hex';

/**
 * What the Users search box asks for. One text is tried three ways and the matches are joined:
 * - an ID prefix ("12" finds 12, 120, 1234) on the users' primary key,
 * - a name prefix, case-insensitive, on the name index,
 * - a card number in hex (exact), through the database's card-owner table. The card type is not
 *   typed by the operator, so every type is looked up (256 keys, one bulk read).
 */
export interface UserSearch {
  text: string;
  idPrefix: string | null;
  namePrefix: string | null;
  cardKeys: string[];
}

/** G-SDK card types are one byte. */
const CARD_TYPES = 256;

export function parseUserSearch(input: string): UserSearch | null {
  const text = input.trim();
  if (text === '') return null;
  const idPrefix = /^[A-Za-z0-9_-]{1,32}$/.test(text) ? text : null;
  const hex = normalizeHex(text);
  const data = hex !== null && hex.length / 2 <= MAX_CARD_BYTES ? hexToBase64(hex) : null;
  const cardKeys: string[] = [];
  if (data !== null) for (let type = 0; type < CARD_TYPES; type++) cardKeys.push(cardKey({ type, data }));
  return { text, idPrefix, namePrefix: text.slice(0, 48), cardKeys };
}

/** Sorted union of ID lists, in the users table's own order (IndexedDB compares strings by code unit, as `<` does). */
export function unionIds(lists: readonly (readonly string[])[]): string[] {
  const all = new Set<string>();
  for (const list of lists) for (const id of list) all.add(id);
  return [...all].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

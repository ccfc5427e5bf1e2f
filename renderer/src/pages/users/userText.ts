import type { User } from '../../../../shared/domain/user';
import { dateInputFromSeconds } from '../../lib/timeText';

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "2 cards · 1 fingerprint"; "None" without credentials. */
export function credentialsText(user: Pick<User, 'cards' | 'fingers' | 'faces'>): string {
  const parts: string[] = [];
  if (user.cards.length > 0) parts.push(count(user.cards.length, 'card', 'cards'));
  if (user.fingers.length > 0) parts.push(count(user.fingers.length, 'fingerprint', 'fingerprints'));
  if (user.faces.length > 0) parts.push(count(user.faces.length, 'face', 'faces'));
  return parts.length === 0 ? 'None' : parts.join(' · ');
}

/** "Always", "From 2025-01-01", "Until 2025-12-31" or "2025-01-01 – 2025-12-31". */
export function periodText(user: Pick<User, 'periodStart' | 'periodEnd'>): string {
  const start = dateInputFromSeconds(user.periodStart);
  const end = dateInputFromSeconds(user.periodEnd);
  if (start === '' && end === '') return 'Always';
  if (end === '') return `From ${start}`;
  if (start === '') return `Until ${end}`;
  return `${start} – ${end}`;
}

export type UserStatus = 'active' | 'disabled' | 'expired' | 'not-yet-valid';

export const userStatusLabels: Record<UserStatus, string> = {
  active: 'Active',
  disabled: 'Disabled',
  expired: 'Expired',
  'not-yet-valid': 'Not yet valid',
};

export function userStatus(user: Pick<User, 'disabled' | 'periodStart' | 'periodEnd'>, nowSeconds: number): UserStatus {
  if (user.disabled) return 'disabled';
  if (user.periodEnd !== null && nowSeconds >= user.periodEnd) return 'expired';
  if (user.periodStart !== null && nowSeconds < user.periodStart) return 'not-yet-valid';
  return 'active';
}

/** Group names for IDs; an ID with no group (deleted since) shows as "#12". */
export function groupsText(ids: readonly number[], names: ReadonlyMap<number, string>): string {
  if (ids.length === 0) return '—';
  return ids.map((id) => names.get(id) ?? `#${id}`).join(', ');
}

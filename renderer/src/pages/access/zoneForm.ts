import {
  DEFAULT_ZONE_RESET_MINUTES,
  MAX_ZONE_RESET_MINUTES,
  newZoneSchema,
  zoneMemberProblems,
  type AntiPassbackMode,
  type NewRecord,
  type ReaderRole,
  type Zone,
  type ZoneMember,
} from '../../../../shared/domain/access';
import { checkName, finish, Problems, wholeNumber, type FormResult } from './formResult';

/** The zone editor's fields as typed, and the anti-passback zone they make. */
export interface ZoneForm {
  name: string;
  mode: AntiPassbackMode;
  /** Minutes as text; 0 = never. */
  resetMinutes: string;
  /** In the order the operator chose them. */
  members: ZoneMember[];
}

export function zoneForm(zone: NewRecord<Zone> | null): ZoneForm {
  return {
    name: zone?.name ?? '',
    mode: zone?.mode ?? 'hard',
    resetMinutes: String(zone?.resetMinutes ?? DEFAULT_ZONE_RESET_MINUTES),
    members: zone?.members.map((member) => ({ ...member })) ?? [],
  };
}

/** The members after choosing `role` (or no role: not a member) for one device. */
export function withRole(members: readonly ZoneMember[], deviceId: number, role: ReaderRole | null): ZoneMember[] {
  const index = members.findIndex((member) => member.deviceId === deviceId);
  if (role === null) return members.filter((member) => member.deviceId !== deviceId);
  if (index === -1) return [...members, { deviceId, role }];
  return members.map((member) => (member.deviceId === deviceId ? { deviceId, role } : member));
}

/** The zone without its ID (a new zone gets one from the database, an edited one keeps its own). */
export function zoneFromForm(form: ZoneForm): FormResult<NewRecord<Zone>> {
  const problems = new Problems();
  checkName(form.name, problems);
  for (const { path, message } of zoneMemberProblems(form.members)) problems.add(String(path[0]), message);
  const resetMinutes = wholeNumber(form.resetMinutes, 0, MAX_ZONE_RESET_MINUTES);
  if (resetMinutes === null) problems.add('resetMinutes', `the reset is 0 (never) to ${MAX_ZONE_RESET_MINUTES} minutes (a week)`);
  return finish(newZoneSchema, { name: form.name.trim(), kind: 'anti-passback', mode: form.mode, resetMinutes: resetMinutes ?? 0, members: form.members }, problems);
}

/** "1 h 30 min", "24 h", "never": the reset time for the list. */
export function resetSummary(minutes: number): string {
  if (minutes === 0) return 'never';
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return [hours > 0 ? `${hours} h` : '', rest > 0 ? `${rest} min` : ''].filter(Boolean).join(' ');
}

import type { z } from 'zod';
import {
  accessGroupSchema,
  accessLevelSchema,
  ALWAYS_SCHEDULE_ID,
  doorSchema,
  scheduleSchema,
  zoneSchema,
  type AccessGroup,
  type AccessLevel,
  type Door,
  type Schedule,
  type Zone,
} from '../../../../shared/domain/access';
import type { FieldErrors } from '../../components/FieldError';
import { hhmmToMinutes, minutesToHhmm } from '../../lib/timeText';

/**
 * The access-control forms: text as typed → a record of shared/domain/access.ts, with each
 * problem on its field. The domain's zod schema (the same one the core and the database host
 * apply) has the last word; the checks before it only say things in the operator's words.
 */
export interface FormResult<T> {
  record: T | null;
  errors: FieldErrors;
}

const NAME_MAX = 48;
const MAX_ID = 0xffff_fffe;

class Problems {
  readonly errors: Record<string, string[]> = {};
  add(field: string, message: string): void {
    const list = (this.errors[field] ??= []);
    if (!list.includes(message)) list.push(message);
  }
  get empty(): boolean {
    return Object.keys(this.errors).length === 0;
  }
}

function checkName(name: string, problems: Problems): void {
  const trimmed = name.trim();
  if (trimmed === '') problems.add('name', 'enter a name');
  else if ([...trimmed].length > NAME_MAX) problems.add('name', `a name is at most ${NAME_MAX} characters`);
}

/** Validates with the domain schema; its issues land on the field named by their first path segment. */
function finish<T>(schema: z.ZodType<T>, candidate: unknown, problems: Problems): FormResult<T> {
  if (!problems.empty) return { record: null, errors: problems.errors };
  const parsed = schema.safeParse(candidate);
  if (parsed.success) return { record: parsed.data, errors: {} };
  for (const issue of parsed.error.issues) problems.add(String(issue.path[0] ?? 'form'), issue.message);
  return { record: null, errors: problems.errors };
}

/** The ID for a new record: one above the highest in use (schedules start above "Always"). */
export function nextId(records: readonly { id: number }[], min = 1): number {
  let max = min - 1;
  for (const record of records) if (record.id > max) max = record.id;
  return Math.min(max + 1, MAX_ID);
}

// ---- Access groups ------------------------------------------------------------------------

export interface GroupForm {
  name: string;
  levelIds: number[];
}

export function groupForm(group: AccessGroup | null): GroupForm {
  return { name: group?.name ?? '', levelIds: group?.levelIds ?? [] };
}

export function groupFromForm(id: number, form: GroupForm): FormResult<AccessGroup> {
  const problems = new Problems();
  checkName(form.name, problems);
  return finish(accessGroupSchema, { id, name: form.name.trim(), levelIds: form.levelIds }, problems);
}

// ---- Access levels ------------------------------------------------------------------------

export interface LevelRow {
  /** '' until chosen. */
  doorId: string;
  scheduleId: string;
}

export interface LevelForm {
  name: string;
  rows: LevelRow[];
}

export function levelForm(level: AccessLevel | null): LevelForm {
  return {
    name: level?.name ?? '',
    rows: level?.doorSchedules.map((pair) => ({ doorId: String(pair.doorId), scheduleId: String(pair.scheduleId) })) ?? [],
  };
}

export function levelFromForm(id: number, form: LevelForm): FormResult<AccessLevel> {
  const problems = new Problems();
  checkName(form.name, problems);
  const seen = new Set<string>();
  const doorSchedules = form.rows.map((row, index) => {
    if (row.doorId === '' || row.scheduleId === '') problems.add('doorSchedules', `row ${index + 1}: choose a door and a schedule`);
    const key = `${row.doorId}/${row.scheduleId}`;
    if (seen.has(key)) problems.add('doorSchedules', `row ${index + 1}: this door and schedule are already listed`);
    seen.add(key);
    return { doorId: Number(row.doorId), scheduleId: Number(row.scheduleId) };
  });
  return finish(accessLevelSchema, { id, name: form.name.trim(), doorSchedules }, problems);
}

// ---- Schedules ----------------------------------------------------------------------------

export const DAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export const MAX_SPANS_PER_DAY = 5;

export interface SpanRow {
  start: string;
  end: string;
}

export interface ScheduleForm {
  name: string;
  /** Seven days, Sunday first. */
  days: SpanRow[][];
}

export function scheduleForm(schedule: Schedule | null): ScheduleForm {
  const days = schedule?.days ?? DAY_NAMES.map((_, day) => (day === 0 || day === 6 ? [] : [{ start: 9 * 60, end: 17 * 60 }]));
  return { name: schedule?.name ?? '', days: days.map((spans) => spans.map((span) => ({ start: minutesToHhmm(span.start), end: minutesToHhmm(span.end) }))) };
}

/** Field name of one day's spans ("days.1" is Monday). */
export function dayField(day: number): string {
  return `days.${day}`;
}

export function scheduleFromForm(id: number, form: ScheduleForm): FormResult<Schedule> {
  const problems = new Problems();
  checkName(form.name, problems);
  const days = form.days.map((spans, day) => {
    const field = dayField(day);
    if (spans.length > MAX_SPANS_PER_DAY) problems.add(field, `at most ${MAX_SPANS_PER_DAY} time spans a day`);
    const parsed = spans.map((span, index) => {
      const start = hhmmToMinutes(span.start);
      const end = hhmmToMinutes(span.end);
      if (start === null || end === null) problems.add(field, `span ${index + 1}: times are HH:MM, from 00:00 to 24:00`);
      else if (end <= start) problems.add(field, `span ${index + 1}: ends before it starts`);
      return { start: start ?? 0, end: end ?? 0 };
    });
    const ordered = [...parsed].sort((a, b) => a.start - b.start);
    if (ordered.some((span, i) => i > 0 && span.start < (ordered[i - 1]?.end ?? 0))) problems.add(field, 'time spans overlap');
    return ordered;
  });
  return finish(scheduleSchema, { id, name: form.name.trim(), days }, problems);
}

/** "Mon–Fri 09:00–17:00"-style summary for the list: the days that have spans. */
export function scheduleSummary(schedule: Schedule): string {
  const parts: string[] = [];
  schedule.days.forEach((spans, day) => {
    if (spans.length > 0) parts.push(`${(DAY_NAMES[day] ?? '').slice(0, 3)} ${spans.map((s) => `${minutesToHhmm(s.start)}–${minutesToHhmm(s.end)}`).join(', ')}`);
  });
  return parts.length === 0 ? 'Never' : parts.join('; ');
}

/** The schedule every site has (devices know it as ID 1), when the database does not list it. */
export const ALWAYS_SCHEDULE: Schedule = {
  id: ALWAYS_SCHEDULE_ID,
  name: 'Always',
  days: DAY_NAMES.map(() => [{ start: 0, end: 1440 }]),
};

export function withAlways(schedules: readonly Schedule[]): Schedule[] {
  return schedules.some((s) => s.id === ALWAYS_SCHEDULE_ID) ? [...schedules] : [ALWAYS_SCHEDULE, ...schedules];
}

// ---- Doors --------------------------------------------------------------------------------

export interface DoorForm {
  name: string;
  /** Device IDs as text; '' until chosen (exit: none). */
  entryDeviceId: string;
  exitDeviceId: string;
  relayPort: string;
}

export function doorForm(door: Door | null): DoorForm {
  return {
    name: door?.name ?? '',
    entryDeviceId: door === null ? '' : String(door.entryDeviceId),
    exitDeviceId: door?.exitDeviceId == null ? '' : String(door.exitDeviceId),
    relayPort: String(door?.relayPort ?? 0),
  };
}

export function doorFromForm(id: number, form: DoorForm): FormResult<Door> {
  const problems = new Problems();
  checkName(form.name, problems);
  if (form.entryDeviceId === '') problems.add('entryDeviceId', 'choose the device at the entry');
  if (form.exitDeviceId !== '' && form.exitDeviceId === form.entryDeviceId) problems.add('exitDeviceId', 'the exit device must differ from the entry device');
  const relay = form.relayPort.trim();
  if (!/^\d{1,2}$/.test(relay) || Number(relay) > 15) problems.add('relayPort', 'the relay is a number from 0 to 15');
  return finish(
    doorSchema,
    { id, name: form.name.trim(), entryDeviceId: Number(form.entryDeviceId), exitDeviceId: form.exitDeviceId === '' ? null : Number(form.exitDeviceId), relayPort: Number(relay) },
    problems,
  );
}

// ---- Zones --------------------------------------------------------------------------------

export interface ZoneForm {
  name: string;
  deviceIds: number[];
}

export function zoneForm(zone: Zone | null): ZoneForm {
  return { name: zone?.name ?? '', deviceIds: zone?.deviceIds ?? [] };
}

export function zoneFromForm(id: number, form: ZoneForm): FormResult<Zone> {
  const problems = new Problems();
  checkName(form.name, problems);
  if (form.deviceIds.length === 0) problems.add('deviceIds', 'choose at least one device');
  return finish(zoneSchema, { id, name: form.name.trim(), kind: 'anti-passback', deviceIds: form.deviceIds }, problems);
}

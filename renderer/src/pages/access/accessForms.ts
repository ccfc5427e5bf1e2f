import {
  ALWAYS_SCHEDULE_ID,
  newAccessGroupSchema,
  newAccessLevelSchema,
  newScheduleSchema,
  type AccessGroup,
  type AccessLevel,
  type NewRecord,
  type Schedule,
} from '../../../../shared/domain/access';
import { hhmmToMinutes, minutesToHhmm } from '../../lib/timeText';
import { checkName, finish, Problems, type FormResult } from './formResult';

/**
 * The forms of access groups, access levels and schedules (doors: doorForm.ts, zones:
 * zoneForm.ts). A form makes a record without its ID: a new one gets its ID from the database,
 * an edited one keeps its own.
 */

// ---- Access groups ------------------------------------------------------------------------

export interface GroupForm {
  name: string;
  levelIds: number[];
}

export function groupForm(group: AccessGroup | null): GroupForm {
  return { name: group?.name ?? '', levelIds: group?.levelIds ?? [] };
}

export function groupFromForm(form: GroupForm): FormResult<NewRecord<AccessGroup>> {
  const problems = new Problems();
  checkName(form.name, problems);
  return finish(newAccessGroupSchema, { name: form.name.trim(), levelIds: form.levelIds }, problems);
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

export function levelFromForm(form: LevelForm): FormResult<NewRecord<AccessLevel>> {
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
  return finish(newAccessLevelSchema, { name: form.name.trim(), doorSchedules }, problems);
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

export function scheduleFromForm(form: ScheduleForm): FormResult<NewRecord<Schedule>> {
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
  return finish(newScheduleSchema, { name: form.name.trim(), days }, problems);
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

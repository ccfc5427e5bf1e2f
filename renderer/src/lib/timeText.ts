/**
 * Dates and times as forms show them. A user's period is stored in Unix seconds; the form uses
 * calendar dates at midnight UTC, as the CSV import does (shared/domain/userCsv.ts), so a date
 * typed here and the same date in a CSV give the same record.
 */

/** Unix seconds → "YYYY-MM-DD" (UTC) for <input type="date">; '' for no limit. */
export function dateInputFromSeconds(seconds: number | null): string {
  if (seconds === null) return '';
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

/** "YYYY-MM-DD" → Unix seconds at midnight UTC; null for ''; undefined when not a date. */
export function secondsFromDateInput(text: string): number | null | undefined {
  const value = text.trim();
  if (value === '') return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(year, month - 1, day);
  const date = new Date(ms);
  if (Number.isNaN(ms) || ms < 0 || date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return ms / 1000;
}

/** Minutes after midnight → "HH:MM"; 1440 is "24:00" (the end of the day). */
export function minutesToHhmm(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

/** "9:00", "09:00", "24:00" → minutes after midnight; null when not a time of day. */
export function hhmmToMinutes(text: string): number | null {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return null;
  const h = Number(match[1]);
  const m = Number(match[2]);
  if (m > 59 || h > 24 || (h === 24 && m !== 0)) return null;
  return h * 60 + m;
}

/** A remaining time in words: "less than 5 s", "40 s", "3 min", "1 h 5 min". */
export function formatRemaining(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 5) return 'less than 5 s';
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const h = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${h} h` : `${h} h ${rest} min`;
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

export function formatDateTime(ms: number): string {
  return dateTimeFormat.format(ms);
}

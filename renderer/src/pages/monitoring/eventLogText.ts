import type { EventTimeFilter } from '../../../../shared/domain/eventFilter';
import { eventTimeText } from './eventText';
import type { EventLogStatus } from './useEventLog';

/* The Event log's words: the time choices, what a multiple choice shows closed, where the reading stands. */

/** The time choices of the filter; `custom` is "between", edited in two fields. */
export const timeChoices = [
  { id: 'any', label: 'Any time', minutes: null },
  { id: '15m', label: 'Last 15 minutes', minutes: 15 },
  { id: '1h', label: 'Last hour', minutes: 60 },
  { id: '24h', label: 'Last 24 hours', minutes: 24 * 60 },
  { id: '7d', label: 'Last 7 days', minutes: 7 * 24 * 60 },
  { id: '30d', label: 'Last 30 days', minutes: 30 * 24 * 60 },
  { id: 'custom', label: 'Between…', minutes: null },
] as const;
export type TimeChoice = (typeof timeChoices)[number]['id'];

export function timeChoiceOf(time: EventTimeFilter): TimeChoice {
  if (time.kind === 'any') return 'any';
  if (time.kind === 'between') return 'custom';
  return timeChoices.find((choice) => choice.minutes === time.minutes)?.id ?? 'custom';
}

/**
 * The filter for a choice; `custom` starts from the range the previous choice covered (the last
 * hour becomes "from an hour ago"), so switching to it loses nothing.
 */
export function timeFilterOf(choice: TimeChoice, previous: EventTimeFilter, nowMs: number): EventTimeFilter {
  if (choice === 'any') return { kind: 'any' };
  if (choice === 'custom') {
    if (previous.kind === 'between') return previous;
    return { kind: 'between', from: previous.kind === 'last' ? nowMs - previous.minutes * 60_000 : null, to: null };
  }
  const minutes = timeChoices.find((entry) => entry.id === choice)?.minutes ?? 60;
  return { kind: 'last', minutes };
}

const two = (n: number): string => String(n).padStart(2, '0');

/** An instant as a datetime-local field shows it (local time, to the minute); '' for none. */
export function toLocalInput(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '';
  const at = new Date(ms);
  return `${at.getFullYear()}-${two(at.getMonth() + 1)}-${two(at.getDate())}T${two(at.getHours())}:${two(at.getMinutes())}`;
}

/** A datetime-local field's value as an instant; null for empty or unreadable. `end`: the whole last minute is included. */
export function fromLocalInput(text: string, end = false): number | null {
  if (text === '') return null;
  const ms = new Date(text).getTime();
  if (!Number.isFinite(ms) || ms < 0) return null;
  return end ? ms + 59_999 : ms;
}

/** A multiple choice, closed: "Any device", the one picked, or "3 devices". */
export function pickedText(picked: readonly string[], any: string, plural: string): string {
  if (picked.length === 0) return any;
  if (picked.length === 1) return picked[0] ?? any;
  return `${picked.length} ${plural}`;
}

const count = (n: number): string => `${n.toLocaleString('en-US')} matching ${n === 1 ? 'event' : 'events'}`;

/** Where the reading stands, in a sentence. */
export function eventLogSummary(status: EventLogStatus, shown: number, readBackTo: number | null, nowMs: number): string {
  const back = readBackTo === null ? '' : eventTimeText(readBackTo, nowMs);
  switch (status) {
    case 'loading':
      return 'Reading the event log…';
    case 'error':
      return 'The event log could not be read';
    case 'done':
      return shown === 0 ? 'No event matches this filter' : `${count(shown)}, all shown`;
    case 'more':
      return `The newest ${count(shown)}; scroll for older ones`;
    case 'reading':
      return back === '' ? `${count(shown)} so far; reading…` : `${count(shown)} so far; reading back to ${back}…`;
    case 'stopped':
      return back === '' ? `${count(shown)}; stopped` : `${count(shown)}; stopped at ${back}`;
  }
}

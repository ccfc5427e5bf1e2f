import { describe, expect, it } from 'vitest';
import { eventLogSummary, fromLocalInput, pickedText, timeChoiceOf, timeFilterOf, toLocalInput } from './eventLogText';

const NOW = new Date(2024, 4, 2, 18, 0, 0).getTime();

describe('event log words', () => {
  it('maps time choices to filters and back; Between starts from what the previous choice covered', () => {
    expect(timeFilterOf('1h', { kind: 'any' }, NOW)).toEqual({ kind: 'last', minutes: 60 });
    expect(timeChoiceOf({ kind: 'last', minutes: 60 })).toBe('1h');
    expect(timeChoiceOf({ kind: 'last', minutes: 61 })).toBe('custom');
    expect(timeChoiceOf({ kind: 'any' })).toBe('any');
    expect(timeFilterOf('custom', { kind: 'last', minutes: 60 }, NOW)).toEqual({ kind: 'between', from: NOW - 3_600_000, to: null });
    expect(timeFilterOf('custom', { kind: 'between', from: 5, to: 9 }, NOW)).toEqual({ kind: 'between', from: 5, to: 9 });
    expect(timeFilterOf('any', { kind: 'last', minutes: 60 }, NOW)).toEqual({ kind: 'any' });
  });

  it('reads and writes datetime-local values in local time; an end includes its whole minute', () => {
    const at = new Date(2024, 4, 2, 9, 5).getTime();
    expect(toLocalInput(at)).toBe('2024-05-02T09:05');
    expect(fromLocalInput('2024-05-02T09:05')).toBe(at);
    expect(fromLocalInput('2024-05-02T09:05', true)).toBe(at + 59_999);
    expect(fromLocalInput('')).toBeNull();
    expect(fromLocalInput('not a time')).toBeNull();
    expect(toLocalInput(null)).toBe('');
  });

  it('shows a closed multiple choice as any, the one picked, or a count', () => {
    expect(pickedText([], 'Any device', 'devices')).toBe('Any device');
    expect(pickedText(['Lobby'], 'Any device', 'devices')).toBe('Lobby');
    expect(pickedText(['Lobby', 'Dock', 'Gate'], 'Any device', 'devices')).toBe('3 devices');
  });

  it('says where the reading stands', () => {
    const back = new Date(2024, 4, 2, 9, 5, 7).getTime();
    expect(eventLogSummary('loading', 0, null, NOW)).toBe('Reading the event log…');
    expect(eventLogSummary('done', 0, null, NOW)).toBe('No event matches this filter');
    expect(eventLogSummary('done', 1, null, NOW)).toBe('1 matching event, all shown');
    expect(eventLogSummary('more', 1200, back, NOW)).toBe('The newest 1,200 matching events; scroll for older ones');
    expect(eventLogSummary('reading', 3, back, NOW)).toBe('3 matching events so far; reading back to 09:05:07…');
    expect(eventLogSummary('stopped', 3, back, NOW)).toBe('3 matching events; stopped at 09:05:07');
  });
});

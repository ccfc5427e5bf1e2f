import { describe, expect, it } from 'vitest';
import { dateInputFromSeconds, formatRemaining, hhmmToMinutes, minutesToHhmm, secondsFromDateInput } from './timeText';

describe('timeText', () => {
  it('turns period dates into midnight-UTC seconds and back', () => {
    const seconds = Date.UTC(2025, 0, 31) / 1000;
    expect(secondsFromDateInput('2025-01-31')).toBe(seconds);
    expect(dateInputFromSeconds(seconds)).toBe('2025-01-31');
    expect(secondsFromDateInput('')).toBeNull();
    expect(dateInputFromSeconds(null)).toBe('');
    expect(secondsFromDateInput('2025-02-30')).toBeUndefined();
    expect(secondsFromDateInput('2025-13-01')).toBeUndefined();
    expect(secondsFromDateInput('31/01/2025')).toBeUndefined();
  });

  it('reads and writes times of day, with 24:00 as the end of the day', () => {
    expect(hhmmToMinutes('9:05')).toBe(545);
    expect(hhmmToMinutes('24:00')).toBe(1440);
    expect(hhmmToMinutes('24:01')).toBeNull();
    expect(hhmmToMinutes('12:60')).toBeNull();
    expect(hhmmToMinutes('noon')).toBeNull();
    expect(minutesToHhmm(545)).toBe('09:05');
    expect(minutesToHhmm(1440)).toBe('24:00');
  });

  it('words a remaining time', () => {
    expect(formatRemaining(1_000)).toBe('less than 5 s');
    expect(formatRemaining(40_000)).toBe('40 s');
    expect(formatRemaining(180_000)).toBe('3 min');
    expect(formatRemaining(65 * 60_000)).toBe('1 h 5 min');
  });
});

import { describe, expect, it } from 'vitest';
import { eventDeviceText, eventTimeText, newEventsText } from './eventText';

describe('real-time log words', () => {
  it('shows the time of day for today, the date too for an older event, a dash for no time', () => {
    const now = new Date(2024, 4, 2, 18, 0, 0).getTime();
    expect(eventTimeText(new Date(2024, 4, 2, 9, 5, 7).getTime(), now)).toBe('09:05:07');
    expect(eventTimeText(new Date(2024, 4, 1, 23, 59, 59).getTime(), now)).toBe('2024-05-01 23:59:59');
    expect(eventTimeText(0, now)).toBe('—');
    expect(eventTimeText(Number.NaN, now)).toBe('—');
  });

  it('names the device when the console knows it, else shows its ID', () => {
    const names = new Map([
      [541530001, 'Main entrance'],
      [541530002, ''],
    ]);
    expect(eventDeviceText(541530001, names)).toBe('Main entrance');
    expect(eventDeviceText(541530002, names)).toBe('541530002');
    expect(eventDeviceText(999, names)).toBe('999');
    expect(eventDeviceText(null, names)).toBe('');
  });

  it('counts new events while paused', () => {
    expect(newEventsText(0)).toBe('0 new events');
    expect(newEventsText(1)).toBe('1 new event');
    expect(newEventsText(12_345)).toBe('12,345 new events');
  });
});

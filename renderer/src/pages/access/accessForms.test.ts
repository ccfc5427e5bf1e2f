import { describe, expect, it } from 'vitest';
import {
  ALWAYS_SCHEDULE,
  groupFromForm,
  levelFromForm,
  scheduleForm,
  scheduleFromForm,
  scheduleSummary,
  withAlways,
} from './accessForms';

describe('access forms', () => {
  it('builds a group, and names what is wrong with it', () => {
    expect(groupFromForm({ name: ' Staff ', levelIds: [1, 2] })).toEqual({ record: { name: 'Staff', levelIds: [1, 2] }, errors: {} });
    expect(groupFromForm({ name: '  ', levelIds: [] }).errors).toEqual({ name: ['enter a name'] });
    expect(groupFromForm({ name: 'x'.repeat(49), levelIds: [] }).errors).toEqual({ name: ['a name is at most 48 characters'] });
  });

  it('builds a level from door and schedule pairs', () => {
    expect(levelFromForm({ name: 'Day', rows: [{ doorId: '2', scheduleId: '1' }] }).record).toEqual({ name: 'Day', doorSchedules: [{ doorId: 2, scheduleId: 1 }] });
    expect(levelFromForm({ name: 'Day', rows: [{ doorId: '', scheduleId: '1' }] }).errors).toEqual({ doorSchedules: ['row 1: choose a door and a schedule'] });
    expect(levelFromForm({ name: 'Day', rows: [{ doorId: '2', scheduleId: '1' }, { doorId: '2', scheduleId: '1' }] }).errors).toEqual({
      doorSchedules: ['row 2: this door and schedule are already listed'],
    });
  });

  it('builds a weekly schedule from typed times, ordered, and refuses bad or overlapping spans', () => {
    const form = scheduleForm(null);
    expect(form.days[1]).toEqual([{ start: '09:00', end: '17:00' }]);
    const days = form.days.map((d) => [...d]);
    days[1] = [{ start: '13:00', end: '24:00' }, { start: '8:00', end: '12:00' }];
    const { record } = scheduleFromForm({ name: 'Office', days });
    expect(record?.days[1]).toEqual([{ start: 480, end: 720 }, { start: 780, end: 1440 }]);
    expect(record?.days[0]).toEqual([]);

    days[2] = [{ start: '10:00', end: '09:00' }];
    days[3] = [{ start: '9:00', end: '12:00' }, { start: '11:00', end: '13:00' }];
    days[4] = [{ start: 'nine', end: '12:00' }];
    expect(scheduleFromForm({ name: 'Office', days }).errors).toEqual({
      'days.2': ['span 1: ends before it starts'],
      'days.3': ['time spans overlap'],
      'days.4': ['span 1: times are HH:MM, from 00:00 to 24:00'],
    });
  });

  it('summarizes schedules and always offers "Always"', () => {
    expect(scheduleSummary({ id: 2, name: 'x', days: [[], [{ start: 540, end: 1020 }], [], [], [], [], []] })).toBe('Mon 09:00–17:00');
    expect(withAlways([]).map((s) => s.id)).toEqual([1]);
    expect(withAlways([{ ...ALWAYS_SCHEDULE, name: 'Always (site)' }])).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import {
  ALWAYS_SCHEDULE,
  doorForm,
  doorFromForm,
  groupFromForm,
  levelFromForm,
  nextId,
  scheduleForm,
  scheduleFromForm,
  scheduleSummary,
  withAlways,
  zoneFromForm,
} from './accessForms';

describe('access forms', () => {
  it('builds a group, and names what is wrong with it', () => {
    expect(groupFromForm(3, { name: ' Staff ', levelIds: [1, 2] })).toEqual({ record: { id: 3, name: 'Staff', levelIds: [1, 2] }, errors: {} });
    expect(groupFromForm(3, { name: '  ', levelIds: [] }).errors).toEqual({ name: ['enter a name'] });
    expect(groupFromForm(3, { name: 'x'.repeat(49), levelIds: [] }).errors).toEqual({ name: ['a name is at most 48 characters'] });
  });

  it('picks the next free ID', () => {
    expect(nextId([])).toBe(1);
    expect(nextId([{ id: 4 }, { id: 9 }])).toBe(10);
    expect(nextId([], 2)).toBe(2);
  });

  it('builds a level from door and schedule pairs', () => {
    expect(levelFromForm(1, { name: 'Day', rows: [{ doorId: '2', scheduleId: '1' }] }).record).toEqual({ id: 1, name: 'Day', doorSchedules: [{ doorId: 2, scheduleId: 1 }] });
    expect(levelFromForm(1, { name: 'Day', rows: [{ doorId: '', scheduleId: '1' }] }).errors).toEqual({ doorSchedules: ['row 1: choose a door and a schedule'] });
    expect(levelFromForm(1, { name: 'Day', rows: [{ doorId: '2', scheduleId: '1' }, { doorId: '2', scheduleId: '1' }] }).errors).toEqual({
      doorSchedules: ['row 2: this door and schedule are already listed'],
    });
  });

  it('builds a weekly schedule from typed times, ordered, and refuses bad or overlapping spans', () => {
    const form = scheduleForm(null);
    expect(form.days[1]).toEqual([{ start: '09:00', end: '17:00' }]);
    const days = form.days.map((d) => [...d]);
    days[1] = [{ start: '13:00', end: '24:00' }, { start: '8:00', end: '12:00' }];
    const { record } = scheduleFromForm(2, { name: 'Office', days });
    expect(record?.days[1]).toEqual([{ start: 480, end: 720 }, { start: 780, end: 1440 }]);
    expect(record?.days[0]).toEqual([]);

    days[2] = [{ start: '10:00', end: '09:00' }];
    days[3] = [{ start: '9:00', end: '12:00' }, { start: '11:00', end: '13:00' }];
    days[4] = [{ start: 'nine', end: '12:00' }];
    expect(scheduleFromForm(2, { name: 'Office', days }).errors).toEqual({
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

  it('builds a door, with an optional exit device and a relay', () => {
    expect(doorFromForm(5, { name: 'Main', entryDeviceId: '101', exitDeviceId: '', relayPort: '0' }).record).toEqual({
      id: 5,
      name: 'Main',
      entryDeviceId: 101,
      exitDeviceId: null,
      relayPort: 0,
    });
    expect(doorFromForm(5, { name: 'Main', entryDeviceId: '', exitDeviceId: '', relayPort: '16' }).errors).toEqual({
      entryDeviceId: ['choose the device at the entry'],
      relayPort: ['the relay is a number from 0 to 15'],
    });
    expect(doorFromForm(5, { name: 'Main', entryDeviceId: '7', exitDeviceId: '7', relayPort: '1' }).errors).toEqual({
      exitDeviceId: ['the exit device must differ from the entry device'],
    });
    expect(doorForm({ id: 5, name: 'Main', entryDeviceId: 7, exitDeviceId: 8, relayPort: 2 })).toEqual({ name: 'Main', entryDeviceId: '7', exitDeviceId: '8', relayPort: '2' });
  });

  it('builds an anti-passback zone of at least one device', () => {
    expect(zoneFromForm(1, { name: 'Lobby', deviceIds: [7, 8] }).record).toEqual({ id: 1, name: 'Lobby', kind: 'anti-passback', deviceIds: [7, 8] });
    expect(zoneFromForm(1, { name: 'Lobby', deviceIds: [] }).errors).toEqual({ deviceIds: ['choose at least one device'] });
  });
});

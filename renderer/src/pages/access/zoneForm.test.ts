import { describe, expect, it } from 'vitest';
import { resetSummary, withRole, zoneForm, zoneFromForm, type ZoneForm } from './zoneForm';

const form = (change: Partial<ZoneForm> = {}): ZoneForm => ({ ...zoneForm(null), name: 'Lobby', ...change });

describe('zone form', () => {
  it('builds an anti-passback zone with entry and exit readers, its mode and reset', () => {
    const members = withRole(withRole([], 7, 'entry'), 8, 'exit');
    expect(zoneFromForm(form({ members, mode: 'soft', resetMinutes: '90' })).record).toEqual({
      name: 'Lobby',
      kind: 'anti-passback',
      mode: 'soft',
      resetMinutes: 90,
      members: [
        { deviceId: 7, role: 'entry' },
        { deviceId: 8, role: 'exit' },
      ],
    });
    expect(zoneForm(null)).toMatchObject({ mode: 'hard', resetMinutes: '1440', members: [] });
  });

  it('says a zone needs a way in and a way out, and a reset within a week', () => {
    expect(zoneFromForm(form({ members: [{ deviceId: 7, role: 'entry' }], resetMinutes: '20000' })).errors).toEqual({
      members: ['choose at least one exit reader: anti-passback needs a way in and a way out'],
      resetMinutes: ['the reset is 0 (never) to 10080 minutes (a week)'],
    });
    expect(zoneFromForm(form()).errors.members).toHaveLength(2);
  });

  it('changes, adds and removes a device’s role', () => {
    const members = withRole(withRole([], 7, 'entry'), 8, 'entry');
    expect(withRole(members, 8, 'exit')).toEqual([
      { deviceId: 7, role: 'entry' },
      { deviceId: 8, role: 'exit' },
    ]);
    expect(withRole(members, 7, null)).toEqual([{ deviceId: 8, role: 'entry' }]);
  });

  it('words the reset time', () => {
    expect([0, 45, 60, 90, 1440].map(resetSummary)).toEqual(['never', '45 min', '1 h', '1 h 30 min', '24 h']);
  });
});

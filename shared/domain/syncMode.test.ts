import { describe, expect, it } from 'vitest';
import { DEFAULT_SYNC_MODE, pushesAutomatically, SYNC_MODE_TEXT, syncModeSchema, syncModes } from './syncMode';

describe('sync modes', () => {
  it('accepts the four modes only', () => {
    for (const mode of syncModes) expect(syncModeSchema.parse(mode)).toBe(mode);
    expect(syncModeSchema.safeParse('everything').success).toBe(false);
    expect(syncModeSchema.safeParse(undefined).success).toBe(false);
  });

  it('words every mode as BioStar 2 does, with an explanation', () => {
    expect(syncModes.map((mode) => SYNC_MODE_TEXT[mode].label)).toEqual([
      'Not used',
      'All devices',
      'All devices (including user update from device)',
      'Specific devices (only devices belonging to the access group)',
    ]);
    for (const mode of syncModes) expect(SYNC_MODE_TEXT[mode].explanation).toMatch(/^[A-Z].*\.$/);
  });

  it('pushes by itself in every mode but Not used, which is the default', () => {
    expect(DEFAULT_SYNC_MODE).toBe('not-used');
    expect(syncModes.filter(pushesAutomatically)).toEqual(['all', 'all-with-device', 'specific']);
  });
});

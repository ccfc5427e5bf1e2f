import { describe, expect, it } from 'vitest';
import { UNKNOWN_SYNC, type DeviceSync } from '../../../../shared/devices';
import { progressPercent, progressText, syncReasons, syncReasonText, syncTone } from './syncText';

const sync = (overrides: Partial<DeviceSync>): DeviceSync => ({ ...UNKNOWN_SYNC, ...overrides });

describe('sync wording', () => {
  it('words the reasons a device is out of sync, leaving out zeros', () => {
    expect(syncReasonText(sync({ state: 'out-of-sync', missing: 12, outdated: 3, onlyOnDevice: 1 }))).toBe('12 missing, 3 outdated, 1 only on device');
    expect(syncReasons(sync({ extra: 2 }))).toEqual(['2 to remove']);
    expect(syncReasonText(sync({ missing: 1, accessDiffers: ['2 access groups'] }))).toBe('1 missing; access data differs');
    expect(syncReasonText(sync({ accessDiffers: ['door Main entrance'] }))).toBe('access data differs');
    expect(syncReasonText(sync({}))).toBe('');
  });

  it('colours the mark: yellow out of sync, red on error, grey when the device is away', () => {
    expect(syncTone({ connection: 'connected', sync: sync({ state: 'out-of-sync' }) })).toBe('warn');
    expect(syncTone({ connection: 'connected', sync: sync({ state: 'error' }) })).toBe('error');
    expect(syncTone({ connection: 'connected', sync: sync({ state: 'in-sync' }) })).toBe('ok');
    expect(syncTone({ connection: 'connected', sync: sync({ state: 'syncing' }) })).toBe('busy');
    expect(syncTone({ connection: 'disconnected', sync: sync({ state: 'out-of-sync' }) })).toBe('muted');
    expect(syncTone({ connection: 'connected', sync: sync({ state: 'unknown' }) })).toBe('muted');
  });

  it('words progress with an estimate', () => {
    expect(progressText({ done: 40, total: 120, etaMs: 120_000 })).toBe('40 of 120 users · about 2 min left');
    expect(progressText({ done: 0, total: 1, etaMs: null })).toBe('0 of 1 user');
    expect(progressPercent({ done: 40, total: 120, etaMs: null })).toBe(33);
    expect(progressPercent({ done: 5, total: 0, etaMs: null })).toBe(0);
  });
});

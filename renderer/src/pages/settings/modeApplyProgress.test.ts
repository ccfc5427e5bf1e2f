import { describe, expect, it } from 'vitest';
import { UNKNOWN_SYNC, type DeviceSync, type DeviceView } from '../../../../shared/devices';
import { device } from '../../testing/fixtures';
import type { SyncModePreview } from '../../../../shared/domain/syncMode';
import { applyBaseline, applyProgress, bytesText } from './modeApplyProgress';

/** Device `site/N` with this sync state. */
function view(key: string, sync: Partial<DeviceSync>): DeviceView {
  return device(Number(key.split('/')[1]), { gatewayId: 'site', sync: { ...UNKNOWN_SYNC, ...sync } });
}
const devices = (...views: DeviceView[]): ReadonlyMap<string, DeviceView> => new Map(views.map((device) => [device.key, device]));

const preview: SyncModePreview = {
  mode: 'specific',
  devices: [
    { key: 'site/1', deviceId: 1, name: 'A', add: 0, update: 0, remove: 2, bytes: 0, offline: false },
    { key: 'site/2', deviceId: 2, name: 'B', add: 3, update: 0, remove: 0, bytes: 900, offline: false },
    { key: 'site/3', deviceId: 3, name: 'C', add: 0, update: 0, remove: 0, bytes: 0, offline: false },
    { key: 'site/4', deviceId: 4, name: 'D', add: 3, update: 0, remove: 0, bytes: 900, offline: true },
  ],
  totals: { add: 6, update: 0, remove: 2, bytes: 1800 },
  notConnected: [],
};

describe('the progress after a mode switch', () => {
  it('follows only the connected devices the preview changes, and counts one in sync only once checked since the switch', () => {
    const before = devices(view('site/1', { state: 'in-sync', checkedAt: 100 }), view('site/2', { state: 'out-of-sync', checkedAt: 100 }), view('site/3', { state: 'in-sync', checkedAt: 100 }));
    const baseline = applyBaseline(preview, before);
    expect([...baseline.keys()]).toEqual(['site/1', 'site/2']);
    // Still the state from before the switch: not counted.
    expect(applyProgress(baseline, before)).toEqual({ total: 2, inSync: 0, failed: 0, done: false });
    const midway = devices(view('site/1', { state: 'in-sync', checkedAt: 200 }), view('site/2', { state: 'syncing', checkedAt: 200 }));
    expect(applyProgress(baseline, midway)).toEqual({ total: 2, inSync: 1, failed: 0, done: false });
    const after = devices(view('site/1', { state: 'in-sync', checkedAt: 200 }), view('site/2', { state: 'error', checkedAt: 200 }));
    expect(applyProgress(baseline, after)).toEqual({ total: 2, inSync: 1, failed: 1, done: true });
  });

  it('is done at once when no device changes', () => {
    expect(applyProgress(new Map(), devices())).toEqual({ total: 0, inSync: 0, failed: 0, done: true });
  });

  it('says bytes in units an operator reads', () => {
    expect(bytesText(512)).toBe('512 B');
    expect(bytesText(1536)).toBe('1.5 KB');
    expect(bytesText(25 * 1024 * 1024)).toBe('25 MB');
  });
});

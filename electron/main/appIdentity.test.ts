import { describe, expect, it } from 'vitest';
import builderConfig from '../../electron-builder.config.mjs';
import { APP_USER_MODEL_ID, claimAppIdentity } from './appIdentity';

function fakeApp() {
  const ids: string[] = [];
  return { ids, app: { setAppUserModelId: (id: string) => void ids.push(id) } };
}

describe("the app's identity on Windows", () => {
  it('is the installer’s appId, which the NSIS shortcuts carry', () => {
    expect(APP_USER_MODEL_ID).toBe(builderConfig.appId);
  });

  it('is claimed on Windows, so the running window groups with its pinned shortcut', () => {
    const windows = fakeApp();
    claimAppIdentity(windows.app, 'win32');
    expect(windows.ids).toEqual([builderConfig.appId]);
    for (const platform of ['darwin', 'linux'] as const) {
      const other = fakeApp();
      claimAppIdentity(other.app, platform);
      expect(other.ids, platform).toEqual([]);
    }
  });
});

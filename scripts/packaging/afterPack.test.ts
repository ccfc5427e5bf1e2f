import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packedElectronBinary } from './afterPack.mjs';

// The Linux and macOS paths are exercised by packaging.test.ts on placeholder packs; Windows
// cannot be packed here, so its path is checked against electron-builder's own naming
// (`<productFilename>.exe`, PlatformPackager.addElectronFuses).
describe('the binary the afterPack hook flips', () => {
  const packager = { appInfo: { productFilename: 'Portcullis' } };
  const appOutDir = path.join('release', 'out');

  it('is the .exe on Windows', () => {
    expect(packedElectronBinary({ appOutDir, electronPlatformName: 'win32', packager })).toBe(path.join(appOutDir, 'Portcullis.exe'));
  });

  it('is the .app bundle on macOS, for the App Store build too', () => {
    for (const electronPlatformName of ['darwin', 'mas']) {
      expect(packedElectronBinary({ appOutDir, electronPlatformName, packager })).toBe(path.join(appOutDir, 'Portcullis.app'));
    }
  });

  it("is the Linux packager's executable name on Linux", () => {
    const linuxPackager = { ...packager, executableName: 'portcullis' };
    expect(packedElectronBinary({ appOutDir, electronPlatformName: 'linux', packager: linuxPackager })).toBe(path.join(appOutDir, 'portcullis'));
  });
});

import { FuseV1Options } from '@electron/fuses';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { packedElectronBinary, PORTCULLIS_FUSES } from './afterPack.mjs';

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

// packaging.test.ts checks that the packed binary carries PORTCULLIS_FUSES; this checks that
// they are the ones a console that never loads file:// and never runs as Node wants.
describe('the fuses the afterPack hook sets', () => {
  it('turn off running as Node, NODE_OPTIONS and --inspect, and load only an intact app.asar', () => {
    expect(PORTCULLIS_FUSES).toMatchObject({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.EnableCookieEncryption]: true,
    });
  });

  it('take away the extra privileges file:// pages get in Electron, since no window loads file://', () => {
    expect(PORTCULLIS_FUSES[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
  });
});

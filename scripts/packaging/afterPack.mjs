// @ts-check
// electron-builder's afterPack hook: flips the Electron fuses of the packed binary, before
// electron-builder signs it (a flipped fuse changes the binary, so it must come first).
// Fuses are switches compiled into Electron that no flag or environment variable can undo.
import { flipFuses, FuseV1Options, FuseVersion } from '@electron/fuses';
import electronBuilder from 'electron-builder';
import path from 'node:path';

const { Arch } = electronBuilder;

/**
 * @typedef {import('electron-builder').AfterPackContext} AfterPackContext
 */

/** The fuses of a packed Portcullis, and why each is set so. */
export const PORTCULLIS_FUSES = /** @type {const} */ ({
  version: FuseVersion.V1,
  // ELECTRON_RUN_AS_NODE would turn the signed app into a general-purpose Node.js.
  [FuseV1Options.RunAsNode]: false,
  // Cookies on disk encrypted with the OS keychain key, like safeStorage.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS could preload arbitrary code into the main process.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect and friends would open a debugger on the main process.
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash electron-builder embeds (Info.plist on macOS, a
  // resource of the .exe on Windows; Linux has no such check).
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  // Only app.asar is loaded: no app/ folder or loose files beside it can replace the app.
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  // No window ever loads file:// (the UI is app://, electron/main/appProtocol.ts), so file://
  // pages need none of the extra privileges Electron gives them (reading any file by fetch,
  // service workers). Main's net.fetch of file:// URLs, which serves app://, reads app.asar
  // whatever this fuse says.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
});

/**
 * The file @electron/fuses rewrites, named as electron-builder names it: the .app bundle on
 * macOS (@electron/fuses finds the framework inside), `<productFilename>.exe` on Windows, the
 * Linux packager's executableName on Linux.
 * @param {{ appOutDir: string, electronPlatformName: string, packager: { appInfo: { productFilename: string } } }} context
 */
export function packedElectronBinary(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  const productFilename = packager.appInfo.productFilename;
  if (electronPlatformName === 'darwin' || electronPlatformName === 'mas') return path.join(appOutDir, `${productFilename}.app`);
  if (electronPlatformName === 'win32') return path.join(appOutDir, `${productFilename}.exe`);
  const linuxName = 'executableName' in packager && typeof packager.executableName === 'string' ? packager.executableName : productFilename;
  return path.join(appOutDir, linuxName);
}

/** @param {AfterPackContext} context */
export default async function afterPack(context) {
  await flipFuses(packedElectronBinary(context), {
    ...PORTCULLIS_FUSES,
    // Apple silicon runs no unsigned code: an unsigned build needs its ad-hoc signature
    // renewed after the binary changed (a signed build is signed again after this hook).
    resetAdHocDarwinSignature: context.electronPlatformName === 'darwin' && context.arch === Arch.arm64,
  });
}

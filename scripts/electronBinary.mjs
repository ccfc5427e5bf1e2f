// Finds the Electron binary without triggering the npm package's download-on-first-use, which
// cannot work on machines with no access to Electron's download host (this one, CI).
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/** The path of the Electron executable, or null with the reason it is missing. */
export function findElectronBinary() {
  const require = createRequire(import.meta.url);
  let packageDir;
  try {
    packageDir = path.dirname(require.resolve('electron/package.json'));
  } catch {
    return { path: null, reason: 'the electron package is not installed (run npm ci)' };
  }
  const pathFile = path.join(packageDir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const candidate = override
    ? path.join(override, relative ?? (process.platform === 'win32' ? 'electron.exe' : 'electron'))
    : relative && path.join(packageDir, 'dist', relative);
  if (candidate && existsSync(candidate)) return { path: candidate, reason: null };
  return {
    path: null,
    reason:
      'the Electron binary is not downloaded (node_modules/electron/dist is empty); ' +
      'run `npx install-electron` on a machine that can reach Electron\'s download host, ' +
      'or set ELECTRON_OVERRIDE_DIST_PATH to an unpacked Electron',
  };
}

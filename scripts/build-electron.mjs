// Bundles the Electron main process and preload into dist/electron, beside the .proto files
// the gateway client loads at run time. Dependencies stay in node_modules (electron-builder
// ships them); only our own code is bundled.
import { build } from 'esbuild';
import { cp, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outDir = path.join(root, 'dist', 'electron');

await rm(outDir, { recursive: true, force: true });
const common = { bundle: true, platform: 'node', target: 'node22', sourcemap: true, logLevel: 'warning', absWorkingDir: root };

await build({
  ...common,
  entryPoints: ['electron/main/main.ts'],
  outfile: path.join(outDir, 'main.mjs'),
  format: 'esm',
  packages: 'external',
});
// A sandboxed preload is a single CommonJS script that may require only 'electron': one for
// the operator's window, one for the hidden database window.
for (const [entry, output] of [
  ['electron/main/preload.ts', 'preload.cjs'],
  ['electron/main/dbhostPreload.ts', 'dbhostPreload.cjs'],
]) {
  await build({ ...common, entryPoints: [entry], outfile: path.join(outDir, output), format: 'cjs', external: ['electron'] });
}
await cp(path.join(root, 'electron', 'gsdk', 'proto'), path.join(outDir, 'proto'), { recursive: true });
// The window's icon (electron/main/mainWindow.ts). 512 px: Linux desktops scale it down for
// the title bar and task switcher; the full 1024 px source would only add weight.
await cp(path.join(root, 'build', 'icons', '512x512.png'), path.join(outDir, 'icon.png'));
console.log('built dist/electron (main.mjs, preload.cjs, dbhostPreload.cjs, proto/, icon.png)');

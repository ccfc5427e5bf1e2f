// Builds everything the shells load: the renderer (Vite) and the Electron main + preload (esbuild).
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const vite = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vite.cmd' : 'vite');
for (const [command, args] of [[vite, ['build']], [process.execPath, [path.join(root, 'scripts', 'build-electron.mjs')]]]) {
  const { status } = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (status !== 0) process.exit(status ?? 1);
}

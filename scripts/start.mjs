// `npm start`: opens the console. In Electron when its binary is there; otherwise (a machine
// that cannot download Electron) it says so loudly and serves the same console to a browser
// through the dev/test host, on the same built-in virtual site.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electronBinary.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const electron = findElectronBinary();
const forward = process.argv.slice(2);

function run(command, args) {
  const child = spawn(command, args, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 1)));
}

if (electron.path) {
  run(electron.path, ['.', ...forward]);
} else {
  const banner = '='.repeat(78);
  console.error(`${banner}\nElectron is not available here: ${electron.reason}.\n` +
    `Starting the same console in your browser instead (dev/test host, virtual site).\n` +
    `Open the URL printed below.\n${banner}`);
  run(process.execPath, ['--import', 'tsx', path.join(root, 'electron', 'host', 'cli.ts'), '--no-build', ...forward]);
}

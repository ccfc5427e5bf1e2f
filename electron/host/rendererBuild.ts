import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Builds the renderer when its output is missing or older than its sources, so `npm run host`
 * from a fresh clone just works. Vite's chatter goes to stderr: stdout carries only the host's
 * ready line, which scripts read.
 */
export async function ensureRendererBuilt(repoRoot: string, outDir: string): Promise<void> {
  const builtAt = await mtime(path.join(outDir, 'index.html'));
  const sourcesAt = Math.max(await newest(path.join(repoRoot, 'renderer')), await newest(path.join(repoRoot, 'shared')));
  if (builtAt !== null && builtAt >= sourcesAt) return;
  console.error('building the renderer (sources changed since the last build)...');
  const { build, createLogger } = await import('vite');
  const logger = createLogger('warn');
  logger.info = (message) => console.error(message);
  await build({ configFile: path.join(repoRoot, 'vite.config.ts'), logLevel: 'warn', customLogger: logger });
}

async function mtime(file: string): Promise<number | null> {
  try {
    return (await stat(file)).mtimeMs;
  } catch {
    return null;
  }
}

async function newest(dir: string): Promise<number> {
  let latest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || entry.name.includes('.test.')) continue;
    latest = Math.max(latest, (await stat(path.join(entry.parentPath, entry.name))).mtimeMs);
  }
  return latest;
}

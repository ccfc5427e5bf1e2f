import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';

export interface RunningHost {
  url: string;
  /** The embedded virtual site's ports, when the host started one. */
  virtualSite: { grpcPort: number; controlPort: number } | null;
  stop(): Promise<void>;
}

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/**
 * Starts `electron/host/cli.ts` as a user would (`npm run host`), on free ports and a fresh data
 * folder, and waits for its ready line. The renderer must already be built (npm test does).
 */
export async function startHost(extraArgs: string[] = []): Promise<RunningHost> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'portcullis-host-'));
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(repoRoot, 'electron', 'host', 'cli.ts'), '--port', '0', '--no-build', '--data-dir', dataDir, ...extraArgs],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    const ready = await readyLine(child, 30_000);
    return {
      url: String(ready.url),
      virtualSite: (ready.virtualSite as RunningHost['virtualSite']) ?? null,
      async stop() {
        await stopChild(child);
        await rm(dataDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`the host did not start: ${(error as Error).message}\n${stderr}`, { cause: error });
  }
}

function readyLine(child: ChildProcess, timeoutMs: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within ${timeoutMs} ms`)), timeoutMs);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as Record<string, unknown>;
        if (parsed.ready === true) {
          clearTimeout(timer);
          resolve(parsed);
        }
      } catch {
        // Not the ready line.
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited with code ${code}`));
    });
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

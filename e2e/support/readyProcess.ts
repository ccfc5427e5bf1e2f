import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');

export interface ReadyProcess {
  ready: Record<string, unknown>;
  stop(): Promise<void>;
}

/**
 * Runs one of our TypeScript CLIs (`electron/host/cli.ts`, `electron/sim/cli.ts`) as a user
 * would and waits for the one JSON line with `"ready":true` it prints when it is serving.
 */
export async function startReadyProcess(script: string, args: string[], timeoutMs = 30_000): Promise<ReadyProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, script), ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  try {
    const ready = await readyLine(child, timeoutMs);
    return { ready, stop: () => stopChild(child) };
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${script} did not start: ${(error as Error).message}\n${stderr}`, { cause: error });
  }
}

function readyLine(child: ChildProcess, timeoutMs: number): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ready line within ${timeoutMs} ms`)), timeoutMs);
    createInterface({ input: child.stdout! }).on('line', (line) => {
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

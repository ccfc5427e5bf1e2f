import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';

/**
 * The virtual gateway in a child process (`npm run sim`), so its CPU is not the console's: a
 * benchmark measures the console against a gateway that works beside it, as a real one would.
 */
export interface SimChild {
  grpcPort: number;
  controlPort: number;
  /** Calls the control API (README of electron/sim); throws on a non-2xx answer. */
  control(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<unknown>;
  stop(): Promise<void>;
}

export async function startSimChild(): Promise<SimChild> {
  const child: ChildProcess = spawn('npm', ['run', '--silent', 'sim', '--', '--insecure', '--devices', '0'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    // Its own process group, so stopping it stops tsx and node under npm too.
    detached: true,
  });
  const ready = await new Promise<{ grpcPort: number; controlPort: number }>((resolve, reject) => {
    if (!child.stdout) return reject(new Error('the virtual gateway has no stdout'));
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      try {
        const parsed = JSON.parse(line) as { ready?: boolean; grpcPort: number; controlPort: number };
        if (parsed.ready) resolve(parsed);
      } catch {
        // not the ready line
      }
    });
    child.once('exit', (code) => reject(new Error(`the virtual gateway exited with code ${String(code)} before it was ready`)));
  });
  const base = `http://127.0.0.1:${ready.controlPort}`;
  return {
    ...ready,
    async control(method, path, body) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
      return text === '' ? null : (JSON.parse(text) as unknown);
    },
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    },
  };
}

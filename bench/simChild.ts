import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
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
  /** CPU time (user + system, ms) the gateway's processes used so far; null where /proc is not there. */
  cpuMs(): number | null;
  stop(): Promise<void>;
}

/** Sums the CPU time of every process in a process group (Linux /proc; clock ticks of 10 ms). */
function processGroupCpuMs(group: number): number | null {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return null;
  }
  let ticks = 0;
  for (const pid of entries) {
    try {
      // Fields after the command name: state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      if (Number(fields[2]) === group) ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // the process ended meanwhile
    }
  }
  return ticks * 10;
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
    cpuMs: () => (child.pid === undefined ? null : processGroupCpuMs(child.pid)),
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      await exited;
    },
  };
}

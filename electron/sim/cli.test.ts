import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GatewayClient } from '../gsdk/client';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));

let dir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'sim-cli-'));
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

function startCli(args: string[]): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return child;
}

function readyLine(child: ChildProcess): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`cli exited with ${code}: ${stderr}`)));
    if (!child.stdout) throw new Error('no stdout');
    createInterface({ input: child.stdout }).once('line', (line) => resolve(JSON.parse(line) as Record<string, unknown>));
  });
}

function exitCode(child: ChildProcess): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stderr }));
  });
}

it('starts a plaintext gateway with its control API, prints the ready line, and stops on SIGTERM', async () => {
  const child = startCli(['--port', '0', '--control-port', '0', '--devices', '5', '--insecure']);
  const ready = await readyLine(child);
  expect(ready).toMatchObject({ ready: true, devices: 5 });
  expect(ready.caCert).toBeUndefined();
  const devices = (await (await fetch(`http://127.0.0.1:${String(ready.controlPort)}/devices`)).json()) as unknown[];
  expect(devices).toHaveLength(5);
  const client = new GatewayClient({ host: '127.0.0.1', port: Number(ready.grpcPort), caCert: null });
  try {
    expect(await client.connect.getDeviceList()).toHaveLength(5);
  } finally {
    client.close();
  }
  const exited = exitCode(child);
  child.kill('SIGTERM');
  expect((await exited).code).toBe(0);
});

it('loads a seed file and serves TLS with the CA it names', async () => {
  const seed = path.join(dir, 'seed.json');
  await writeFile(
    seed,
    JSON.stringify({
      devices: [{ deviceID: 900001, name: 'Seeded', model: 'XPass 2', users: [{ ID: '9', cards: [{ data: 'AQIDBA==' }] }] }],
    }),
  );
  const child = startCli(['--seed', seed, '--cert-dir', path.join(dir, 'certs')]);
  const ready = await readyLine(child);
  expect(ready).toMatchObject({ ready: true, devices: 1, caCert: path.join(dir, 'certs', 'ca.crt') });
  const client = new GatewayClient({
    host: '127.0.0.1',
    port: Number(ready.grpcPort),
    caCert: await readFile(String(ready.caCert)),
  });
  try {
    expect((await client.user.getList(900001)).map((hdr) => hdr.ID)).toEqual(['9']);
  } finally {
    client.close();
  }
  child.kill('SIGINT');
  expect((await exitCode(child)).code).toBe(0);
});

it('exits with code 2 and a message on bad arguments', async () => {
  const [unknown, badPort] = await Promise.all([
    exitCode(startCli(['--no-such-flag'])),
    exitCode(startCli(['--port', 'http'])),
  ]);
  expect(unknown.code).toBe(2);
  expect(unknown.stderr).toMatch(/no-such-flag/);
  expect(badPort.code).toBe(2);
  expect(badPort.stderr).toMatch(/--port must be a port number/);
});

import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { CONTENT_SECURITY_POLICY } from '../../shared/contentSecurityPolicy';
import { MAX_CSV_CHARS, MAX_REQUEST_FRAME_BYTES } from '../../shared/ipc/contract';
import { startConsoleRuntime, type ConsoleRuntime } from '../core/consoleRuntime';
import { startHostServer, type HostServer } from './hostServer';

let dir: string;
let runtime: ConsoleRuntime;
let host: HostServer;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'host-test-'));
  const rendererDir = path.join(dir, 'renderer');
  await mkdir(rendererDir);
  await writeFile(path.join(rendererDir, 'index.html'), '<!doctype html><title>Portcullis</title>');
  await writeFile(path.join(dir, 'secret.txt'), 'not for the browser');
  // Every connection starts signed in (the host's --signed-in-as); sign-in itself is tested in operators/.
  runtime = await startConsoleRuntime({ shell: 'host', version: 'test', dataDir: dir, gateway: null, virtualSite: { devices: 3 }, signedInAs: 'host test', accounts: { scrypt: { N: 1024, r: 8, p: 1 } } });
  host = await startHostServer({ core: runtime.core, rendererDir, port: 0 });
});

afterAll(async () => {
  await host.close();
  await runtime.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Opens the bridge as a script (no Origin) or as a page of `origin`; resolves when open or refused. */
function openBridge(origin?: string): Promise<WebSocket> {
  const socket = new WebSocket(`${host.url.replace('http', 'ws')}bridge`, origin ? { origin } : {});
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`refused with ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

/** Sends one raw frame and returns the next message, or the close code if the host hangs up. */
function exchange(socket: WebSocket, frame: string): Promise<{ message?: Record<string, unknown>; closeCode?: number }> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData): void => {
      const message = JSON.parse(data.toString()) as Record<string, unknown>;
      if (message.type !== 'response') return; // pushed events may interleave
      socket.off('message', onMessage);
      resolve({ message });
    };
    socket.on('message', onMessage);
    socket.once('close', (closeCode) => resolve({ closeCode }));
    socket.send(frame);
  });
}

describe('dev/test host', () => {
  it('serves the UI with the CSP and never a file outside it', async () => {
    const page = await fetch(host.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    for (const attempt of ['../secret.txt', '%2e%2e/secret.txt', '..%5csecret.txt']) {
      const response = await fetch(`${host.url}${attempt}`);
      expect(await response.text(), attempt).not.toContain('not for the browser');
    }
    expect((await fetch(host.url, { method: 'POST' })).status).toBe(405);
  });

  it('answers contract requests over the bridge with the virtual site devices', async () => {
    const socket = await openBridge();
    try {
      const { message } = await exchange(socket, JSON.stringify({ type: 'request', id: 1, name: 'getAppInfo' }));
      expect(message).toMatchObject({ id: 1, ok: true, result: { shell: 'host', virtualSite: { grpcPort: runtime.virtualSite?.gateway.grpcPort } } });
      const list = await exchange(socket, JSON.stringify({ type: 'request', id: 2, name: 'listGateways' }));
      expect(list.message).toMatchObject({ id: 2, ok: true, result: [{ id: 'virtual', kind: 'virtual', tls: true }] });
    } finally {
      socket.close();
    }
  });

  it('pushes device changes to bridge clients', async () => {
    const socket = await openBridge();
    const target = runtime.virtualSite!.gateway.devices()[0]!;
    const sawDisconnect = new Promise<void>((resolve) => {
      socket.on('message', (data) => {
        const message = JSON.parse(data.toString()) as { type: string; name?: string; payload?: { upserted?: { deviceID: number; connection: string }[] } };
        const device = message.payload?.upserted?.find((d) => d.deviceID === target.deviceID);
        if (message.name === 'devicesChanged' && device?.connection === 'disconnected') resolve();
      });
    });
    try {
      runtime.virtualSite!.gateway.setNetwork(target.deviceID, false);
      await sawDisconnect;
    } finally {
      runtime.virtualSite!.gateway.setNetwork(target.deviceID, true);
      socket.close();
    }
  });

  it('answers requests off the contract with ok:false and the reason', async () => {
    const socket = await openBridge();
    try {
      const unknown = await exchange(socket, JSON.stringify({ type: 'request', id: 3, name: 'wipeAllDevices' }));
      expect(unknown.message).toMatchObject({ id: 3, ok: false, error: { message: 'unknown request "wipeAllDevices"' } });
      const badArgs = await exchange(socket, JSON.stringify({ type: 'request', id: 4, name: 'retryGateway', args: { gatewayId: 42 } }));
      expect(badArgs.message).toMatchObject({ id: 4, ok: false });
      expect(String((badArgs.message?.error as { message: string }).message)).toContain('invalid arguments for retryGateway');
    } finally {
      socket.close();
    }
  });

  it('keeps one session per connection: signing out on one leaves the other signed in', async () => {
    const [first, second] = await Promise.all([openBridge(), openBridge()]);
    try {
      const request = (socket: WebSocket, id: number, name: string) => exchange(socket, JSON.stringify({ type: 'request', id, name }));
      expect((await request(first, 1, 'getSession')).message).toMatchObject({ ok: true, result: { state: 'signedIn', operator: { name: 'host test', role: 'administrator' } } });
      expect((await request(first, 2, 'signOut')).message).toMatchObject({ ok: true, result: { state: 'signedOut' } });
      const refused = await request(first, 3, 'listDevices');
      expect(refused.message).toMatchObject({ ok: false, error: { message: 'Refused: sign in first (listDevices).' } });
      expect((await request(second, 4, 'listDevices')).message).toMatchObject({ ok: true });
    } finally {
      first.close();
      second.close();
    }
  });

  it('hangs up on frames that are not bridge requests', async () => {
    for (const frame of ['not json', '{"type":"request","id":-1,"name":"x"}', JSON.stringify({ type: 'request', id: 1, name: 'x'.repeat(500) })]) {
      const socket = await openBridge();
      expect((await exchange(socket, frame)).closeCode, frame.slice(0, 40)).toBe(1007);
    }
  });

  it('takes a request as large as the contract allows (a 20 MB CSV import), and hangs up on a larger frame', async () => {
    const header = 'user_id,name\n';
    const line = '1,Ünal Çelik\n';
    const csv = header + line.repeat(Math.floor((MAX_CSV_CHARS - header.length) / line.length));
    expect(csv.length).toBeLessThanOrEqual(MAX_CSV_CHARS);
    const socket = await openBridge();
    try {
      const { message } = await exchange(socket, JSON.stringify({ type: 'request', id: 9, name: 'importUsers', args: { csv } }));
      // This host has no database attached, so the import is answered (not cut off) with why it cannot run.
      expect(message).toMatchObject({ id: 9, ok: false });
      expect(String((message?.error as { message: string }).message)).toContain('no database');
    } finally {
      socket.close();
    }
    const oversized = await openBridge();
    expect((await exchange(oversized, 'x'.repeat(MAX_REQUEST_FRAME_BYTES + 1))).closeCode).toBe(1009);
  });

  it('refuses pages of other origins: another site open in the browser must not drive the console', async () => {
    await expect(openBridge('https://evil.test')).rejects.toThrow('refused with 403');
    const ownPage = await openBridge(host.url.replace(/\/$/, ''));
    expect(ownPage.readyState).toBe(WebSocket.OPEN);
    ownPage.close();
  });
});

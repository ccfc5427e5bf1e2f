import { mkdtemp, mkdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../shared/contentSecurityPolicy';
import { createAppProtocolHandler } from './appProtocol';

// Stands in for Electron's net.fetch on file:// URLs: reads the file or answers 404.
async function fetchFile(url: string): Promise<Response> {
  try {
    return new Response(await readFile(fileURLToPath(url)), { headers: { 'Content-Type': 'text/plain' } });
  } catch {
    return new Response(null, { status: 404 });
  }
}

let root: string;
let handler: ReturnType<typeof createAppProtocolHandler>;

beforeAll(async () => {
  const base = await mkdtemp(path.join(tmpdir(), 'app-protocol-'));
  root = path.join(base, 'renderer');
  await mkdir(path.join(root, 'assets'), { recursive: true });
  await writeFile(path.join(root, 'index.html'), '<!doctype html>');
  await writeFile(path.join(root, 'assets', 'app.js'), 'ok');
  await writeFile(path.join(base, 'secret.txt'), 'do not serve');
  handler = createAppProtocolHandler(root, fetchFile);
});

describe('app:// protocol handler', () => {
  it('serves files of the renderer folder with the CSP header', async () => {
    const response = await handler(new Request('app://portcullis/assets/app.js'));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('ok');
    expect(response.headers.get('Content-Security-Policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('serves index.html for the root', async () => {
    expect(await (await handler(new Request('app://portcullis/'))).text()).toBe('<!doctype html>');
  });

  it('refuses to leave the renderer folder', async () => {
    for (const url of ['app://portcullis/%2e%2e/secret.txt', 'app://portcullis/..%2fsecret.txt', 'app://portcullis/assets%5c..%5c..%5csecret.txt']) {
      // Either the URL parser folds the dots back inside the folder (404) or the guard refuses (400).
      const response = await handler(new Request(url));
      expect([400, 404], url).toContain(response.status);
      expect(await response.text(), url).not.toContain('do not serve');
    }
  });

  it('answers only its own host and GET', async () => {
    expect((await handler(new Request('app://elsewhere/index.html'))).status).toBe(404);
    expect((await handler(new Request('app://portcullis/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
    expect((await handler(new Request('app://portcullis/missing.js'))).status).toBe(404);
  });
});

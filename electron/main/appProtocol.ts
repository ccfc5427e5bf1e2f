import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../../shared/contentSecurityPolicy';
import { staticRelativePath } from '../../shared/staticPath';
import { APP_ORIGIN } from './ipc/trustedSender';

export const APP_SCHEME = 'app';
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** The file-fetching part of Electron's `net`, injected so this module runs (and is tested) without Electron. */
export type FetchFile = (fileUrl: string) => Promise<Response>;

/**
 * Answers app:// requests from the built renderer folder: only our host name, only paths that
 * stay inside the folder, with the CSP as a header. The UI never loads from file://.
 */
export function createAppProtocolHandler(rendererDir: string, fetchFile: FetchFile) {
  return async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (`${url.protocol}//${url.host}` !== APP_ORIGIN) return new Response('unknown host', { status: 404 });
    if (request.method !== 'GET') return new Response('method not allowed', { status: 405 });
    const relative = staticRelativePath(url.pathname);
    if (relative === null) return new Response('bad path', { status: 400 });
    const upstream = await fetchFile(pathToFileURL(path.join(rendererDir, relative)).href);
    if (!upstream.ok) return new Response('not found', { status: 404 });
    const headers = new Headers(upstream.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(upstream.body, { status: 200, headers });
  };
}

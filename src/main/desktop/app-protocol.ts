import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { RENDERER_CSP } from '../../shared/csp';
import { APP_HOST } from './web-security';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

/**
 * Serves the built renderer for `app://switchboard/…`. GET only, our host only, and a resolved path that must
 * stay inside the renderer folder (Actual Budget's traversal guard), so `app://switchboard/../../etc/passwd`
 * and encoded variants get 404.
 */
export function createAppProtocolHandler(rendererDir: string) {
  const root = resolve(rendererDir);
  return async (request: { url: string; method: string }): Promise<Response> => {
    if (request.method !== 'GET') return new Response('method not allowed', { status: 405 });
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return new Response('bad request', { status: 400 });
    }
    if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
    let pathname: string;
    try {
      pathname = decodeURIComponent(url.pathname);
    } catch {
      return new Response('bad request', { status: 400 });
    }
    if (pathname.includes('\0')) return new Response('bad request', { status: 400 });
    const file = resolve(root, `.${pathname === '/' ? '/index.html' : pathname}`);
    if (file !== root && !file.startsWith(root + sep)) return new Response('not found', { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(body, {
        status: 200,
        headers: {
          'content-type': contentTypes[extname(file)] ?? 'application/octet-stream',
          'content-security-policy': RENDERER_CSP,
          'x-content-type-options': 'nosniff',
        },
      });
    } catch {
      return new Response('not found', { status: 404 });
    }
  };
}

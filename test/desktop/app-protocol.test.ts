import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAppProtocolHandler } from '../../src/main/desktop/app-protocol';
import { useTempDirs } from '../helpers/temp-dir';

describe('the app:// protocol handler', () => {
  const tempDir = useTempDirs();

  function setup() {
    const root = tempDir();
    const renderer = join(root, 'renderer');
    mkdirSync(join(renderer, 'assets'), { recursive: true });
    writeFileSync(join(renderer, 'index.html'), '<!doctype html>');
    writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(join(root, 'secret.txt'), 'outside');
    return createAppProtocolHandler(renderer);
  }

  it('serves files of the renderer with their type and the CSP', async () => {
    const handle = setup();
    const page = await handle({ url: 'app://switchboard/index.html', method: 'GET' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const script = await handle({ url: 'app://switchboard/assets/app.js', method: 'GET' });
    expect(script.headers.get('content-type')).toMatch(/javascript/);
    expect((await handle({ url: 'app://switchboard/', method: 'GET' })).status).toBe(200);
  });

  it('never serves a file outside the renderer folder', async () => {
    const handle = setup();
    for (const url of ['app://switchboard/../secret.txt', 'app://switchboard/%2e%2e/secret.txt', 'app://switchboard/..%2fsecret.txt', 'app://switchboard/assets/..%2f..%2fsecret.txt']) {
      const response = await handle({ url, method: 'GET' });
      expect(response.status, url).toBeGreaterThanOrEqual(400);
      expect(await response.text()).not.toContain('outside');
    }
  });

  it('refuses other hosts, other methods, NUL bytes and broken escapes', async () => {
    const handle = setup();
    expect((await handle({ url: 'app://elsewhere/index.html', method: 'GET' })).status).toBe(404);
    expect((await handle({ url: 'app://switchboard/index.html', method: 'POST' })).status).toBe(405);
    expect((await handle({ url: 'app://switchboard/index.html%00.js', method: 'GET' })).status).toBe(400);
    expect((await handle({ url: 'app://switchboard/%E0%A4%A', method: 'GET' })).status).toBe(400);
    expect((await handle({ url: 'app://switchboard/missing.js', method: 'GET' })).status).toBe(404);
  });
});

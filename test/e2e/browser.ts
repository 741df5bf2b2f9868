import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterEach, inject } from 'vitest';
import { CHROMIUM_ARGS } from './chromium';

export const ARTIFACTS = resolve('test/e2e/artifacts');

/** A fresh headless Debian Chromium per test (Playwright's own browsers are never downloaded). */
export function useBrowser() {
  const contexts: { context: BrowserContext; dir: string }[] = [];
  afterEach(async () => {
    for (const { context, dir } of contexts.splice(0)) {
      await context.close().catch(() => {});
      rmSync(dir, { recursive: true, force: true });
    }
  });
  return async (options: { colorScheme?: 'light' | 'dark' } = {}): Promise<Page> => {
    const dir = mkdtempSync(join(tmpdir(), 'switchboard-chromium-'));
    const context = await chromium.launchPersistentContext(dir, {
      executablePath: inject('chromePath'),
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 800 },
      colorScheme: options.colorScheme ?? 'light',
    });
    contexts.push({ context, dir });
    return context.pages()[0] ?? (await context.newPage());
  };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

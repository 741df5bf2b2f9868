import { existsSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import type { TestProject } from 'vitest/node';
import { ensureChromium } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    chromePath: string;
  }
}

/** The e2e tests run against the built app; build it when missing (npm test builds before this step). */
export default function setup(project: TestProject): void {
  if (!existsSync('out/main/cli.js') || !existsSync('out/renderer/index.html')) {
    execFileSync(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'build'], { stdio: 'inherit' });
  }
  project.provide('chromePath', ensureChromium());
}

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as { version: string };
const define = { __APP_VERSION__: JSON.stringify(pkg.version) };
const alias = { '@shared': resolve(import.meta.dirname, 'src/shared') };
const cliEntry = resolve(import.meta.dirname, 'src/main/headless/cli.ts');

/**
 * The modules the CLI imports statically (its commands, the control client, what they use): one chunk of their own.
 * Left to itself the bundler puts everything the desktop and the CLI share into one chunk, so `switchboard status`
 * loaded Fastify, the A2A SDK and the whole core to make one HTTP call (issue 15); `serve` imports the node lazily.
 */
function cliChunk() {
  let reached: Set<string> | undefined;
  return (id: string, ctx: { getModuleInfo(id: string): { importedIds: readonly string[] } | null }): string | null => {
    if (!reached) {
      reached = new Set();
      const stack = [cliEntry];
      for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
        if (reached.has(next)) continue;
        reached.add(next);
        stack.push(...(ctx.getModuleInfo(next)?.importedIds ?? []));
      }
    }
    return id !== cliEntry && reached.has(id) && !id.includes('node_modules') ? 'cli' : null;
  };
}

export default defineConfig({
  main: {
    define,
    resolve: { alias },
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          // The Electron main process (desktop face).
          index: resolve(import.meta.dirname, 'src/main/desktop/index.ts'),
          // The headless face and CLI: runs under plain Node, never imports electron.
          cli: cliEntry,
        },
        output: { chunkFileNames: 'chunks/core-[hash].js', codeSplitting: { groups: [{ name: cliChunk(), debugName: 'cli' }] } },
      },
    },
  },
  preload: {
    define,
    resolve: { alias },
    build: {
      outDir: 'out/preload',
      // A sandboxed preload cannot require node_modules: bundle everything into one CommonJS file.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'src/renderer'),
    define,
    resolve: { alias },
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      minify: true,
      rollupOptions: { input: { index: resolve(import.meta.dirname, 'src/renderer/index.html') } },
    },
  },
});

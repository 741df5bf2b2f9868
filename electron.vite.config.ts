import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

const pkg = JSON.parse(readFileSync(resolve(import.meta.dirname, 'package.json'), 'utf8')) as { version: string };
const define = { __APP_VERSION__: JSON.stringify(pkg.version) };
const alias = { '@shared': resolve(import.meta.dirname, 'src/shared') };

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
          cli: resolve(import.meta.dirname, 'src/main/headless/cli.ts'),
        },
        output: { chunkFileNames: 'chunks/core-[hash].js' },
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

#!/usr/bin/env node
// The `switchboard` command: a thin launcher for the built CLI (out/main/cli.js).
import { existsSync } from 'node:fs';

const entry = new URL('../out/main/cli.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('switchboard: this checkout is not built yet. Run `npm run build` (or `npm start`) first.\n');
  process.exit(1);
}
await import(entry.href);

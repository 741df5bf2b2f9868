// Renders resources/*.svg to the PNGs Electron and electron-builder need, with the machine's Chromium.
// Run on demand (`node scripts/render-icons.mjs`) after editing an SVG; the PNGs are committed.
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const outputs = [
  { svg: 'resources/icon.svg', png: 'resources/icon.png', size: 512 },
  { svg: 'resources/icon.svg', png: 'resources/tray.png', size: 32 },
  { svg: 'resources/tray-template.svg', png: 'resources/trayTemplate.png', size: 16 },
  { svg: 'resources/tray-template.svg', png: 'resources/trayTemplate@2x.png', size: 32 },
];

const dir = mkdtempSync(join(tmpdir(), 'icons-'));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
const page = context.pages()[0] ?? (await context.newPage());
for (const { svg, png, size } of outputs) {
  const markup = readFileSync(svg, 'utf8');
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<html><body style="margin:0;background:transparent">${markup.replace('<svg ', `<svg width="${size}" height="${size}" `)}</body></html>`);
  await page.screenshot({ path: png, omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  console.log(`${png} (${size}px)`);
}
await context.close();
rmSync(dir, { recursive: true, force: true });

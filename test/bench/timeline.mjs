// Benchmark: the Timeline in a real Chromium (Debian's, through playwright-core, as the e2e tests run it) on a node
// holding 100,000 messages: time from the click on "Timeline" to its first rows, and the longest task
// (PerformanceObserver "longtask", anything over 50 ms) while opening and while scrolling back through older pages.
// Beside it, the same screen on an empty node (what any screen change costs). Part of `npm run bench`; alone:
//   node test/bench/timeline.mjs        (BENCH_TIMELINE_MESSAGES changes the count; CHROME_PATH the browser)
/* global window, document, MutationObserver -- these callbacks run in the page (page.evaluate), not in Node. */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { startNode } from './lib.mjs';
import { seed } from './seed.mjs';

// The flags the e2e tests use (test/e2e/chromium.ts): quiet, no network of its own.
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

function chromePath() {
  const found = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((path) => path && existsSync(path));
  if (!found) throw new Error('The Timeline part needs Chromium: install it (apt-get install chromium) or set CHROME_PATH.');
  return found;
}

/** Opens the console, then the Timeline; resolves to first-rows time and the longest tasks, in ms. */
async function openTimeline(node, { scroll }) {
  const profile = mkdtempSync(join(tmpdir(), 'switchboard-bench-chromium-'));
  const context = await chromium.launchPersistentContext(profile, { executablePath: chromePath(), headless: true, args: ARGS, viewport: { width: 1280, height: 800 } });
  try {
    await node.call('settings.update', { setupDone: true }).catch(() => {});
    const page = context.pages()[0] ?? (await context.newPage());
    await page.addInitScript(() => {
      window.__tasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) window.__tasks.push({ at: entry.startTime, ms: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`http://127.0.0.1:${node.control.port}/#token=${node.control.token}`);
    await page.getByRole('button', { name: /^Timeline/ }).waitFor();
    await page.waitForTimeout(500);
    // The clock starts in the page, just before the click, and stops when the first row is in the DOM.
    await page.evaluate(() => {
      window.__firstRow = new Promise((resolve) => {
        const check = () => document.querySelector('[data-testid="timeline-row"], .timeline-screen .empty-state');
        if (check()) return resolve(performance.now());
        new MutationObserver((_, observer) => {
          if (check()) {
            observer.disconnect();
            resolve(performance.now());
          }
        }).observe(document.body, { childList: true, subtree: true });
      });
    });
    const clicked = await page.evaluate(() => performance.now());
    await page.getByRole('button', { name: /^Timeline/ }).click();
    const firstRow = await page.evaluate(() => window.__firstRow);
    await page.waitForTimeout(1000);
    const opened = await page.evaluate(() => performance.now());
    let scrolling = [];
    if (scroll) {
      const scroller = page.getByLabel('Message rows (j/k to move, Enter to open)');
      for (let i = 0; i < 8; i += 1) {
        await scroller.evaluate((element) => (element.scrollTop = 0));
        await page.waitForTimeout(300);
      }
      await page.mouse.move(640, 400);
      for (let i = 0; i < 20; i += 1) {
        await page.mouse.wheel(0, i % 2 ? 2400 : -2400);
        await page.waitForTimeout(50);
      }
      await page.waitForTimeout(500);
      scrolling = await page.evaluate((from) => window.__tasks.filter((task) => task.at >= from).map((task) => task.ms), opened);
    }
    const opening = await page.evaluate(([from, to]) => window.__tasks.filter((task) => task.at >= from && task.at < to).map((task) => task.ms), [clicked, opened]);
    return { firstRowsMs: firstRow - clicked, openingMax: Math.max(0, ...opening), scrollingMax: Math.max(0, ...scrolling), rows: await page.getByTestId('timeline-row').count() };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function measureTimeline({ count = Number(process.env.BENCH_TIMELINE_MESSAGES ?? 100_000), repeats = 3, log = () => {} } = {}) {
  log(`timeline: seeding ${count.toLocaleString()} messages…`);
  const { dataDir } = await seed({ count });
  const empty = await startNode('bench-timeline-empty');
  const node = await startNode('bench-timeline', { dataDir });
  try {
    const baseline = [];
    const runs = [];
    for (let i = 0; i < repeats; i += 1) {
      baseline.push(await openTimeline(empty, { scroll: false }));
      runs.push(await openTimeline(node, { scroll: true }));
    }
    const first = median(runs.map((r) => r.firstRowsMs));
    const opening = median(runs.map((r) => r.openingMax));
    const scrolling = median(runs.map((r) => r.scrollingMax));
    const base = median(baseline.map((r) => r.firstRowsMs));
    const baseTask = median(baseline.map((r) => r.openingMax));
    return [
      { name: `Timeline, ${count.toLocaleString()} messages: first rows (Chromium)`, unit: 'ms', value: first, baseline: base, ratio: first / base, target: '< 500 ms', met: first < 500, note: 'baseline: the same screen on an empty node' },
      { name: 'Timeline: longest task while opening', unit: 'ms', value: opening, baseline: baseTask, ratio: null, target: '≤ 50 ms', met: opening <= 50 },
      { name: 'Timeline: longest task while scrolling', unit: 'ms', value: scrolling, baseline: null, ratio: null, target: '≤ 50 ms', met: scrolling <= 50, note: `${runs[0]?.rows ?? 0} rows in the DOM` },
    ];
  } finally {
    await empty.stop();
    await node.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const r of await measureTimeline({ log: (line) => console.error(line) })) console.log(`${r.name}: ${r.value.toFixed(0)} ms (baseline ${r.baseline?.toFixed(0) ?? '—'}) ${r.target} ${r.met ? 'met' : 'NOT met'}`);
}

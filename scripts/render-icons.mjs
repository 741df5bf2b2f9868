// Renders resources/*.svg to the PNGs and ICOs Electron and electron-builder need, with the machine's Chromium.
// Run on demand (`node scripts/render-icons.mjs`) after editing an SVG; the outputs are committed. Running it again
// rewrites the same files with the same bytes.
//
// Tray icons are pre-rendered per platform, each with attention variants carrying a count (as Signal-Desktop ships
// `signal-tray-icon-{size}-alert-{n|9+}.png`), so the desktop code only picks a file:
//   resources/tray/linux/tray.png, tray-{1..9,9plus}.png            32 px colour
//   resources/tray/win/tray.ico, tray-{1..9,9plus}.ico              16, 24, 32 and 48 px colour in one ICO
//   resources/tray/mac/trayTemplate{,-1..9,-9plus}{,@2x}.png        16 and 32 px, black + alpha (the OS tints them)
// The badge's digits are drawn from the glyph tables below rather than a font, so the output does not depend on the
// fonts installed on the machine that runs this script.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

// Open Color orange 9. UI.md keeps red for dead/failed; the tray count is attention (pending approvals, unseen
// wakes), and this orange carries white bold digits at about 4.3:1.
const BADGE_COLOUR = '#d9480f';
const COUNTS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '9plus'];
const WIN_SIZES = [16, 24, 32, 48];

// Badge per icon size: the circle's centre (both axes) and radius, the transparent ring cut around it so the badge
// stays apart from the icon beneath (on a template image it would otherwise merge into the black glyph), and how far
// "9+" widens the circle leftwards into a pill (two glyphs in the circle would touch its rim or shrink to a blur).
const BADGE = {
  16: { c: 11.5, r: 4.5, gap: 1, wide: 2 },
  24: { c: 17.5, r: 6.5, gap: 1.25, wide: 2 },
  32: { c: 23, r: 9, gap: 1.5, wide: 4 },
  48: { c: 34.5, r: 13.5, gap: 2, wide: 5 },
};

// At 16 and 24 px the digits are pixel fonts (3×5, 5×7) on whole pixels: vector strokes that small blur.
const PIXEL_GLYPHS = {
  16: {
    1: ['.#.', '##.', '.#.', '.#.', '###'],
    2: ['##.', '..#', '.#.', '#..', '###'],
    3: ['##.', '..#', '.#.', '..#', '##.'],
    4: ['#.#', '#.#', '###', '..#', '..#'],
    5: ['###', '#..', '##.', '..#', '##.'],
    6: ['.##', '#..', '###', '#.#', '###'],
    7: ['###', '..#', '..#', '.#.', '.#.'],
    8: ['###', '#.#', '###', '#.#', '###'],
    9: ['###', '#.#', '###', '..#', '##.'],
    '+': ['...', '.#.', '###', '.#.', '...'],
  },
  24: {
    1: ['..#..', '.##..', '..#..', '..#..', '..#..', '..#..', '.###.'],
    2: ['.###.', '#...#', '....#', '...#.', '..#..', '.#...', '#####'],
    3: ['.###.', '#...#', '....#', '..##.', '....#', '#...#', '.###.'],
    4: ['...#.', '..##.', '.#.#.', '#..#.', '#####', '...#.', '...#.'],
    5: ['#####', '#....', '####.', '....#', '....#', '#...#', '.###.'],
    6: ['..##.', '.#...', '#....', '####.', '#...#', '#...#', '.###.'],
    7: ['#####', '....#', '...#.', '..#..', '.#...', '.#...', '.#...'],
    8: ['.###.', '#...#', '#...#', '.###.', '#...#', '#...#', '.###.'],
    9: ['.###.', '#...#', '#...#', '.####', '....#', '...#.', '.##..'],
    '+': ['.....', '..#..', '..#..', '#####', '..#..', '..#..', '.....'],
  },
};

// From 32 px up, stroked glyphs in a 6×10 box (stroke 2, round caps), scaled to the badge.
const STROKE_GLYPHS = {
  1: '<path d="M1.4 2.8 L3.4 1 V9"/>',
  2: '<path d="M1.1 3 A1.95 1.95 0 0 1 5 3 C5 4.6 3 5.8 1 9 H5"/>',
  3: '<path d="M1.2 1 H4.8 L2.6 4.4 C4 4.2 5 5.2 5 6.6 C5 8 4 9 2.8 9 C2 9 1.5 8.7 1.1 8.2"/>',
  4: '<path d="M3.9 9 V1 L1 6.4 H5"/>',
  5: '<path d="M4.8 1 H1.6 L1.3 4.7 C1.9 4.3 2.4 4.2 3 4.2 C4.2 4.2 5 5.2 5 6.6 C5 8 4.1 9 2.9 9 C2.1 9 1.5 8.6 1.1 8.1"/>',
  6: '<path d="M4.6 1.2 C2.6 1.8 1.2 3.6 1 6.4"/><circle cx="3" cy="6.9" r="2.05"/>',
  7: '<path d="M1 1 H5 L2.2 9"/>',
  8: '<circle cx="3" cy="2.85" r="1.85"/><circle cx="3" cy="6.85" r="2.15"/>',
  9: '<g transform="rotate(180 3 5)"><path d="M4.6 1.2 C2.6 1.8 1.2 3.6 1 6.4"/><circle cx="3" cy="6.9" r="2.05"/></g>',
  '+': '<path d="M3 2.6 V7.4 M0.6 5 H5.4"/>',
};

function label(count) {
  return count === '9plus' ? '9+' : count;
}

/** The inner markup and viewBox of an SVG file, to nest it at any size. */
function svgSource(path) {
  const markup = readFileSync(path, 'utf8');
  const viewBox = /viewBox="([^"]+)"/.exec(markup)?.[1];
  const inner = /<svg[^>]*>([\s\S]*)<\/svg>/.exec(markup)?.[1];
  if (!viewBox || !inner) throw new Error(`${path}: expected an <svg viewBox="…"> element`);
  return { viewBox, inner };
}

/** The badge's shape: a circle, or for "9+" a pill that grows leftwards. */
function badgeBox(size, text, grow = 0) {
  const { c, r, wide } = BADGE[size];
  const extra = [...text].length > 1 ? wide : 0;
  const radius = r + grow;
  return { x: c - r - extra - grow, y: c - radius, width: 2 * radius + extra, height: 2 * radius, rx: radius, centre: c - extra / 2 };
}

function badgeShape(size, text, fill, grow = 0) {
  const { x, y, width, height, rx } = badgeBox(size, text, grow);
  return `<rect x="${x}" y="${y}" width="${width}" height="${height}" rx="${rx}" fill="${fill}"/>`;
}

/** The count's glyphs centred on the badge, in `colour`. */
function digits(text, size, colour) {
  const { c, r } = BADGE[size];
  const centre = badgeBox(size, text).centre;
  const chars = [...text];
  const font = PIXEL_GLYPHS[size];
  if (font) {
    const w = font[1][0].length;
    const h = font[1].length;
    const width = chars.length * (w + 1) - 1;
    // Whole-pixel origin: the centres are chosen so these are integers.
    const x0 = centre - width / 2;
    const y0 = c - h / 2;
    if (!Number.isInteger(x0) || !Number.isInteger(y0)) throw new Error(`${size}px badge: glyphs off the pixel grid`);
    const rects = chars.flatMap((ch, i) =>
      font[ch].flatMap((row, y) => [...row].flatMap((cell, x) => (cell === '#' ? [`<rect x="${x0 + i * (w + 1) + x}" y="${y0 + y}" width="1" height="1"/>`] : []))),
    );
    return `<g fill="${colour}" shape-rendering="crispEdges">${rects.join('')}</g>`;
  }
  const advance = 6.6;
  const width = chars.length * 6 + (chars.length - 1) * 0.6;
  const scale = r / 9;
  const parts = chars.map((ch, i) => `<g transform="translate(${i * advance} 0)">${STROKE_GLYPHS[ch]}</g>`);
  const tx = centre - (width * scale) / 2;
  const ty = c - (10 * scale) / 2;
  return `<g transform="translate(${tx} ${ty}) scale(${scale})" fill="none" stroke="${colour}" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">${parts.join('')}</g>`;
}

/**
 * One tray image as SVG: the base icon, and for a count the badge at the bottom-right. `template` draws the macOS
 * form: black only, the badge a black disc with the digits knocked out to transparency.
 */
function traySvg(source, size, count, template) {
  const base = `<svg width="${size}" height="${size}" viewBox="${source.viewBox}">${source.inner}</svg>`;
  if (!count) return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">${base}</svg>`;
  const text = label(count);
  const whole = `x="0" y="0" width="${size}" height="${size}"`;
  const cut = `<mask id="cut" maskUnits="userSpaceOnUse" ${whole}><rect ${whole} fill="#fff"/>${badgeShape(size, text, '#000', BADGE[size].gap)}</mask>`;
  const badge = template
    ? `<mask id="knock" maskUnits="userSpaceOnUse" ${whole}>${badgeShape(size, text, '#fff')}${digits(text, size, '#000')}</mask><rect ${whole} fill="#000" mask="url(#knock)"/>`
    : `${badgeShape(size, text, BADGE_COLOUR)}${digits(text, size, '#fff')}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}"><defs>${cut}</defs><g mask="url(#cut)">${base}</g>${badge}</svg>`;
}

/**
 * An ICO holding PNG-compressed images (read by Windows Vista and later): ICONDIR (6 bytes), one ICONDIRENTRY
 * (16 bytes) per image, then the PNG payloads in the same order. Written here rather than with a package: it is
 * twenty lines. https://learn.microsoft.com/en-us/previous-versions/ms997538(v=msdn.10)
 */
function ico(images) {
  const dir = Buffer.alloc(6 + 16 * images.length);
  dir.writeUInt16LE(0, 0); // reserved
  dir.writeUInt16LE(1, 2); // type: icon
  dir.writeUInt16LE(images.length, 4);
  let offset = dir.length;
  images.forEach(({ size, png }, i) => {
    const at = 6 + 16 * i;
    dir.writeUInt8(size >= 256 ? 0 : size, at); // width (0 means 256)
    dir.writeUInt8(size >= 256 ? 0 : size, at + 1); // height
    dir.writeUInt8(0, at + 2); // palette colours: none
    dir.writeUInt8(0, at + 3); // reserved
    dir.writeUInt16LE(1, at + 4); // colour planes
    dir.writeUInt16LE(32, at + 6); // bits per pixel
    dir.writeUInt32LE(png.length, at + 8);
    dir.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([dir, ...images.map(({ png }) => png)]);
}

// Paths below are relative to the repository root, wherever the script is started from.
process.chdir(fileURLToPath(new URL('..', import.meta.url)));

function write(path, data) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, data);
}

const colour = svgSource('resources/icon.svg');
const template = svgSource('resources/tray-template.svg');

const dir = mkdtempSync(join(tmpdir(), 'icons-'));
const context = await chromium.launchPersistentContext(dir, {
  executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const render = async (svg, size) => {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    return page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
  };

  // The app icon (electron-builder makes the platform formats from it).
  const app = readFileSync('resources/icon.svg', 'utf8').replace('<svg ', '<svg width="512" height="512" ');
  write('resources/icon.png', await render(app, 512));
  console.log('resources/icon.png (512px)');

  for (const count of [null, ...COUNTS]) {
    const suffix = count ? `-${count}` : '';

    const linux = `resources/tray/linux/tray${suffix}.png`;
    write(linux, await render(traySvg(colour, 32, count, false), 32));

    const images = [];
    for (const size of WIN_SIZES) images.push({ size, png: await render(traySvg(colour, size, count, false), size) });
    const win = `resources/tray/win/tray${suffix}.ico`;
    write(win, ico(images));

    const mac = `resources/tray/mac/trayTemplate${suffix}`;
    write(`${mac}.png`, await render(traySvg(template, 16, count, true), 16));
    write(`${mac}@2x.png`, await render(traySvg(template, 32, count, true), 32));

    console.log(`${linux}, ${win} (${WIN_SIZES.join('/')}px), ${mac}.png + @2x`);
  }
} finally {
  await context.close();
  rmSync(dir, { recursive: true, force: true });
}

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { crc32, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// The tray images scripts/render-icons.mjs pre-renders and commits; read here without Chromium.
const resources = resolve(import.meta.dirname, '../../resources');
const tray = join(resources, 'tray');
const counts = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '9plus'];
const variants = ['', ...counts.map((count) => `-${count}`)];
const icoSizes = [16, 24, 32, 48];
const badgeOrange = [0xd9, 0x48, 0x0f];

const linuxFile = (variant: string) => join(tray, 'linux', `tray${variant}.png`);
const winFile = (variant: string) => join(tray, 'win', `tray${variant}.ico`);
const macFile = (variant: string, retina: boolean) => join(tray, 'mac', `trayTemplate${variant}${retina ? '@2x' : ''}.png`);

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Png {
  width: number;
  height: number;
  /** RGBA, 8 bits a channel, rows top to bottom. */
  rgba: Buffer;
}

function isPng(data: Buffer): boolean {
  return data.subarray(0, 8).equals(PNG_SIGNATURE);
}

/** Width and height from the IHDR chunk, which a PNG must start with. */
function pngSize(data: Buffer): { width: number; height: number } {
  expect(isPng(data)).toBe(true);
  expect(data.toString('latin1', 12, 16)).toBe('IHDR');
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** A small PNG decoder (8-bit grey/RGB/RGBA, not interlaced: what Chromium writes), checking every chunk's CRC. */
function decodePng(data: Buffer): Png {
  expect(isPng(data)).toBe(true);
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  let offset = 8;
  let ended = false;
  while (offset < data.length && !ended) {
    const length = data.readUInt32BE(offset);
    const type = data.toString('latin1', offset + 4, offset + 8);
    const body = data.subarray(offset + 8, offset + 8 + length);
    expect(crc32(data.subarray(offset + 4, offset + 8 + length)) >>> 0, `${type} CRC`).toBe(data.readUInt32BE(offset + 8 + length));
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [bitDepth, colourType, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      expect(bitDepth, 'bit depth').toBe(8);
      expect(interlace, 'interlace').toBe(0);
      const perType: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };
      channels = perType[colourType ?? -1] ?? 0;
      expect(channels, `colour type ${colourType}`).toBeGreaterThan(0);
    } else if (type === 'IDAT') {
      idat.push(body);
    } else if (type === 'IEND') {
      ended = true;
    }
    offset += 12 + length;
  }
  expect(ended, 'IEND chunk').toBe(true);
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  expect(raw.length).toBe(height * (stride + 1));
  // Undo the per-row filters (PNG spec §9), then widen to RGBA.
  const pixels = Buffer.alloc(height * stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= channels ? (pixels[y * stride + x - channels] ?? 0) : 0;
      const up = y > 0 ? (pixels[(y - 1) * stride + x] ?? 0) : 0;
      const upLeft = y > 0 && x >= channels ? (pixels[(y - 1) * stride + x - channels] ?? 0) : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter ?? -1];
      if (predictor === undefined) throw new Error(`unknown PNG filter ${filter}`);
      pixels[y * stride + x] = (value + predictor) & 0xff;
    }
  }
  const rgba = Buffer.alloc(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const px = pixels.subarray(i * channels, (i + 1) * channels);
    const [r, g, b, a] = channels >= 3 ? [px[0], px[1], px[2], channels === 4 ? px[3] : 255] : [px[0], px[0], px[0], channels === 2 ? px[1] : 255];
    rgba.set([r ?? 0, g ?? 0, b ?? 0, a ?? 0], i * 4);
  }
  return { width, height, rgba };
}

interface IcoEntry {
  width: number;
  height: number;
  planes: number;
  bitCount: number;
  offset: number;
  png: Buffer;
}

/** ICONDIR + ICONDIRENTRYs; each entry's payload sliced out (and checked to lie inside the file). */
function readIco(data: Buffer): IcoEntry[] {
  expect(data.readUInt16LE(0), 'reserved').toBe(0);
  expect(data.readUInt16LE(2), 'type (1 = icon)').toBe(1);
  const count = data.readUInt16LE(4);
  return Array.from({ length: count }, (_, i) => {
    const at = 6 + 16 * i;
    const bytes = data.readUInt32LE(at + 8);
    const offset = data.readUInt32LE(at + 12);
    expect(offset).toBeGreaterThanOrEqual(6 + 16 * count);
    expect(offset + bytes).toBeLessThanOrEqual(data.length);
    return {
      width: data.readUInt8(at) || 256,
      height: data.readUInt8(at + 1) || 256,
      planes: data.readUInt16LE(at + 4),
      bitCount: data.readUInt16LE(at + 6),
      offset,
      png: data.subarray(offset, offset + bytes),
    };
  });
}

function pixel(png: Png, x: number, y: number): number[] {
  const at = (y * png.width + x) * 4;
  return [...png.rgba.subarray(at, at + 4)];
}

/** Whether two same-sized images differ anywhere inside the given box. */
function differIn(a: Png, b: Png, box: { x0: number; y0: number; x1: number; y1: number }): boolean {
  for (let y = box.y0; y < box.y1; y++) {
    for (let x = box.x0; x < box.x1; x++) {
      if (pixel(a, x, y).join() !== pixel(b, x, y).join()) return true;
    }
  }
  return false;
}

/**
 * A count variant against its base image: different, the change confined to the bottom-right (the top 3/8 of the
 * rows and the left quarter of the columns are the base image's, pixel for pixel).
 */
function expectBadgedAtBottomRight(base: Png, badged: Png, what: string) {
  const size = base.width;
  expect(differIn(base, badged, { x0: size / 2, y0: size / 2, x1: size, y1: size }), `${what}: badge at the bottom-right`).toBe(true);
  expect(differIn(base, badged, { x0: 0, y0: 0, x1: size, y1: Math.floor((size * 3) / 8) }), `${what}: top rows untouched`).toBe(false);
  expect(differIn(base, badged, { x0: 0, y0: 0, x1: Math.floor(size / 4), y1: size }), `${what}: left columns untouched`).toBe(false);
}

function hasBadgeColourAtBottomRight(png: Png): boolean {
  for (let y = png.height / 2; y < png.height; y++) {
    for (let x = png.width / 2; x < png.width; x++) {
      const [r, g, b, a] = pixel(png, x, y);
      if (a === 255 && [r, g, b].every((channel, i) => Math.abs((channel ?? 0) - (badgeOrange[i] ?? 0)) <= 8)) return true;
    }
  }
  return false;
}

describe('the pre-rendered tray icons', () => {
  it('has every file the desktop code loads, and the 512 px app icon', () => {
    const expected = variants.flatMap((variant) => [linuxFile(variant), winFile(variant), macFile(variant, false), macFile(variant, true)]);
    expect(expected).toHaveLength(44);
    expect(expected.filter((file) => !existsSync(file))).toEqual([]);
    expect(pngSize(readFileSync(join(resources, 'icon.png')))).toEqual({ width: 512, height: 512 });
  });

  it('renders Linux icons as 32 px colour PNGs, each count badged in orange at the bottom-right', () => {
    const base = decodePng(readFileSync(linuxFile('')));
    expect(pngSize(readFileSync(linuxFile('')))).toEqual({ width: 32, height: 32 });
    expect(hasBadgeColourAtBottomRight(base)).toBe(false);
    for (const count of counts) {
      const data = readFileSync(linuxFile(`-${count}`));
      expect(pngSize(data), `tray-${count}.png`).toEqual({ width: 32, height: 32 });
      const badged = decodePng(data);
      expectBadgedAtBottomRight(base, badged, `tray-${count}.png`);
      expect(hasBadgeColourAtBottomRight(badged), `tray-${count}.png: orange badge`).toBe(true);
    }
  });

  it('packs 16, 24, 32 and 48 px PNGs of the same sizes into every Windows ICO', () => {
    const bases = new Map<number, Png>();
    for (const variant of variants) {
      const entries = readIco(readFileSync(winFile(variant)));
      expect(entries.map((entry) => entry.width).sort((a, b) => a - b), variant).toEqual(icoSizes);
      // Payloads do not overlap: in file order, each starts at or after the previous one's end.
      const inFileOrder = [...entries].sort((a, b) => a.offset - b.offset);
      inFileOrder.slice(1).forEach((entry, i) => {
        const previous = inFileOrder[i];
        expect(entry.offset).toBeGreaterThanOrEqual((previous?.offset ?? 0) + (previous?.png.length ?? 0));
      });
      for (const entry of entries) {
        expect(entry.height).toBe(entry.width);
        expect([entry.planes, entry.bitCount]).toEqual([1, 32]);
        expect(pngSize(entry.png)).toEqual({ width: entry.width, height: entry.height });
        // 8-bit RGBA (IHDR bit depth and colour type), as the entry's 32 bits per pixel say.
        expect([entry.png[24], entry.png[25]]).toEqual([8, 6]);
        const image = decodePng(entry.png);
        if (variant === '') {
          bases.set(entry.width, image);
        } else {
          const base = bases.get(entry.width);
          if (!base) throw new Error('base ICO read first');
          expectBadgedAtBottomRight(base, image, `tray${variant}.ico ${entry.width}px`);
          expect(hasBadgeColourAtBottomRight(image), `${variant} ${entry.width}px`).toBe(true);
        }
      }
    }
  });

  it('draws macOS template images in black and alpha only, at 16 px and 32 px (@2x)', () => {
    for (const variant of variants) {
      for (const retina of [false, true]) {
        const data = readFileSync(macFile(variant, retina));
        const size = retina ? 32 : 16;
        expect(pngSize(data)).toEqual({ width: size, height: size });
        const png = decodePng(data);
        let visible = 0;
        const coloured: string[] = [];
        for (let y = 0; y < size; y++) {
          for (let x = 0; x < size; x++) {
            const [r, g, b, a] = pixel(png, x, y);
            if (!a) continue;
            visible++;
            if (r || g || b) coloured.push(`(${x},${y})=${r},${g},${b}`);
          }
        }
        expect(coloured, `${variant}${retina ? '@2x' : ''}`).toEqual([]);
        expect(visible).toBeGreaterThan(size * 2);
      }
    }
  });

  it('badges macOS templates at the bottom-right, leaving the rest of the glyph as it was', () => {
    for (const retina of [false, true]) {
      const base = decodePng(readFileSync(macFile('', retina)));
      for (const count of counts) {
        expectBadgedAtBottomRight(base, decodePng(readFileSync(macFile(`-${count}`, retina))), `trayTemplate-${count}${retina ? '@2x' : ''}.png`);
      }
    }
  });

  it('gives every count its own image', () => {
    const images = [
      ...variants.map((variant) => readFileSync(linuxFile(variant))),
      ...variants.map((variant) => readFileSync(macFile(variant, false))),
      ...variants.map((variant) => readFileSync(macFile(variant, true))),
    ].map((data) => decodePng(data).rgba.toString('base64'));
    expect(new Set(images).size).toBe(images.length);
    const icos = variants.map((variant) => readIco(readFileSync(winFile(variant))).map((entry) => decodePng(entry.png).rgba.toString('base64')));
    for (const [i] of icoSizes.entries()) expect(new Set(icos.map((entries) => entries[i])).size).toBe(variants.length);
  });
});

// Draws the app's icons (a blue disc with three white bars) and writes them where electron-builder
// and the tray look: build/icon.png (1024 px, Linux and the source of the others), build/icon.ico
// (Windows, 16 to 256 px), build/icon.icns (macOS, 16 to 1024 px), and the tray images in
// src/main/electron/tray-icon.ts (a colour one, and a black template for the macOS menu bar at
// 16 pt with its 2x version). Drawn in code so that one change here redraws every size; the
// outputs are committed. Run: node scripts/make-icons.mjs
import { writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const BLUE = [37, 99, 235];
/** Bars as [left, width, top, bottom] in units of the icon's side. */
const BARS = [
  [0.27, 0.12, 0.42, 0.72],
  [0.44, 0.12, 0.28, 0.72],
  [0.61, 0.12, 0.5, 0.72],
];
const SAMPLES = 4;

function inDisc(x, y) {
  const dx = x - 0.5;
  const dy = y - 0.5;
  return dx * dx + dy * dy <= 0.47 * 0.47;
}

function inBar(x, y) {
  return BARS.some(([left, width, top, bottom]) => x >= left && x < left + width && y >= top && y < bottom);
}

/** RGBA pixels of the icon at `size` px; `template`: black where the colour icon is blue, bars cut out. */
export function drawIcon(size, template = false) {
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let disc = 0;
      let bar = 0;
      for (let sy = 0; sy < SAMPLES; sy += 1) {
        for (let sx = 0; sx < SAMPLES; sx += 1) {
          const x = (px + (sx + 0.5) / SAMPLES) / size;
          const y = (py + (sy + 0.5) / SAMPLES) / size;
          if (!inDisc(x, y)) continue;
          if (inBar(x, y)) bar += 1;
          else disc += 1;
        }
      }
      const n = SAMPLES * SAMPLES;
      const at = (py * size + px) * 4;
      if (template) {
        pixels[at + 3] = Math.round((disc / n) * 255);
        continue;
      }
      const cover = (disc + bar) / n;
      if (cover === 0) continue;
      const white = bar / (disc + bar);
      for (let c = 0; c < 3; c += 1) pixels[at + c] = Math.round(BLUE[c] * (1 - white) + 255 * white);
      pixels[at + 3] = Math.round(cover * 255);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A PNG file of RGBA pixels. */
export function encodePng(size, pixels) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) pixels.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([signature, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

const png = (size, template = false) => encodePng(size, drawIcon(size, template));

/** An ICO holding PNG images (read by Windows Vista and later). */
export function encodeIco(sizes) {
  const images = sizes.map((size) => png(size));
  const dir = Buffer.alloc(6 + 16 * sizes.length);
  dir.writeUInt16LE(0, 0);
  dir.writeUInt16LE(1, 2);
  dir.writeUInt16LE(sizes.length, 4);
  let offset = dir.length;
  sizes.forEach((size, i) => {
    const at = 6 + 16 * i;
    dir.writeUInt8(size >= 256 ? 0 : size, at); // 0 means 256
    dir.writeUInt8(size >= 256 ? 0 : size, at + 1);
    dir.writeUInt16LE(1, at + 4); // planes
    dir.writeUInt16LE(32, at + 6); // bits per pixel
    dir.writeUInt32LE(images[i].length, at + 8);
    dir.writeUInt32LE(offset, at + 12);
    offset += images[i].length;
  });
  return Buffer.concat([dir, ...images]);
}

/** ICNS element types that hold a PNG of the given side. */
const ICNS_TYPES = [
  ['icp4', 16],
  ['icp5', 32],
  ['icp6', 64],
  ['ic07', 128],
  ['ic08', 256],
  ['ic09', 512],
  ['ic10', 1024],
];

/** An ICNS holding PNG images. */
export function encodeIcns() {
  const elements = ICNS_TYPES.map(([type, size]) => {
    const data = png(size);
    const head = Buffer.alloc(8);
    head.write(type, 0, 'ascii');
    head.writeUInt32BE(data.length + 8, 4);
    return Buffer.concat([head, data]);
  });
  const head = Buffer.alloc(8);
  head.write('icns', 0, 'ascii');
  head.writeUInt32BE(8 + elements.reduce((sum, element) => sum + element.length, 0), 4);
  return Buffer.concat([head, ...elements]);
}

const dataUrl = (bytes) => `data:image/png;base64,${bytes.toString('base64')}`;

function trayModule() {
  return `/**
 * The tray icons, inlined so the tray works whatever the packaging does with resource files. Made
 * by scripts/make-icons.mjs (run it again after changing the drawing there); do not edit by hand.
 */

/** The colour icon (a blue disc with white bars), 32x32 PNG, for Windows and Linux trays. */
export const TRAY_ICON_DATA_URL =
  '${dataUrl(png(32))}';

/**
 * The macOS menu-bar icon: a template image (black with transparency; macOS colours it for the
 * light or dark bar), 16x16 for 16 pt...
 */
export const TRAY_TEMPLATE_DATA_URL =
  '${dataUrl(png(16, true))}';

/** ...and its 32x32 version for Retina screens (scale factor 2). */
export const TRAY_TEMPLATE_2X_DATA_URL =
  '${dataUrl(png(32, true))}';
`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync(join(root, 'build', 'icon.png'), png(1024));
  writeFileSync(join(root, 'build', 'icon.ico'), encodeIco([16, 24, 32, 48, 64, 128, 256]));
  writeFileSync(join(root, 'build', 'icon.icns'), encodeIcns());
  writeFileSync(join(root, 'src', 'main', 'electron', 'tray-icon.ts'), trayModule());
  console.log('[make-icons] wrote build/icon.png, build/icon.ico, build/icon.icns and src/main/electron/tray-icon.ts');
}

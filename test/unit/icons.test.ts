/**
 * The app's icons: the files electron-builder packs for each platform (build/), and the tray image
 * each platform gets.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { trayIconSpec } from '../../src/main/electron/tray-icon-choice';

const BUILD = resolve(import.meta.dirname, '..', '..', 'build');
const PNG_SIGNATURE = '89504e470d0a1a0a';

/** Width and height of a PNG (after checking its signature). */
function pngInfo(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8).toString('hex')).toBe(PNG_SIGNATURE);
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const fromDataUrl = (url: string): Buffer => Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64');

describe('icons', () => {
  it('has a 1024 px PNG, an ICO up to 256 px and an ICNS up to 1024 px in build/', () => {
    expect(pngInfo(readFileSync(join(BUILD, 'icon.png')))).toEqual({ width: 1024, height: 1024 });

    const ico = readFileSync(join(BUILD, 'icon.ico'));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    const sides = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(sides).toContain(256);
    expect(sides).toContain(16);

    const icns = readFileSync(join(BUILD, 'icon.icns'));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) types.push(icns.subarray(at, at + 4).toString('ascii'));
    expect(types).toEqual(expect.arrayContaining(['ic07', 'ic08', 'ic09', 'ic10']));
  });

  it('gives macOS a 16 pt template image with a 2x version, the others the colour icon', () => {
    const mac = trayIconSpec('darwin');
    expect(mac.template).toBe(true);
    expect(pngInfo(fromDataUrl(mac.dataUrl))).toEqual({ width: 16, height: 16 });
    expect(pngInfo(fromDataUrl(mac.retinaDataUrl ?? ''))).toEqual({ width: 32, height: 32 });
    for (const platform of ['linux', 'win32'] as const) {
      const spec = trayIconSpec(platform);
      expect(spec).toMatchObject({ template: false, retinaDataUrl: null });
      expect(pngInfo(fromDataUrl(spec.dataUrl))).toEqual({ width: 32, height: 32 });
    }
  });
});

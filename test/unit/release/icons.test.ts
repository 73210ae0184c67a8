import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LINUX_ICON_SIZES, renderIcons } from '../../../scripts/release/icons';

const RESOURCES = resolve(__dirname, '..', '..', '..', 'resources');

/** Reads a PNG's width and height from its IHDR chunk. */
const pngSize = (png: Buffer): [number, number] => [png.readUInt32BE(16), png.readUInt32BE(20)];

describe('app icons', () => {
  const rendered = renderIcons(readFileSync(join(RESOURCES, 'icon.svg'), 'utf8'));

  it('are rendered from the one SVG: the committed files are exactly what npm run icons makes', () => {
    for (const [name, data] of Object.entries(rendered)) {
      expect(readFileSync(join(RESOURCES, 'build', name)).equals(data), `${name} is out of date: run npm run icons`).toBe(true);
    }
  });

  it('come in the sizes each OS needs', () => {
    expect(pngSize(rendered['icon.png']!)).toEqual([1024, 1024]);
    for (const size of LINUX_ICON_SIZES) expect(pngSize(rendered[join('icons', `${size}x${size}.png`)]!)).toEqual([size, size]);

    // ICO: a directory of images; Windows needs 256 px (stored as 0) down to 16 px.
    const ico = rendered['icon.ico']!;
    expect(ico.readUInt16LE(2)).toBe(1);
    const icoSizes = Array.from({ length: ico.readUInt16LE(4) }, (_, i) => ico.readUInt8(6 + 16 * i) || 256);
    expect(icoSizes).toEqual(expect.arrayContaining([16, 24, 32, 48, 64, 128, 256]));

    // ICNS: typed chunks; the 512 px and 1024 px (Retina) images are what Finder and the Dock use.
    const icns = rendered['icon.icns']!;
    expect(icns.subarray(0, 4).toString('latin1')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4)) types.push(icns.subarray(at, at + 4).toString('latin1'));
    expect(types).toEqual(expect.arrayContaining(['ic07', 'ic08', 'ic09', 'ic10']));
  });
});

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as png2icons from 'png2icons';

/**
 * Every icon file the installers need, rendered from the one SVG source:
 * icon.png (1024 px, the window icon and electron-builder's fallback),
 * icon.ico (Windows: installer, shortcuts, taskbar), icon.icns (macOS), and
 * icons/<n>x<n>.png for Linux desktops (AppImage and deb install each size
 * into the hicolor theme).
 */
export const LINUX_ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512] as const;

export interface IconFiles {
  /** Paths relative to the output folder → file contents. */
  [relativePath: string]: Buffer;
}

export function renderPng(svg: string, size: number): Buffer {
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'width', value: size } }).render().asPng());
}

export function renderIcons(svg: string): IconFiles {
  const master = renderPng(svg, 1024);
  const files: IconFiles = { 'icon.png': master };
  for (const size of LINUX_ICON_SIZES) files[join('icons', `${size}x${size}.png`)] = renderPng(svg, size);
  const ico = png2icons.createICO(master, png2icons.BICUBIC2, 0, false, true);
  const icns = png2icons.createICNS(master, png2icons.BICUBIC2, 0);
  if (!ico || !icns) throw new Error('png2icons could not build the .ico or .icns file from the rendered icon');
  files['icon.ico'] = ico;
  files['icon.icns'] = icns;
  return files;
}

export async function writeIcons(svgFile: string, outDir: string): Promise<string[]> {
  const files = renderIcons(await readFile(svgFile, 'utf8'));
  await mkdir(join(outDir, 'icons'), { recursive: true });
  for (const [name, data] of Object.entries(files)) await writeFile(join(outDir, name), data);
  return Object.keys(files);
}

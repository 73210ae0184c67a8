/**
 * npm run icons: renders resources/icon.svg into resources/build/ (the icon
 * files electron-builder packs). Run it after changing the SVG and commit both.
 */
import { join, resolve } from 'node:path';
import { writeIcons } from './icons';

const root = resolve(__dirname, '..', '..');
writeIcons(join(root, 'resources', 'icon.svg'), join(root, 'resources', 'build'))
  .then((files) => console.log(`[icons] wrote ${files.length} files to resources/build: ${files.join(', ')}`))
  .catch((e: unknown) => {
    console.error(`[icons] ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });

// The path aliases of tsconfig.base.json ("paths"), for the bundles (electron.vite.config.ts) and the tests (vitest.config.mts).
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

export const pathAliases = {
  '@shared': resolve(root, 'src-shared'),
  '@main': resolve(root, 'src-main'),
  '@renderer': resolve(root, 'src-renderer/src'),
};

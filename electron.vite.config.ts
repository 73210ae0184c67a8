import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import type { PluginOption } from 'vite';
import react from '@vitejs/plugin-react';
import { pathAliases } from './path-aliases';

/**
 * The dev server needs inline scripts (React refresh) and its HMR socket;
 * index.html's CSP forbids both, so only `electron-vite dev` relaxes it.
 */
const devCsp: PluginOption = {
  name: 'frontdesk-dev-csp',
  apply: 'serve',
  transformIndexHtml: (html: string) =>
    html
      .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
      .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
      .replace("connect-src 'self'", "connect-src 'self' ws:"),
};

export default defineConfig({
  main: {
    resolve: { alias: pathAliases },
    build: {
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/index.ts'),
          // The first-start demo build runs on a worker thread (src-main/app/demo-in-worker.ts).
          'demo-worker': resolve(__dirname, 'src-main/app/demo-worker.ts'),
          // Patient CSV checks and imports run on a worker thread (src-main/app/import-in-worker.ts).
          'import-worker': resolve(__dirname, 'src-main/app/import-worker.ts'),
          // Exports and reports run on a worker thread (src-main/app/export-in-worker.ts).
          'export-worker': resolve(__dirname, 'src-main/app/export-worker.ts'),
          // Backups and the daily database check run on a worker thread (src-main/app/backup-in-worker.ts).
          'backup-worker': resolve(__dirname, 'src-main/app/backup-worker.ts'),
        },
      },
      externalizeDeps: true,
    },
  },
  preload: {
    resolve: { alias: pathAliases },
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src-main/preload/index.ts') } },
      // A sandboxed preload can require nothing but electron: bundle zod and the contract into it.
      externalizeDeps: false,
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    resolve: { alias: pathAliases },
    build: {
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
    plugins: [react(), devCsp],
  },
});

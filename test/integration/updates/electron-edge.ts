import { EventEmitter } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import Module, { createRequire } from 'node:module';
import { vi } from 'vitest';

/**
 * The `electron` module as electron-updater sees it, replaced at its edge (the
 * Electron binary cannot run here). electron-updater is CommonJS loaded by
 * Node itself, not by Vitest, so the replacement goes into Node's module cache
 * under the path `require('electron')` resolves to — vi.mock would not reach it.
 *
 * Only what electron-updater touches: `app` (version, name, packaged, user-data
 * folder, quit) and `net.request`, which in Electron is Chromium's network
 * stack with the same request/response API as Node's http(s).request — so the
 * feed, the downloads and the checksums travel over real sockets.
 */
export interface ElectronEdge {
  app: EventEmitter & {
    version: string;
    userData: string;
    quit: ReturnType<typeof vi.fn>;
  };
  restore(): void;
}

export function replaceElectron(opts: { version: string; userData: string }): ElectronEdge {
  const require = createRequire(import.meta.url);
  const electronPath = require.resolve('electron');
  const previous = require.cache[electronPath];

  const app = Object.assign(new EventEmitter(), {
    version: opts.version,
    userData: opts.userData,
    isPackaged: true,
    quit: vi.fn(),
    relaunch: vi.fn(),
    getVersion: () => app.version,
    getName: () => 'Frontdesk',
    getAppPath: () => opts.userData,
    getPath: (name: string) => {
      if (name === 'userData') return app.userData;
      throw new Error(`no fake path for ${name}`);
    },
    whenReady: () => Promise.resolve(),
  });
  const electron = {
    app,
    autoUpdater: new EventEmitter(),
    net: {
      request: (options: http.RequestOptions & { protocol?: string }) =>
        options.protocol === 'https:' ? https.request(options) : http.request(options),
    },
    session: { fromPartition: () => ({}) },
  };

  const mod = new Module(electronPath);
  mod.filename = electronPath;
  mod.loaded = true;
  mod.exports = electron;
  require.cache[electronPath] = mod;

  return {
    app,
    restore() {
      if (previous) require.cache[electronPath] = previous;
      else delete require.cache[electronPath];
    },
  };
}

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * better-sqlite3 for Electron. Electron's Node ABI differs from the system
 * Node's, so one `npm install` keeps two builds: the normal one in
 * node_modules (tests, benchmarks, the web host) and an Electron build that
 * `scripts/rebuild-electron-sqlite.mjs` (postinstall) writes to
 * `native/electron/`. The app passes that file as better-sqlite3's
 * `nativeBinding`; nothing else ever loads it.
 */
const ELECTRON_BINDING_DIR = join('native', 'electron');
const ELECTRON_BINDING_FILE = 'better_sqlite3.node';
const ELECTRON_BINDING_INFO = 'build-info.json';

interface ElectronBindingInfo {
  electronVersion: string;
  betterSqlite3Version: string;
  /** SQLite3 Multiple Ciphers (encryption at rest) the copy was built with. */
  sqlite3mcVersion?: string;
  platform: string;
  arch: string;
}

export type BindingLookup =
  | { found: true; path: string }
  | { found: false; reason: string };

/**
 * Finds the Electron build under the app root. A packaged app keeps native
 * files outside the asar archive (`app.asar.unpacked`).
 */
export function findElectronSqliteBinding(appRoot: string, electronVersion: string): BindingLookup {
  const roots = appRoot.endsWith('.asar') ? [`${appRoot}.unpacked`, appRoot] : [appRoot];
  for (const root of roots) {
    const dir = join(root, ELECTRON_BINDING_DIR);
    const file = join(dir, ELECTRON_BINDING_FILE);
    if (!existsSync(file)) continue;
    const info = readBuildInfo(join(dir, ELECTRON_BINDING_INFO));
    if (info && info.electronVersion !== electronVersion) {
      return {
        found: false,
        reason: `native/electron was built for Electron ${info.electronVersion}, this is Electron ${electronVersion}: run "node scripts/rebuild-electron-sqlite.mjs"`,
      };
    }
    return { found: true, path: file };
  }
  return {
    found: false,
    reason: 'native/electron/better_sqlite3.node is missing: run "node scripts/rebuild-electron-sqlite.mjs" with internet access',
  };
}

function readBuildInfo(file: string): ElectronBindingInfo | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as ElectronBindingInfo;
  } catch {
    return null;
  }
}

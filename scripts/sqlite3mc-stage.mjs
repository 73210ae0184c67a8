// Stages a private copy of better-sqlite3 whose bundled SQLite is swapped for the
// vendored SQLite3 Multiple Ciphers amalgamation (scripts/vendor/sqlite3mc), so a
// node-gyp build of the copy uses better-sqlite3's own compile options
// (deps/defines.gypi: FTS5, JSON, …) with encryption added. Shared by the Node
// build (build-encrypted-sqlite.mjs) and the Electron build (rebuild-electron-sqlite.mjs).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const vendor = join(here, 'vendor', 'sqlite3mc');

/** The SQLite3 Multiple Ciphers version the vendored sources carry ("2.4.0"). */
export const SQLITE3MC_VERSION = JSON.parse(readFileSync(join(vendor, 'version.json'), 'utf8')).sqlite3mc;

/**
 * Copies the installed better-sqlite3 (without its build output) into a fresh
 * temp folder as node_modules/better-sqlite3 and swaps in the vendored SQLite.
 * Returns the stage root and the staged package folder.
 */
export function stageBetterSqlite3(packageDir, prefix) {
  const stage = mkdtempSync(join(tmpdir(), prefix));
  const stagedPkg = join(stage, 'node_modules', 'better-sqlite3');
  cpSync(packageDir, stagedPkg, { recursive: true, filter: (src) => !/[\\/]better-sqlite3[\\/]build([\\/]|$)/.test(src) });
  for (const name of ['sqlite3.c', 'sqlite3.h']) {
    writeFileSync(join(stagedPkg, 'deps', 'sqlite3', name), gunzipSync(readFileSync(join(vendor, `${name}.gz`))));
  }
  return { stage, stagedPkg };
}

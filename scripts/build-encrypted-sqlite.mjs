#!/usr/bin/env node
// postinstall: rebuilds node_modules/better-sqlite3 for Node against SQLite3
// Multiple Ciphers (scripts/vendor/sqlite3mc), so the workstation database can be
// encrypted at rest (src-main/core/db/open.ts, `key`). Everything that loads
// better-sqlite3 under Node — tests, benchmarks, the web host, workers — gets it.
//
// Skipped when the installed binary already is that build. Fails the install
// otherwise if it cannot build: an unencrypted build must not pass silently.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SQLITE3MC_VERSION, stageBetterSqlite3 } from './sqlite3mc-stage.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const packageDir = dirname(require.resolve('better-sqlite3/package.json'));
const target = join(packageDir, 'build', 'Release', 'better_sqlite3.node');
const log = (m) => console.log(`[build-encrypted-sqlite] ${m}`);

/**
 * The SQLite3 Multiple Ciphers version of the installed binary, or null (stock
 * SQLite / none). Asked in a child process: a native addon, once loaded, stays loaded.
 */
function installedCipherVersion() {
  const probe = `const D = require(${JSON.stringify(packageDir)}); const db = new D(':memory:');
    process.stdout.write(String(db.prepare('SELECT sqlite3mc_version()').pluck().get()));`;
  try {
    const out = execFileSync(process.execPath, ['-e', probe], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return /([\d.]+)$/.exec(out.trim())?.[1] ?? null;
  } catch {
    return null;
  }
}

if (installedCipherVersion() === SQLITE3MC_VERSION) {
  log(`better-sqlite3 already uses SQLite3 Multiple Ciphers ${SQLITE3MC_VERSION}`);
  process.exit(0);
}

const version = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')).version;
log(`building better-sqlite3 ${version} with SQLite3 Multiple Ciphers ${SQLITE3MC_VERSION} for Node ${process.versions.node}…`);
const { stage, stagedPkg } = stageBetterSqlite3(packageDir, 'frontdesk-sqlite3mc-');
try {
  const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
  // Under npm, npm_config_* (nodedir: where Node's headers are) reach node-gyp; run by hand, ask npm.
  const nodedir = process.env.npm_config_nodedir ?? execFileSync('npm', ['config', 'get', 'nodedir'], { encoding: 'utf8' }).trim();
  const args = [nodeGyp, 'rebuild', '--release', ...(nodedir && nodedir !== 'undefined' ? [`--nodedir=${nodedir}`] : [])];
  execFileSync(process.execPath, args, { cwd: stagedPkg, stdio: ['ignore', 'ignore', 'inherit'] });
  cpSync(join(stagedPkg, 'build', 'Release', 'better_sqlite3.node'), target);
} finally {
  rmSync(stage, { recursive: true, force: true });
}
const built = installedCipherVersion();
if (built !== SQLITE3MC_VERSION) throw new Error(`the rebuilt better-sqlite3 reports SQLite3 Multiple Ciphers ${built ?? 'missing'}`);
log(`wrote ${target}`);

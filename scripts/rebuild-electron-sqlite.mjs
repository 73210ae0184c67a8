#!/usr/bin/env node
// postinstall: builds better-sqlite3 for Electron's ABI into native/electron/,
// leaving node_modules/better-sqlite3 built for Node (tests, benchmarks, web host).
// The app loads the Electron copy through better-sqlite3's `nativeBinding` option
// (src-main/platform/native-binding.ts).
//
// It never fails the install: without Electron, without internet or without a
// toolchain it prints why it skipped and exits 0 — the app then refuses to open
// the database with a message naming this script, and everything else still works.
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SQLITE3MC_VERSION, stageBetterSqlite3 } from './sqlite3mc-stage.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const outDir = join(root, 'native', 'electron');
const outFile = join(outDir, 'better_sqlite3.node');
const infoFile = join(outDir, 'build-info.json');

const skip = (why) => {
  console.log(`[rebuild-electron-sqlite] skipped: ${why}`);
  process.exit(0);
};

if (process.env.FRONTDESK_SKIP_ELECTRON_REBUILD) skip('FRONTDESK_SKIP_ELECTRON_REBUILD is set');
if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
  skip('ELECTRON_SKIP_BINARY_DOWNLOAD is set, so there is no Electron to run the app on this machine');
}

const versionOf = (pkg) => JSON.parse(readFileSync(require.resolve(`${pkg}/package.json`), 'utf8')).version;
let electronVersion;
let sqliteVersion;
try {
  electronVersion = versionOf('electron');
  sqliteVersion = versionOf('better-sqlite3');
} catch {
  skip('electron or better-sqlite3 is not installed (production install?)');
}

const wanted = { electronVersion, betterSqlite3Version: sqliteVersion, sqlite3mcVersion: SQLITE3MC_VERSION, platform: process.platform, arch: process.arch };
if (existsSync(outFile) && existsSync(infoFile)) {
  const have = JSON.parse(readFileSync(infoFile, 'utf8'));
  if (Object.entries(wanted).every(([k, v]) => have[k] === v)) skip(`already built for Electron ${electronVersion}`);
}

// Rebuild a private copy of the package, with SQLite3 Multiple Ciphers (encryption at rest)
// swapped in, so the Node build in node_modules stays untouched.
const { stage, stagedPkg } = stageBetterSqlite3(dirname(require.resolve('better-sqlite3/package.json')), 'frontdesk-native-');
try {
  writeFileSync(
    join(stage, 'package.json'),
    JSON.stringify({ name: 'frontdesk-native-stage', private: true, dependencies: { 'better-sqlite3': sqliteVersion } }),
  );

  const { rebuild } = await import('@electron/rebuild');
  console.log(`[rebuild-electron-sqlite] building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion}…`);
  await rebuild({ buildPath: stage, electronVersion, onlyModules: ['better-sqlite3'], force: true, mode: 'sequential' });

  const built = join(stagedPkg, 'build', 'Release', 'better_sqlite3.node');
  if (!existsSync(built)) throw new Error('the rebuild produced no build/Release/better_sqlite3.node');
  mkdirSync(outDir, { recursive: true });
  cpSync(built, outFile);
  writeFileSync(infoFile, `${JSON.stringify(wanted, null, 2)}\n`);
  console.log(`[rebuild-electron-sqlite] wrote ${outFile}`);
} catch (e) {
  rmSync(stage, { recursive: true, force: true });
  skip(`could not build for Electron (${e instanceof Error ? e.message.split('\n')[0] : String(e)}); ` +
    'the tests and the web host still work; run "node scripts/rebuild-electron-sqlite.mjs" once online');
}
rmSync(stage, { recursive: true, force: true });

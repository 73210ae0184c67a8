// electron-builder's beforePack hook (electron-builder.yml). The app loads
// better-sqlite3 from native/electron/ (built with the cipher by
// scripts/rebuild-electron-sqlite.mjs for one Electron version, OS and
// processor). Packing it into an installer for another OS, processor or
// Electron would ship an app that cannot open its database, so packaging stops
// here and says what to do instead.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

// electron-builder's Arch enum (builder-util): the order is part of its API.
const ARCH_NAMES = ['ia32', 'x64', 'armv7l', 'arm64', 'universal'];

/**
 * Why native/electron does not fit the installer being packed; null when it does.
 * @param {string} projectDir
 * @param {{ platform: string, arch: string, electronVersion: string }} target
 * @returns {string | null}
 */
export function nativeBindingProblem(projectDir, target) {
  const dir = join(projectDir, 'native', 'electron');
  const rebuild = 'run "node scripts/rebuild-electron-sqlite.mjs" on a machine of that OS and processor, with internet access';
  if (!existsSync(join(dir, 'better_sqlite3.node')) || !existsSync(join(dir, 'build-info.json'))) {
    return `native/electron/better_sqlite3.node is missing: ${rebuild}, then package again.`;
  }
  const info = JSON.parse(readFileSync(join(dir, 'build-info.json'), 'utf8'));
  if (info.platform !== target.platform || info.arch !== target.arch) {
    return `native/electron was built for ${info.platform}-${info.arch}, this installer is for ${target.platform}-${target.arch}: build each installer on its own OS and processor (${rebuild}).`;
  }
  if (info.electronVersion !== target.electronVersion) {
    return `native/electron was built for Electron ${info.electronVersion}, this is Electron ${target.electronVersion}: ${rebuild}.`;
  }
  if (!info.sqlite3mcVersion) {
    return `native/electron was built without SQLite3 Multiple Ciphers (no encryption at rest): ${rebuild}.`;
  }
  return null;
}

/** @param {{ packager: { projectDir: string }, electronPlatformName: string, arch: number }} context */
export default async function beforePack(context) {
  const projectDir = context.packager.projectDir;
  const require = createRequire(join(projectDir, 'package.json'));
  const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
  const problem = nativeBindingProblem(projectDir, {
    platform: context.electronPlatformName,
    arch: ARCH_NAMES[context.arch] ?? String(context.arch),
    electronVersion,
  });
  if (problem) throw new Error(`Frontdesk cannot be packaged: ${problem}`);
}

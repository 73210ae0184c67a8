import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { listPackage } from '@electron/asar';
import { build, Platform } from 'electron-builder';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * electron-builder really packs the app with the repository's electron-builder.yml,
 * into a project laid out like ours (with decoys where tests, sources, the web
 * host's database and benchmark results live). The Electron binary cannot be
 * downloaded here, so a stand-in Electron folder is given as `electronDist`; the
 * rest — file selection, asar, asar unpacking, extra resources and the
 * beforePack check — is electron-builder's own work. Linux only: the stand-in
 * has Linux's layout.
 */
const ROOT = resolve(__dirname, '..', '..', '..');
const ARCH = process.arch;
const electronVersion = (JSON.parse(readFileSync(join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

let dir: string;
let project: string;
let output: string;
let electronDist: string;

function write(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function nativeBuild(info: Record<string, string>): void {
  write(join(project, 'native', 'electron', 'better_sqlite3.node'), 'electron build of better-sqlite3');
  write(join(project, 'native', 'electron', 'build-info.json'), JSON.stringify(info));
}

/** Packs from the project folder, as `npm run dist` does (electron-builder resolves hook paths from there). */
async function pack(): Promise<void> {
  const cwd = process.cwd();
  process.chdir(project);
  try {
    await build({
      projectDir: project,
      targets: Platform.LINUX.createTarget('dir'),
      publish: 'never',
      config: { electronDist, directories: { output } },
    });
  } finally {
    process.chdir(cwd);
  }
}

describe.runIf(process.platform === 'linux')('packaging with electron-builder.yml', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'frontdesk-package-'));
    project = join(dir, 'project');
    output = join(dir, 'dist');
    electronDist = join(dir, 'electron-dist');

    for (const f of ['package.json', 'package-lock.json', 'electron-builder.yml']) {
      mkdirSync(project, { recursive: true });
      copyFileSync(join(ROOT, f), join(project, f));
    }
    cpSync(join(ROOT, 'resources'), join(project, 'resources'), { recursive: true });
    cpSync(join(ROOT, 'scripts', 'release'), join(project, 'scripts', 'release'), { recursive: true });
    symlinkSync(realpathSync(join(ROOT, 'node_modules')), join(project, 'node_modules'));

    // What electron-vite build writes, and what else lives in out/ on a developer's machine.
    write(join(project, 'out', 'main', 'index.js'), 'main');
    write(join(project, 'out', 'main', 'import-worker.js'), 'worker');
    write(join(project, 'out', 'main', 'chunks', 'logger.js'), 'chunk');
    write(join(project, 'out', 'main', 'index.js.map'), '{}');
    write(join(project, 'out', 'preload', 'index.js'), 'preload');
    write(join(project, 'out', 'renderer', 'index.html'), '<!doctype html>');
    write(join(project, 'out', 'web-host', 'clinic.sqlite'), 'a development database');
    write(join(project, 'out', 'bench', 'results.json'), '[]');
    write(join(project, 'out', 'screenshots', 'grid.png'), 'png');
    write(join(project, 'test', 'unit', 'a.test.ts'), 'test');
    write(join(project, 'src-main', 'index.ts'), 'source');
    write(join(project, 'src-main', 'web-host', 'cli.ts'), 'source');

    write(join(electronDist, 'electron'), '#!/bin/sh\n');
    chmodSync(join(electronDist, 'electron'), 0o755);
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('stops before packing a better-sqlite3 built for another processor', async () => {
    const other = ARCH === 'arm64' ? 'x64' : 'arm64';
    nativeBuild({ electronVersion, betterSqlite3Version: '12.9.0', sqlite3mcVersion: '2.2.6', platform: 'linux', arch: other });
    await expect(pack()).rejects.toThrow(/Frontdesk cannot be packaged: native\/electron was built for linux-/);
    expect(existsSync(join(output, 'linux-unpacked', 'resources', 'app.asar'))).toBe(false);
  }, 120_000);

  it('ships the built app and the Electron build of better-sqlite3 outside the asar, and nothing else of ours', async () => {
    nativeBuild({ electronVersion, betterSqlite3Version: '12.9.0', sqlite3mcVersion: '2.2.6', platform: 'linux', arch: ARCH });
    await pack();

    const resources = join(output, 'linux-unpacked', 'resources');
    expect(existsSync(join(output, 'linux-unpacked', 'frontdesk'))).toBe(true);
    expect(readFileSync(join(resources, 'app-update.yml'), 'utf8')).toMatch(/^updaterCacheDirName: frontdesk-updater$/m);
    expect(readFileSync(join(resources, 'app.asar.unpacked', 'native', 'electron', 'better_sqlite3.node'), 'utf8')).toBe('electron build of better-sqlite3');
    expect(existsSync(join(resources, 'app.asar.unpacked', 'native', 'electron', 'build-info.json'))).toBe(true);

    const files = listPackage(join(resources, 'app.asar'), { isPack: false }).map((f) => f.replaceAll('\\', '/'));
    const ours = files.filter((f) => !f.startsWith('/node_modules'));
    expect(ours).toEqual(
      expect.arrayContaining(['/package.json', '/out/main/index.js', '/out/main/import-worker.js', '/out/main/chunks/logger.js', '/out/preload/index.js', '/out/renderer/index.html']),
    );
    for (const f of ours) expect(f, f).toMatch(/^\/(package\.json|out(\/(main|preload|renderer)(\/.*)?)?|native(\/electron(\/.*)?)?)$/);
    expect(ours).not.toContain('/out/main/index.js.map');

    // Runtime dependencies are there; development tools and better-sqlite3's Node build are not.
    expect(files).toEqual(expect.arrayContaining(['/node_modules/electron-updater/package.json', '/node_modules/better-sqlite3/lib/index.js']));
    for (const f of files) {
      expect(f, f).not.toMatch(/^\/node_modules\/(electron|electron-builder|vitest|vite|typescript|@resvg|playwright-core)\//);
      expect(f, f).not.toMatch(/^\/node_modules\/better-sqlite3\/(build|deps|src)\//);
    }
  }, 180_000);
});

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
// electron-builder's own configuration loader and schema validation (app-builder-lib ships with electron-builder).
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import type { Configuration } from 'app-builder-lib';

const ROOT = resolve(__dirname, '..', '..', '..');
const quietDebugLogger = { isEnabled: false, add: () => undefined } as unknown as Parameters<typeof validateConfiguration>[1];

interface NativeBindingCheck {
  nativeBindingProblem(projectDir: string, target: { platform: string; arch: string; electronVersion: string }): string | null;
}
const { nativeBindingProblem } = (await import(pathToFileURL(join(ROOT, 'scripts', 'release', 'check-native-binding.mjs')).href)) as NativeBindingCheck;

async function projectConfig(): Promise<Configuration> {
  return getConfig(ROOT, null, null);
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own validation', async () => {
    const config = await projectConfig();
    await expect(validateConfiguration(config, quietDebugLogger)).resolves.toBeUndefined();
  });

  it('is really checked: a misspelt option is refused', async () => {
    const config = await projectConfig();
    const broken = { ...config, nsis: { ...config.nsis, perMachin: true } } as Configuration;
    await expect(validateConfiguration(broken, quietDebugLogger)).rejects.toThrow(/configuration\.nsis/);
  });

  it('builds what a clinic installs: per-machine NSIS, signed and notarized dmg + zip, AppImage and deb', async () => {
    const config = await projectConfig();
    expect(config).toMatchObject({
      appId: 'org.frontdesk.desktop',
      productName: 'Frontdesk',
      npmRebuild: false,
      publish: null,
      win: { target: 'nsis' },
      nsis: { perMachine: true, oneClick: false, deleteAppDataOnUninstall: false },
      mac: { target: ['dmg', 'zip'], hardenedRuntime: true, notarize: true },
      linux: { target: ['AppImage', 'deb'] },
    });
    // The Electron build of better-sqlite3 goes outside the asar, where the app looks for it.
    expect(config.asarUnpack).toEqual(['native/electron/**']);
    expect(config.extraResources).toEqual([{ from: 'resources/app-update.yml', to: 'app-update.yml' }]);
  });
});

describe('the check before packing', () => {
  let dir: string | null = null;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });
  const project = (info: Record<string, string> | null): string => {
    dir = mkdtempSync(join(tmpdir(), 'frontdesk-pack-'));
    if (info) {
      mkdirSync(join(dir, 'native', 'electron'), { recursive: true });
      writeFileSync(join(dir, 'native', 'electron', 'better_sqlite3.node'), 'binary');
      writeFileSync(join(dir, 'native', 'electron', 'build-info.json'), JSON.stringify(info));
    }
    return dir;
  };
  const built = { electronVersion: '45.4.1', betterSqlite3Version: '12.9.0', sqlite3mcVersion: '2.2.6', platform: 'linux', arch: 'x64' };
  const target = { platform: 'linux', arch: 'x64', electronVersion: '45.4.1' };

  it('lets a matching Electron build of better-sqlite3 through', () => {
    expect(nativeBindingProblem(project(built), target)).toBeNull();
  });

  it('stops an installer for another OS, processor or Electron, or without the cipher', () => {
    expect(nativeBindingProblem(project(null), target)).toMatch(/missing/);
    expect(nativeBindingProblem(project(built), { ...target, arch: 'arm64' })).toMatch(/built for linux-x64, this installer is for linux-arm64/);
    expect(nativeBindingProblem(project(built), { ...target, platform: 'win32' })).toMatch(/its own OS and processor/);
    expect(nativeBindingProblem(project(built), { ...target, electronVersion: '46.0.0' })).toMatch(/Electron 45.4.1, this is Electron 46.0.0/);
    const { sqlite3mcVersion: _dropped, ...plain } = built;
    expect(nativeBindingProblem(project(plain), target)).toMatch(/without SQLite3 Multiple Ciphers/);
  });
});

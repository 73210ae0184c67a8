import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '@shared/contract';
import { keyFileFor } from '@main/app/database-key';
import { databaseFileState, openDatabase } from '@main/core/db/open';
import { createFakeAutoUpdater, createFakeElectron, type FakeElectron, type Listener } from './fake-electron';

/**
 * src-main/index.ts with the `electron` module replaced at its edge: the real
 * services, handler table and SQLite file run; only Electron's objects are fakes.
 */
const edge = vi.hoisted(() => ({
  electron: null as null | { module: Record<string, unknown> },
  updater: null as null | object,
}));
// Mocked modules stay cached across vi.resetModules(), so they forward to the current test's fakes.
const fromCurrentFake = (name: string) => () => edge.electron!.module[name];
vi.mock('electron', () =>
  Object.defineProperties(
    {},
    Object.fromEntries(
      ['app', 'BrowserWindow', 'ipcMain', 'powerMonitor', 'protocol', 'safeStorage', 'session'].map((name) => [name, { get: fromCurrentFake(name), enumerable: true }]),
    ),
  ),
);
vi.mock('electron-updater', () => ({
  default: Object.defineProperty({}, 'autoUpdater', { get: () => edge.updater, enumerable: true }),
}));

let appData: string;
let fake: FakeElectron;
let autoUpdater: ReturnType<typeof createFakeAutoUpdater>;

const APP_FRAME = { url: 'app://frontdesk/index.html', parent: null };

async function startMain(opts: { lock?: boolean; packaged?: boolean; keychainBackend?: string } = {}): Promise<void> {
  vi.resetModules();
  fake = createFakeElectron();
  if (opts.keychainBackend) fake.safeStorage.backend = opts.keychainBackend;
  fake.app.singleInstanceLock = opts.lock ?? true;
  fake.app.isPackaged = opts.packaged ?? false;
  fake.app.paths.set('appData', appData);
  autoUpdater = createFakeAutoUpdater();
  edge.electron = fake;
  edge.updater = autoUpdater;
  await import('@main/index');
  if (!fake.app.singleInstanceLock) return;
  fake.app.readyResolve();
  await vi.waitUntil(() => fake.windows.length === 1, WAIT);
}

function invoke(channel: string, input: unknown, frame: { url: string; parent: unknown } | null = APP_FRAME) {
  const handler = fake.ipcMain.handlers.get(channel) as Listener;
  return handler({ senderFrame: frame, sender: { id: fake.windows[0]!.webContents.id } }, input) as Promise<unknown>;
}

async function quit(): Promise<void> {
  const preventDefault = vi.fn();
  fake.app.emit('before-quit', { preventDefault });
  if (preventDefault.mock.calls.length > 0) await vi.waitUntil(() => fake.app.quit.mock.calls.length > 0, WAIT);
}

beforeEach(() => {
  appData = mkdtempSync(join(tmpdir(), 'frontdesk-main-'));
  vi.stubEnv('FRONTDESK_EMPTY_CLINIC', '1');
});

afterEach(async () => {
  if (fake?.windows.length) await quit();
  vi.unstubAllEnvs();
  rmSync(appData, { recursive: true, force: true });
});

/** Start-up and quitting run real database work: give them time on a busy machine. */
const WAIT = { timeout: 10_000 };

describe('Electron main', () => {
  it('opens one window with isolation, sandbox and no Node in the page', async () => {
    await startMain();
    const win = fake.windows[0]!;
    expect(win.options.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
    expect(String((win.options.webPreferences as { preload: string }).preload)).toMatch(/preload[\\/]index\.js$/);
    expect(win.loadedUrl).toBe('app://frontdesk/index.html');
  });

  it('serves the renderer from its own secure app:// origin', async () => {
    await startMain();
    expect(fake.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    expect(fake.protocol.handlers.has('app')).toBe(true);
  });

  it('blocks navigation away from the app, new windows and webviews', async () => {
    await startMain();
    const contents = fake.windows[0]!.webContents;
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });

    const away = { preventDefault: vi.fn() };
    contents.emit('will-navigate', away, 'https://evil.example/phish');
    expect(away.preventDefault).toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn() };
    contents.emit('will-redirect', redirect, 'file:///etc/passwd');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const home = { preventDefault: vi.fn() };
    contents.emit('will-navigate', home, 'app://frontdesk/index.html');
    expect(home.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
  });

  it('denies every permission request and check', async () => {
    await startMain();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read']) {
      const callback = vi.fn();
      fake.defaultSession.permissionRequestHandler!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
    }
    expect(fake.defaultSession.permissionCheckHandler!({}, 'media')).toBe(false);
  });

  it('keeps its data in the user-data folder', async () => {
    await startMain();
    expect(fake.app.setPath).toHaveBeenCalledWith('userData', join(appData, 'Frontdesk'));
    await vi.waitUntil(async () => ((await invoke('app/get-status', {})) as { data: { phase: string } }).data.phase === 'ready', WAIT);
    expect(existsSync(join(appData, 'Frontdesk', 'clinic.sqlite'))).toBe(true);
    expect(existsSync(join(appData, 'Frontdesk', 'logs', 'frontdesk.log'))).toBe(true);
  });

  it('keeps the database encrypted at rest with a key only the OS keychain unwraps', async () => {
    await startMain();
    await vi.waitUntil(async () => ((await invoke('app/get-status', {})) as { data: { phase: string } }).data.phase === 'ready', WAIT);
    const dbFile = join(appData, 'Frontdesk', 'clinic.sqlite');
    expect(databaseFileState(dbFile)).toBe('encrypted');
    const stored = readFileSync(keyFileFor(dbFile), 'utf8');
    expect(fake.safeStorage.encryptString).toHaveBeenCalledTimes(1);
    const file = JSON.parse(stored) as { protection: string; data: string };
    expect(file.protection).toBe('os-keychain');
    const key = fake.safeStorage.decryptString(Buffer.from(file.data, 'base64'));
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(key);
    expect(Buffer.from(file.data, 'base64').toString('latin1')).not.toContain(key);
    await quit();

    // The next start unwraps the same key and opens the same clinic.
    await startMain();
    await vi.waitUntil(async () => ((await invoke('app/get-status', {})) as { data: { phase: string } }).data.phase === 'ready', WAIT);
    expect(fake.safeStorage.encryptString).not.toHaveBeenCalled();
    expect(fake.safeStorage.decryptString).toHaveBeenCalledTimes(1);
  });

  it('says the database key is wrapped by the OS keychain', async () => {
    await startMain();
    await vi.waitUntil(async () => ((await invoke('app/get-status', {})) as { data: { phase: string } }).data.phase === 'ready', WAIT);
    expect(await invoke('app/get-status', {})).toMatchObject({ ok: true, data: { keychain: 'os-keychain' } });
  });

  it.runIf(process.platform === 'linux')('counts Electron’s basic_text store as no keychain, and says so', async () => {
    await startMain({ keychainBackend: 'basic_text' });
    await vi.waitUntil(async () => ((await invoke('app/get-status', {})) as { data: { phase: string } }).data.phase === 'ready', WAIT);
    expect(await invoke('app/get-status', {})).toMatchObject({ ok: true, data: { keychain: 'none' } });
    const file = JSON.parse(readFileSync(keyFileFor(join(appData, 'Frontdesk', 'clinic.sqlite')), 'utf8')) as { protection: string };
    expect(file.protection).toBe('none');
    expect(fake.safeStorage.encryptString).not.toHaveBeenCalled();
    expect(readFileSync(join(appData, 'Frontdesk', 'logs', 'frontdesk.log'), 'utf8')).toContain('basic-text-store');
  });

  it.runIf(process.platform === 'linux')('still opens a desk whose key was wrapped while basic_text passed for a keychain', async () => {
    await startMain();
    await vi.waitUntil(async () => ((await invoke('app/get-status', {})) as { data: { phase: string } }).data.phase === 'ready', WAIT);
    await quit();
    await startMain({ keychainBackend: 'basic_text' });
    await vi.waitUntil(async () => ((await invoke('app/get-status', {})) as { data: { phase: string } }).data.phase !== 'starting', WAIT);
    expect(await invoke('app/get-status', {})).toMatchObject({ ok: true, data: { phase: 'ready', keychain: 'none' } });
  });

  it('runs as a single instance: a second start quits and the first takes focus', async () => {
    await startMain({ lock: false });
    expect(fake.app.quit).toHaveBeenCalled();
    expect(fake.app.whenReady).not.toHaveBeenCalled();
    expect(fake.windows).toHaveLength(0);

    await startMain({ lock: true });
    fake.app.emit('second-instance');
    expect(fake.windows[0]!.focus).toHaveBeenCalled();
  });

  it('registers every contract channel once and checks who is calling', async () => {
    await startMain();
    expect([...fake.ipcMain.handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());

    expect(await invoke('app/get-status', {})).toMatchObject({ ok: true, data: { appVersion: '0.1.0-test' } });
    const forbidden = { ok: false, error: { code: 'FORBIDDEN' } };
    expect(await invoke('app/get-status', {}, { url: 'https://evil.example/', parent: null })).toMatchObject(forbidden);
    expect(await invoke('app/get-status', {}, { url: 'app://frontdesk/index.html', parent: {} })).toMatchObject(forbidden);
    expect(await invoke('app/get-status', {}, { url: 'file:///work/index.html', parent: null })).toMatchObject(forbidden);
    expect(await invoke('app/get-status', {}, null)).toMatchObject(forbidden);
  });

  it('pushes events to the window', async () => {
    await startMain();
    autoUpdater.emit('update-downloaded', { version: '9.9.9' });
    expect(fake.windows[0]!.webContents.sent).toContainEqual({
      channel: 'push:updates/status',
      payload: expect.objectContaining({ state: 'ready', version: '9.9.9' }),
    });
  });

  it('checks the clinic feed for updates at start and never restarts while a booking dialog is open', async () => {
    const dataDir = join(appData, 'Frontdesk');
    mkdirSync(dataDir, { recursive: true });
    const db = openDatabase(join(dataDir, 'clinic.sqlite'));
    db.prepare(`INSERT INTO settings (key, value) VALUES ('updateFeedUrl', ?)`).run(JSON.stringify('https://updates.clinic.example/frontdesk/'));
    db.close();

    await startMain({ packaged: true });
    await vi.waitUntil(() => autoUpdater.checkForUpdates.mock.calls.length === 1, WAIT);
    expect(autoUpdater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'https://updates.clinic.example/frontdesk/', channel: 'latest' });

    autoUpdater.emit('update-downloaded', { version: '1.1.0' });
    // Restarting is for a signed-in person: this empty clinic's first manager.
    await vi.waitUntil(async () => ((await invoke('app/get-status', {})) as { data: { phase: string } }).data.phase === 'ready', WAIT);
    expect(await invoke('sign-in/create-first-manager', { name: 'Ada Byrne', secret: '135790' })).toMatchObject({ ok: true });
    expect(await invoke('app/set-booking-open', { open: true })).toEqual({ ok: true, data: null });
    expect(await invoke('updates/restart', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(autoUpdater.quitAndInstall).not.toHaveBeenCalled();

    // The window that had the dialog open goes away: it no longer holds the update back.
    fake.windows[0]!.webContents.emit('destroyed');
    expect(await invoke('updates/restart', {})).toEqual({ ok: true, data: null });
    await vi.waitUntil(() => autoUpdater.quitAndInstall.mock.calls.length === 1, WAIT);
  });

  it('shuts down gracefully: waits for calls in flight, closes the database, then quits', async () => {
    await startMain();
    const dbFile = join(appData, 'Frontdesk', 'clinic.sqlite');
    await vi.waitUntil(async () => ((await invoke('app/get-status', {})) as { data: { phase: string } }).data.phase === 'ready', WAIT);
    expect(existsSync(`${dbFile}-wal`)).toBe(true);

    const preventDefault = vi.fn();
    fake.app.emit('before-quit', { preventDefault });
    expect(preventDefault).toHaveBeenCalled();
    expect(await invoke('app/get-status', {})).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    await vi.waitUntil(() => fake.app.quit.mock.calls.length === 1, WAIT);
    // The last connection closed cleanly: SQLite checkpointed and removed the WAL.
    expect(existsSync(`${dbFile}-wal`)).toBe(false);

    const again = vi.fn();
    fake.app.emit('before-quit', { preventDefault: again });
    expect(again).not.toHaveBeenCalled();
    fake.windows.length = 0;
  });
});

/**
 * Electron main: lifecycle, the one window, security and wiring (the only
 * file that creates a BrowserWindow). Everything it wires — services, handler
 * table, updater logic — runs without Electron; this file only connects them
 * to Electron's objects.
 */
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain, powerMonitor, protocol, safeStorage, session } from 'electron';
import electronUpdater from 'electron-updater';
import { demoBuilderInWorker } from './app/demo-in-worker';
import { AppError } from '../src-shared/domain/errors';
import { loadOrCreateDatabaseKey, UNPROTECTED, type KeyProtector } from './app/database-key';
import { startAppServices, type AppServices } from './app/services';
import { readUpdateFeed } from './app/update-feed';
import { createAppHandlerTable } from './ipc/app-table';
import { electronCallerId, forwardEventsTo, serveOverElectronIpc } from './ipc/electron-transport';
import type { HandlerTable } from './ipc/handler-table';
import { APP_ENTRY_URL, APP_ORIGIN, APP_SCHEME, createAppProtocolHandler } from './platform/app-protocol';
import { systemClock } from './platform/clock';
import { createLogger, fileLogWriter, type Logger } from './platform/logger';
import { findElectronSqliteBinding } from './platform/native-binding';
import { appPaths } from './platform/paths';
import { watchNetwork } from './platform/network-watch';
import { createUpdater, type Updater } from './platform/updater';
import { denyAllPermissions, lockDownContents, secureWebPreferences } from './platform/window-security';
import { originOf } from './ipc/trusted-origin';

// electron-updater is CommonJS: its named export is not visible to an ESM import.
const { autoUpdater } = electronUpdater;

const APP_NAME = 'Frontdesk';
/** electron-vite dev serves the renderer from a dev server; packaged builds never do. */
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const trustedOrigins = [APP_ORIGIN, ...(devServerUrl ? [originOf(devServerUrl) ?? ''] : [])].filter(Boolean);

// Must happen before 'ready': app:// is a standard, secure origin with fetch support.
protocol.registerSchemesAsPrivileged([
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

app.setName(APP_NAME);
app.setPath('userData', join(app.getPath('appData'), APP_NAME));

interface Running {
  services: AppServices<Updater>;
  table: HandlerTable;
  logger: Logger;
  window: BrowserWindow | null;
}

let running: Running | null = null;

if (!app.requestSingleInstanceLock()) {
  // Another Frontdesk already has this workstation's database open: it gets focus instead.
  app.quit();
} else {
  app.on('second-instance', () => {
    const win = running?.window;
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, trustedOrigins, runningLogger()));
  app.on('window-all-closed', () => app.quit());
  app.on('before-quit', onBeforeQuit);
  void app.whenReady().then(start);
}

/**
 * safeStorage wraps the database key and the saved passwords with the OS keychain (DPAPI on
 * Windows, Keychain on macOS, libsecret or KWallet on Linux). Where the OS offers none, they
 * are kept unwrapped, the log says so and the desk shows it (AppStatus.keychain): the
 * clinic's disk encryption is then their only guard. On Linux, Electron's `basic_text`
 * store (no secret service running) encrypts with a password built into Chromium, which
 * guards nothing: it counts as no keychain.
 */
function osKeyProtector(logger: Logger): KeyProtector {
  if (!safeStorage.isEncryptionAvailable()) {
    logger.warn('app.database_key_unprotected', { reason: 'os-keychain-unavailable' });
    return UNPROTECTED;
  }
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    logger.warn('app.database_key_unprotected', { reason: 'basic-text-store' });
    return UNPROTECTED;
  }
  return safeStorageProtector();
}

const safeStorageProtector = (): KeyProtector => ({
  kind: 'os-keychain',
  protect: (key) => safeStorage.encryptString(key),
  unprotect: (stored) => safeStorage.decryptString(stored),
});

/**
 * The database key with `protector`. A key file wrapped while the `basic_text` store was
 * taken for a keychain is still opened with it (safeStorage can decrypt it), so such a
 * desk keeps its database; it is reported as unprotected all the same.
 */
function databaseKeyWith(dbFile: string, protector: KeyProtector): string {
  try {
    return loadOrCreateDatabaseKey(dbFile, protector);
  } catch (e) {
    const basicText = process.platform === 'linux' && safeStorage.isEncryptionAvailable() && safeStorage.getSelectedStorageBackend() === 'basic_text';
    if (!basicText || protector.kind !== 'none' || !(e instanceof AppError) || e.code !== 'DATABASE_KEY') throw e;
    return loadOrCreateDatabaseKey(dbFile, safeStorageProtector());
  }
}

function runningLogger(): Logger {
  return running?.logger ?? createLogger({ write: (line) => process.stderr.write(`${line}\n`) });
}

function start(): void {
  const paths = appPaths(app.getPath('userData'));
  const logger = createLogger({ write: fileLogWriter(paths.logFile) });
  logger.info('app.start', { version: app.getVersion() });

  const binding = findElectronSqliteBinding(app.getAppPath(), process.versions.electron ?? '');
  if (!binding.found) logger.error('app.sqlite_binding_missing', { reason: binding.reason });
  const nativeBinding = binding.found ? binding.path : undefined;
  const keychain = osKeyProtector(logger);

  const services = startAppServices({
    dbFile: paths.dbFile,
    clock: systemClock,
    logger,
    appVersion: app.getVersion(),
    user: 'front-desk',
    ...(nativeBinding ? { nativeBinding } : {}),
    // Encrypted at rest, the key wrapped by the OS keychain (app/database-key.ts), and so are
    // the passwords the desk keeps for the hub, mail, SMS and calendars (app/stored-secrets.ts).
    databaseKey: () => databaseKeyWith(paths.dbFile, keychain),
    secrets: keychain,
    demo: process.env.FRONTDESK_EMPTY_CLINIC ? null : demoBuilderInWorker({ seed: 1, now: null }),
    // A fresh database asks: explore the demo clinic, or set up this clinic from empty.
    askFirstRun: true,
    // Sends due reminders while the app runs (src-main/reminder-delivery/runner.ts).
    reminders: {},
    updates: (deps) =>
      createUpdater({
        autoUpdater,
        events: deps.events,
        logger: deps.logger,
        isAnyoneBooking: () => deps.bookingActivity.isAnyoneBooking(),
        // The installer starts only once calls in flight have finished and the database is closed.
        prepareToInstall: () => (running ? shutDownOnce(running) : Promise.resolve()),
      }),
  });
  const table = createAppHandlerTable(services);
  running = { services, table, logger, window: null };
  // The workstation's own screen lock and sleep lock the desk too (src-main/app/desk-lock.ts).
  powerMonitor.on('lock-screen', () => services.deskLock.lock('screen-lock'));
  powerMonitor.on('suspend', () => services.deskLock.lock('suspend'));
  // Back from sleep or on another network: look for the clinic hub now, not at the next probe.
  powerMonitor.on('resume', () => services.sync.probeNow());
  const network = watchNetwork(() => services.sync.probeNow());
  app.once('will-quit', () => network.stop());

  // Every app:// response carries the strict CSP header. (The dev server's page keeps index.html's meta copy,
  // relaxed for hot reload by electron.vite.config.ts.)
  protocol.handle(APP_SCHEME, createAppProtocolHandler(join(__dirname, '../renderer')));
  denyAllPermissions(session.defaultSession);
  serveOverElectronIpc({ ipcMain, table, trustedOrigins, logger });

  running.window = createWindow(services);

  void services.started().then((status) => {
    if (status.phase !== 'ready') return;
    services.updates.start(app.isPackaged ? readUpdateFeed(services.core().db) : null);
  });
}

function createWindow(services: AppServices<Updater>): BrowserWindow {
  const win = new BrowserWindow({
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: APP_NAME,
    backgroundColor: '#f4f6f8',
    webPreferences: secureWebPreferences(join(__dirname, '../preload/index.js'), !app.isPackaged),
  });
  const contents = win.webContents;
  const callerId = electronCallerId(contents.id);
  forwardEventsTo(contents, services.events);
  contents.once('destroyed', () => services.bookingActivity.forget(callerId));
  win.once('ready-to-show', () => win.show());
  win.on('closed', () => {
    if (running?.window === win) running.window = null;
  });
  void win.loadURL(devServerUrl ?? APP_ENTRY_URL);
  return win;
}

let shutdown: Promise<void> | null = null;
let shutdownDone = false;

/**
 * Quit waits for writes in flight: the handler table stops taking calls and
 * drains, then the database closes, then the app really quits.
 */
function onBeforeQuit(event: { preventDefault(): void }): void {
  if (shutdownDone || !running) return;
  event.preventDefault();
  void shutDownOnce(running).finally(() => app.quit());
}

/** Runs once, whether the quit or an update's installer asks first. */
function shutDownOnce(current: Running): Promise<void> {
  shutdown ??= gracefulShutdown(current).finally(() => {
    shutdownDone = true;
  });
  return shutdown;
}

async function gracefulShutdown({ services, table, logger }: Running): Promise<void> {
  services.updates.stop();
  try {
    await table.drain();
    await services.close();
    logger.info('app.stopped', {});
  } catch (e) {
    logger.error('app.shutdown_failed', { errorName: e instanceof Error ? e.name : typeof e });
  }
}

import type { UpdateStatus } from '../../src-shared/domain/app';
import { AppError } from '../../src-shared/domain/errors';
import type { UpdateControl } from '../app/updates';
import type { EventBus } from '../app/event-bus';
import { stackFrames, type Logger } from './logger';
import { updateFeedProblem, type UpdateFeed } from '../app/update-feed';

/**
 * Updates from the clinic's own server (an electron-updater "generic" feed):
 * checked at start and every few hours, downloaded in the background with its
 * progress shown, verified against the sha512 the feed publishes (electron-updater
 * refuses a file that does not match and keeps nothing of it), then offered to
 * the receptionist as "restart to update". The app never restarts by itself,
 * refuses to while a booking dialog is open anywhere, and lets calls in flight
 * finish and the database close before the installer starts.
 *
 * The electron-updater instance is passed in (index.ts) so this runs in tests
 * with electron-updater's own classes and only Electron replaced.
 */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;
/** A failed check or download is tried again after 5 minutes, then 10, 20… up to the normal interval. */
export const UPDATE_RETRY_FIRST_MS = 5 * 60 * 1000;

/** The part of electron-updater's AppUpdater used here. */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  allowDowngrade: boolean;
  setFeedURL(options: { provider: 'generic'; url: string; channel: string }): void;
  checkForUpdates(): Promise<{ downloadPromise?: Promise<unknown> | null } | null>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(event: 'update-available' | 'update-not-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'download-progress', listener: (info: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdaterTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export interface UpdaterOptions {
  autoUpdater: AutoUpdaterLike;
  events: EventBus;
  logger: Logger;
  isAnyoneBooking(): boolean;
  /**
   * Stops taking calls, waits for those in flight and closes the database; runs
   * after "restart to update" has answered and before the installer starts.
   */
  prepareToInstall?(): Promise<void>;
  timers?: UpdaterTimers;
}

export interface Updater extends UpdateControl {
  /** Starts checking `feed`; null means the clinic has no update server configured. */
  start(feed: UpdateFeed | null): void;
  stop(): void;
}

const initial: UpdateStatus = { state: 'idle', version: null, percent: null, message: null };

const RETRY_MESSAGE = 'Could not check for updates. Frontdesk will try again later.';
const REFUSED_MESSAGE =
  'A downloaded update did not match the update server’s checksum and was not installed. ' +
  'Frontdesk keeps working and will try again later; tell your administrator if this repeats.';

const defaultTimers: UpdaterTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createUpdater(opts: UpdaterOptions): Updater {
  const { autoUpdater, events, logger } = opts;
  const timers = opts.timers ?? defaultTimers;
  let status: UpdateStatus = initial;
  let timer: unknown = null;
  let running = false;
  let failures = 0;
  let restarting = false;

  const set = (next: UpdateStatus): void => {
    status = next;
    events.emit('updates/status', status);
  };
  const isReady = (): boolean => status.state === 'ready';

  const cancelTimer = (): void => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };
  const schedule = (ms: number): void => {
    cancelTimer();
    if (running) timer = timers.setTimeout(check, ms);
  };
  const scheduleRetry = (): void => {
    failures += 1;
    schedule(Math.min(UPDATE_RETRY_FIRST_MS * 2 ** (failures - 1), UPDATE_CHECK_INTERVAL_MS));
  };

  autoUpdater.on('checking-for-update', () => {
    if (!isReady()) set({ ...initial, state: 'checking' });
  });
  autoUpdater.on('update-not-available', () => {
    failures = 0;
    if (!isReady()) set(initial);
  });
  autoUpdater.on('update-available', (info) => set({ ...initial, state: 'downloading', version: info.version, percent: 0 }));
  autoUpdater.on('download-progress', (p) => {
    if (status.state === 'downloading') set({ ...status, percent: Math.floor(p.percent) });
  });
  autoUpdater.on('update-downloaded', (info) => {
    failures = 0;
    cancelTimer(); // nothing newer is needed before the restart
    logger.info('updates.ready', { version: info.version });
    set({ ...initial, state: 'ready', version: info.version });
  });
  autoUpdater.on('error', (e) => {
    const code = (e as { code?: unknown }).code;
    const refused = code === 'ERR_CHECKSUM_MISMATCH';
    logger.warn(refused ? 'updates.refused' : 'updates.error', {
      errorName: e.name,
      code: typeof code === 'string' ? code : undefined,
      version: status.version ?? undefined,
      stack: stackFrames(e),
    });
    if (isReady()) return; // an update is already downloaded and verified: keep offering it
    set(refused ? { ...initial, state: 'refused', version: status.version, message: REFUSED_MESSAGE } : { ...initial, state: 'error', message: RETRY_MESSAGE });
    scheduleRetry();
  });

  function check(): void {
    timer = null;
    if (!running || isReady()) return; // downloaded already: nothing newer is needed before the restart
    schedule(UPDATE_CHECK_INTERVAL_MS);
    // Failures arrive through the 'error' event (which schedules the retry); the promises only need a catch.
    autoUpdater
      .checkForUpdates()
      .then((result) => result?.downloadPromise?.catch(() => undefined))
      .catch(() => undefined);
  }

  return {
    start(feed) {
      if (!feed) {
        set({ ...initial, state: 'unconfigured', message: 'No update server is set for this clinic.' });
        return;
      }
      const problem = updateFeedProblem(feed.url);
      if (problem) {
        logger.warn('updates.feed_refused', { reason: 'insecure-or-invalid-url' });
        set({ ...initial, state: 'error', message: problem });
        return;
      }
      autoUpdater.setFeedURL({ provider: 'generic', url: feed.url, channel: feed.channel });
      autoUpdater.autoDownload = true;
      // A desk on the beta channel does not fall back to an older stable version by itself.
      autoUpdater.allowDowngrade = false;
      // An update downloaded but not yet installed goes in when the receptionist quits normally.
      autoUpdater.autoInstallOnAppQuit = true;
      running = true;
      check();
    },
    stop() {
      running = false;
      cancelTimer();
    },
    status: () => status,
    restartToUpdate() {
      if (!isReady()) throw new AppError('NOT_FOUND', 'There is no update ready to install yet.');
      if (opts.isAnyoneBooking()) {
        throw new AppError('LOCKED', 'Finish or close the open booking first, then restart to update.');
      }
      if (restarting) return;
      restarting = true;
      logger.info('updates.restart', { version: status.version });
      // After this call has answered: then writes in flight finish and the database closes before the installer runs.
      timers.setTimeout(() => {
        void (opts.prepareToInstall?.() ?? Promise.resolve())
          .catch((e: unknown) => logger.error('updates.prepare_failed', { errorName: e instanceof Error ? e.name : typeof e }))
          .then(() => autoUpdater.quitAndInstall(false, true));
      }, 0);
    },
  };
}

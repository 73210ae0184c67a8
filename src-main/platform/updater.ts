import type { UpdateStatus } from '../../src-shared/domain/app';
import { AppError } from '../../src-shared/domain/errors';
import type { UpdateControl } from '../app/updates';
import type { EventBus } from '../app/event-bus';
import { stackFrames, type Logger } from './logger';

/**
 * Updates from the clinic's own server (an electron-updater "generic" feed):
 * checked at start and every few hours, downloaded in the background, then
 * offered to the receptionist as "restart to update". The app never restarts
 * by itself, and refuses to while a booking dialog is open anywhere.
 *
 * The electron-updater instance is passed in (index.ts) so this runs in tests
 * with a fake in its place.
 */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60 * 1000;

/** The part of electron-updater's AppUpdater used here. */
export interface AutoUpdaterLike {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'checking-for-update', listener: () => void): unknown;
  on(event: 'update-available' | 'update-not-available' | 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'download-progress', listener: (info: { percent: number }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface UpdaterOptions {
  autoUpdater: AutoUpdaterLike;
  events: EventBus;
  logger: Logger;
  isAnyoneBooking(): boolean;
}

export interface Updater extends UpdateControl {
  /** Starts checking against `feedUrl`; null means the clinic has no update server configured. */
  start(feedUrl: string | null): void;
  stop(): void;
}

const initial: UpdateStatus = { state: 'idle', version: null, percent: null, message: null };

export function createUpdater(opts: UpdaterOptions): Updater {
  const { autoUpdater, events, logger } = opts;
  let status: UpdateStatus = initial;
  let timer: ReturnType<typeof setInterval> | null = null;

  const set = (next: UpdateStatus): void => {
    status = next;
    events.emit('updates/status', status);
  };
  const isReady = (): boolean => status.state === 'ready';

  autoUpdater.on('checking-for-update', () => {
    if (!isReady()) set({ ...initial, state: 'checking' });
  });
  autoUpdater.on('update-not-available', () => {
    if (!isReady()) set(initial);
  });
  autoUpdater.on('update-available', (info) => set({ ...initial, state: 'downloading', version: info.version, percent: 0 }));
  autoUpdater.on('download-progress', (p) => {
    if (status.state === 'downloading') set({ ...status, percent: Math.round(p.percent) });
  });
  autoUpdater.on('update-downloaded', (info) => {
    logger.info('updates.ready', { version: info.version });
    set({ ...initial, state: 'ready', version: info.version });
  });
  autoUpdater.on('error', (e) => {
    // An offline clinic is normal: keep quiet in the UI unless nothing better is known.
    logger.warn('updates.error', { errorName: e.name, stack: stackFrames(e) });
    if (!isReady()) set({ ...initial, state: 'error', message: 'Could not check for updates. Frontdesk will try again later.' });
  });

  const check = (): void => {
    if (isReady()) return; // downloaded already; nothing newer is needed before the restart
    autoUpdater.checkForUpdates().catch(() => undefined); // reported through the 'error' event
  };

  return {
    start(feedUrl) {
      if (!feedUrl) {
        set({ ...initial, state: 'unconfigured', message: 'No update server is set for this clinic.' });
        return;
      }
      autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl });
      autoUpdater.autoDownload = true;
      // An update downloaded but not yet installed goes in when the receptionist quits normally.
      autoUpdater.autoInstallOnAppQuit = true;
      check();
      timer = setInterval(check, UPDATE_CHECK_INTERVAL_MS);
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
    status: () => status,
    restartToUpdate() {
      if (!isReady()) throw new AppError('NOT_FOUND', 'There is no update ready to install yet.');
      if (opts.isAnyoneBooking()) {
        throw new AppError('LOCKED', 'Finish or close the open booking first, then restart to update.');
      }
      logger.info('updates.restart', { version: status.version });
      // After this call has answered: the quit path drains calls in flight and closes the database first.
      setTimeout(() => autoUpdater.quitAndInstall(false, true), 0);
    },
  };
}

import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBookingActivity } from '@main/app/booking-activity';
import { createEventBus, type PushEvent } from '@main/app/event-bus';
import { updateFeedProblem } from '@main/app/update-feed';
import { createLogger } from '@main/platform/logger';
import {
  createUpdater,
  UPDATE_CHECK_INTERVAL_MS,
  UPDATE_RETRY_FIRST_MS,
  type AutoUpdaterLike,
  type UpdaterOptions,
} from '@main/platform/updater';

/**
 * The updater's own rules (schedule, retries, what the desk is told) with
 * electron-updater's AppUpdater replaced; test/integration/updates runs the
 * real one against a real feed server.
 */
class FakeAutoUpdater extends EventEmitter implements AutoUpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  allowDowngrade = true;
  setFeedURL = vi.fn();
  checkForUpdates = vi.fn(() => Promise.resolve(null));
  quitAndInstall = vi.fn();
}

const FEED = { url: 'https://updates.clinic.example/frontdesk/', channel: 'latest' as const };

function setup(extra: Partial<UpdaterOptions> = {}) {
  const autoUpdater = new FakeAutoUpdater();
  const events = createEventBus();
  const pushed: PushEvent[] = [];
  events.subscribe((e) => pushed.push(e));
  const booking = createBookingActivity();
  const logged: string[] = [];
  const updater = createUpdater({
    autoUpdater,
    events,
    logger: createLogger({ write: (line) => logged.push(line) }),
    isAnyoneBooking: () => booking.isAnyoneBooking(),
    ...extra,
  });
  return { autoUpdater, pushed, booking, updater, logged };
}

describe('updater', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('checks the generic feed at start and every 4 hours, downloading in the background', () => {
    const { autoUpdater, updater } = setup();
    updater.start(FEED);

    expect(autoUpdater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: FEED.url, channel: 'latest' });
    expect(autoUpdater.autoDownload).toBe(true);
    expect(autoUpdater.allowDowngrade).toBe(false);
    expect(autoUpdater.autoInstallOnAppQuit).toBe(true);
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(1);

    vi.advanceTimersByTime(UPDATE_CHECK_INTERVAL_MS - 1);
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(1);
    vi.advanceTimersByTime(1);
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(2);
    vi.advanceTimersByTime(2 * UPDATE_CHECK_INTERVAL_MS);
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(4);
    expect(UPDATE_CHECK_INTERVAL_MS).toBe(4 * 60 * 60 * 1000);

    updater.stop();
    vi.advanceTimersByTime(UPDATE_CHECK_INTERVAL_MS);
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(4);
  });

  it('follows the beta channel when the workstation is set to it', () => {
    const { autoUpdater, updater } = setup();
    updater.start({ url: FEED.url, channel: 'beta' });
    expect(autoUpdater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: FEED.url, channel: 'beta' });
  });

  it('does nothing without a feed URL in the clinic settings', () => {
    const { autoUpdater, updater } = setup();
    updater.start(null);
    vi.advanceTimersByTime(UPDATE_CHECK_INTERVAL_MS * 3);
    expect(autoUpdater.checkForUpdates).not.toHaveBeenCalled();
    expect(updater.status().state).toBe('unconfigured');
  });

  it('takes updates over https only, plain http only from this computer', () => {
    expect(updateFeedProblem('https://updates.clinic.example/frontdesk/')).toBeNull();
    expect(updateFeedProblem('http://127.0.0.1:8080/')).toBeNull();
    expect(updateFeedProblem('http://localhost/feed/')).toBeNull();
    expect(updateFeedProblem('http://[::1]:9000/')).toBeNull();
    for (const bad of ['http://updates.clinic.example/', 'http://192.168.1.20/', 'http://localhost.evil.example/', 'ftp://updates.example/', 'file:///C:/feed/', 'not a url']) {
      expect(updateFeedProblem(bad), bad).toMatch(/https|web address/);
    }

    const { autoUpdater, updater } = setup();
    updater.start({ url: 'http://updates.clinic.example/frontdesk/', channel: 'latest' });
    expect(autoUpdater.setFeedURL).not.toHaveBeenCalled();
    expect(autoUpdater.checkForUpdates).not.toHaveBeenCalled();
    expect(updater.status()).toMatchObject({ state: 'error', message: expect.stringContaining('https://') });
    vi.advanceTimersByTime(UPDATE_CHECK_INTERVAL_MS * 2);
    expect(autoUpdater.checkForUpdates).not.toHaveBeenCalled();
  });

  it('shows download progress, then "update ready", and never restarts by itself', () => {
    const { autoUpdater, updater, pushed } = setup();
    updater.start(FEED);
    autoUpdater.emit('update-available', { version: '1.2.0' });
    autoUpdater.emit('download-progress', { percent: 41.6 });
    expect(updater.status()).toMatchObject({ state: 'downloading', version: '1.2.0', percent: 41 });
    autoUpdater.emit('download-progress', { percent: 99.9 });
    expect(updater.status().percent).toBe(99); // 100 only once verified and ready
    autoUpdater.emit('update-downloaded', { version: '1.2.0' });

    expect(updater.status()).toMatchObject({ state: 'ready', version: '1.2.0' });
    expect(pushed.at(-1)).toEqual({ name: 'updates/status', payload: expect.objectContaining({ state: 'ready', version: '1.2.0' }) });

    vi.advanceTimersByTime(UPDATE_CHECK_INTERVAL_MS * 6);
    expect(autoUpdater.quitAndInstall).not.toHaveBeenCalled();
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(1); // ready: nothing newer is fetched before the restart
    // Ready stays ready: errors do not hide the offer.
    autoUpdater.emit('error', new Error('offline'));
    expect(updater.status().state).toBe('ready');
  });

  it('retries a failed check or download after 5 minutes, doubling up to the normal interval', () => {
    const { autoUpdater, updater } = setup();
    updater.start(FEED);
    const failAndCountUntilRetry = (): number => {
      const before = autoUpdater.checkForUpdates.mock.calls.length;
      autoUpdater.emit('error', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
      let waited = 0;
      while (autoUpdater.checkForUpdates.mock.calls.length === before) {
        vi.advanceTimersByTime(60_000);
        waited += 60_000;
      }
      return waited;
    };
    expect(failAndCountUntilRetry()).toBe(UPDATE_RETRY_FIRST_MS);
    expect(updater.status()).toMatchObject({ state: 'error', message: expect.stringMatching(/try again later/) });
    expect(failAndCountUntilRetry()).toBe(2 * UPDATE_RETRY_FIRST_MS);
    expect(failAndCountUntilRetry()).toBe(4 * UPDATE_RETRY_FIRST_MS);
    for (let i = 0; i < 6; i++) failAndCountUntilRetry();
    expect(failAndCountUntilRetry()).toBe(UPDATE_CHECK_INTERVAL_MS);

    // A good answer resets the backoff.
    autoUpdater.emit('update-not-available', { version: '0.1.0' });
    expect(failAndCountUntilRetry()).toBe(UPDATE_RETRY_FIRST_MS);
  });

  it('reports a download refused for its checksum, and keeps no offer of it', () => {
    const { autoUpdater, updater, logged } = setup();
    updater.start(FEED);
    autoUpdater.emit('update-available', { version: '1.2.0' });
    autoUpdater.emit('error', Object.assign(new Error('sha512 checksum mismatch, expected abc, got def'), { code: 'ERR_CHECKSUM_MISMATCH' }));
    expect(updater.status()).toMatchObject({ state: 'refused', version: '1.2.0', message: expect.stringMatching(/checksum/) });
    expect(() => updater.restartToUpdate()).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(logged.some((l) => l.includes('updates.refused') && l.includes('ERR_CHECKSUM_MISMATCH'))).toBe(true);
    const calls = autoUpdater.checkForUpdates.mock.calls.length;
    vi.advanceTimersByTime(UPDATE_RETRY_FIRST_MS);
    expect(autoUpdater.checkForUpdates).toHaveBeenCalledTimes(calls + 1);
  });

  it('refuses to restart while a booking dialog is open, and restarts when asked after', () => {
    const { autoUpdater, updater, booking } = setup();
    updater.start(FEED);
    autoUpdater.emit('update-downloaded', { version: '1.2.0' });

    booking.set('window:1', true);
    expect(() => updater.restartToUpdate()).toThrow(expect.objectContaining({ code: 'LOCKED' }));
    vi.advanceTimersByTime(UPDATE_CHECK_INTERVAL_MS * 2);
    expect(autoUpdater.quitAndInstall).not.toHaveBeenCalled();

    booking.set('window:1', false);
    updater.restartToUpdate();
    expect(autoUpdater.quitAndInstall).not.toHaveBeenCalled(); // only after the call has answered
  });

  it('starts the installer only after calls in flight have finished and the database is closed', async () => {
    let finishShutdown = (): void => undefined;
    const prepareToInstall = vi.fn(() => new Promise<void>((resolve) => (finishShutdown = resolve)));
    const { autoUpdater, updater } = setup({ prepareToInstall });
    updater.start(FEED);
    autoUpdater.emit('update-downloaded', { version: '1.2.0' });

    updater.restartToUpdate();
    updater.restartToUpdate(); // a second click does not start a second shutdown
    expect(prepareToInstall).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(0);
    expect(prepareToInstall).toHaveBeenCalledTimes(1);
    expect(autoUpdater.quitAndInstall).not.toHaveBeenCalled();

    finishShutdown();
    await vi.waitFor(() => expect(autoUpdater.quitAndInstall).toHaveBeenCalledWith(false, true));
    expect(autoUpdater.quitAndInstall).toHaveBeenCalledTimes(1);
  });

  it('has nothing to install before a download', () => {
    const { updater } = setup();
    updater.start(FEED);
    expect(() => updater.restartToUpdate()).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

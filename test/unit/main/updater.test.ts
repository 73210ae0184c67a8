import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBookingActivity } from '../../../src-main/app/booking-activity';
import { createEventBus, type PushEvent } from '../../../src-main/app/event-bus';
import { createLogger } from '../../../src-main/platform/logger';
import { createUpdater, UPDATE_CHECK_INTERVAL_MS, type AutoUpdaterLike } from '../../../src-main/platform/updater';

/** electron-updater's AppUpdater, replaced at the edge: it downloads from the network. */
class FakeAutoUpdater extends EventEmitter implements AutoUpdaterLike {
  autoDownload = false;
  autoInstallOnAppQuit = false;
  setFeedURL = vi.fn();
  checkForUpdates = vi.fn(() => Promise.resolve(null));
  quitAndInstall = vi.fn();
}

function setup() {
  const autoUpdater = new FakeAutoUpdater();
  const events = createEventBus();
  const pushed: PushEvent[] = [];
  events.subscribe((e) => pushed.push(e));
  const booking = createBookingActivity();
  const updater = createUpdater({
    autoUpdater,
    events,
    logger: createLogger({ write: () => undefined }),
    isAnyoneBooking: () => booking.isAnyoneBooking(),
  });
  return { autoUpdater, pushed, booking, updater };
}

describe('updater', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('checks the generic feed at start and every 4 hours, downloading in the background', () => {
    const { autoUpdater, updater } = setup();
    updater.start('https://updates.clinic.example/frontdesk/');

    expect(autoUpdater.setFeedURL).toHaveBeenCalledWith({ provider: 'generic', url: 'https://updates.clinic.example/frontdesk/' });
    expect(autoUpdater.autoDownload).toBe(true);
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

  it('does nothing without a feed URL in the clinic settings', () => {
    const { autoUpdater, updater } = setup();
    updater.start(null);
    vi.advanceTimersByTime(UPDATE_CHECK_INTERVAL_MS * 3);
    expect(autoUpdater.checkForUpdates).not.toHaveBeenCalled();
    expect(updater.status().state).toBe('unconfigured');
  });

  it('pushes "update ready" once downloaded, and never restarts by itself', () => {
    const { autoUpdater, updater, pushed } = setup();
    updater.start('https://updates.clinic.example/');
    autoUpdater.emit('update-available', { version: '1.2.0' });
    autoUpdater.emit('download-progress', { percent: 41.6 });
    expect(updater.status()).toMatchObject({ state: 'downloading', version: '1.2.0', percent: 42 });
    autoUpdater.emit('update-downloaded', { version: '1.2.0' });

    expect(updater.status()).toMatchObject({ state: 'ready', version: '1.2.0' });
    expect(pushed.at(-1)).toEqual({ name: 'updates/status', payload: expect.objectContaining({ state: 'ready', version: '1.2.0' }) });

    vi.advanceTimersByTime(UPDATE_CHECK_INTERVAL_MS * 6);
    expect(autoUpdater.quitAndInstall).not.toHaveBeenCalled();
    // Ready stays ready: later checks are skipped, errors do not hide the offer.
    autoUpdater.emit('error', new Error('offline'));
    expect(updater.status().state).toBe('ready');
  });

  it('refuses to restart while a booking dialog is open, and restarts when asked after', () => {
    const { autoUpdater, updater, booking } = setup();
    updater.start('https://updates.clinic.example/');
    autoUpdater.emit('update-downloaded', { version: '1.2.0' });

    booking.set('window:1', true);
    expect(() => updater.restartToUpdate()).toThrow(expect.objectContaining({ code: 'LOCKED' }));
    vi.advanceTimersByTime(UPDATE_CHECK_INTERVAL_MS * 2);
    expect(autoUpdater.quitAndInstall).not.toHaveBeenCalled();

    booking.set('window:1', false);
    updater.restartToUpdate();
    expect(autoUpdater.quitAndInstall).not.toHaveBeenCalled(); // only after the call has answered
    vi.advanceTimersByTime(0);
    expect(autoUpdater.quitAndInstall).toHaveBeenCalledTimes(1);
  });

  it('has nothing to install before a download', () => {
    const { updater } = setup();
    updater.start('https://updates.clinic.example/');
    expect(() => updater.restartToUpdate()).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

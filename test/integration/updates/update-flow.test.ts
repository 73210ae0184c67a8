import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import electronUpdater from 'electron-updater';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { UpdateStatus } from '@shared/domain/app';
import type { UpdateChannel } from '@shared/schemas/clinic';
import { createBookingActivity } from '@main/app/booking-activity';
import { createEventBus } from '@main/app/event-bus';
import { createLogger } from '@main/platform/logger';
import { createUpdater, UPDATE_CHECK_INTERVAL_MS, UPDATE_RETRY_FIRST_MS, type UpdaterTimers } from '@main/platform/updater';
import { publishUpdate, type Channel } from '../../../scripts/release/update-feed';
import { replaceElectron, type ElectronEdge } from './electron-edge';
import { startFeedServer, type FeedServer } from './feed-server';

/**
 * The update flow end to end, as a clinic runs it: the project's publish step
 * writes the feed, a plain web server on 127.0.0.1 serves it, and
 * electron-updater's own updater (its feed parsing, staged rollout, download
 * and sha512 check) talks to it through our updater module. Only Electron is
 * replaced (electron-edge.ts), and the last step — running the OS installer.
 *
 * The Linux .deb updater is used because this is Linux; the feed logic is the
 * same for every OS.
 */
const { DebUpdater } = electronUpdater;
const ROOT = resolve(__dirname, '..', '..', '..');
const DEB_ARCH = process.arch === 'arm64' ? 'arm64' : 'amd64';

let dir: string;
let dist: string;
let feedDir: string;
let userData: string;
let cacheDir: string;
let server: FeedServer;
let edge: ElectronEdge | null = null;
let resourcesPathBefore: string | undefined;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-updates-'));
  dist = join(dir, 'dist');
  feedDir = join(dir, 'feed');
  userData = join(dir, 'user-data');
  cacheDir = join(dir, 'cache');
  for (const d of [dist, feedDir, userData, cacheDir, join(dir, 'resources')]) mkdirSync(d, { recursive: true });
  // The installed app's resources folder, with the app-update.yml the installers ship.
  copyFileSync(join(ROOT, 'resources', 'app-update.yml'), join(dir, 'resources', 'app-update.yml'));
  resourcesPathBefore = (process as { resourcesPath?: string }).resourcesPath;
  (process as { resourcesPath?: string }).resourcesPath = join(dir, 'resources');
  vi.stubEnv('XDG_CACHE_HOME', cacheDir);
  server = await startFeedServer(feedDir);
});

afterEach(async () => {
  await server.stop();
  edge?.restore();
  edge = null;
  (process as { resourcesPath?: string }).resourcesPath = resourcesPathBefore;
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

/** Builds a stand-in installer of `version` and publishes it with the project's publish step. */
async function publish(version: string, opts: { channel?: Channel; rollout?: number } = {}): Promise<string> {
  const file = `Frontdesk-${version}-linux-${DEB_ARCH}.deb`;
  writeFileSync(join(dist, file), randomBytes(768 * 1024));
  await publishUpdate({
    distDir: dist,
    feedDir,
    productName: 'Frontdesk',
    version,
    channel: opts.channel ?? 'latest',
    rolloutPercent: opts.rollout ?? null,
    windowsPerMachine: true,
    releaseDate: new Date('2026-12-07T08:00:00Z'),
  });
  return file;
}

/** Timers the test fires by hand: the retry schedule is the updater's, the waiting is not the test's. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 1;
  const timers: UpdaterTimers = {
    setTimeout: (fn, ms) => {
      const id = next++;
      pending.set(id, { fn, ms });
      return id;
    },
    clearTimeout: (id) => pending.delete(id as number),
  };
  return {
    timers,
    delays: () => [...pending.values()].map((t) => t.ms),
    /** Runs the timers due within `ms` (the updater's own zero-delay steps included). */
    fire(ms: number) {
      for (const [id, t] of [...pending]) {
        if (t.ms > ms) continue;
        pending.delete(id);
        t.fn();
      }
    },
  };
}

function desk(opts: { version: string; channel?: UpdateChannel; stagingId?: string }) {
  edge = replaceElectron({ version: opts.version, userData });
  if (opts.stagingId) writeFileSync(join(userData, '.updaterId'), opts.stagingId);
  const autoUpdater = new DebUpdater();
  autoUpdater.logger = null;
  // Running the OS package installer is the one step left out.
  const installed = vi.spyOn(autoUpdater, 'quitAndInstall').mockImplementation(() => undefined);
  const events = createEventBus();
  const statuses: UpdateStatus[] = [];
  events.subscribe((e) => {
    if (e.name === 'updates/status') statuses.push(e.payload as UpdateStatus);
  });
  const booking = createBookingActivity();
  const clock = manualTimers();
  let prepared = 0;
  const updater = createUpdater({
    autoUpdater,
    events,
    logger: createLogger({ write: () => undefined }),
    isAnyoneBooking: () => booking.isAnyoneBooking(),
    prepareToInstall: async () => {
      prepared += 1;
    },
    timers: clock.timers,
  });
  const untilState = (state: UpdateStatus['state']) => vi.waitUntil(() => updater.status().state === state, { timeout: 20_000, interval: 20 });
  return { autoUpdater, updater, statuses, booking, clock, installed, untilState, prepared: () => prepared, channel: opts.channel ?? 'latest' };
}

const sha512 = (file: string) => createHash('sha512').update(readFileSync(file)).digest('hex');
/** Every file under the updater's download cache. */
function cached(): string[] {
  const root = join(cacheDir, 'frontdesk-updater');
  if (!existsSync(root)) return [];
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('updates from the clinic’s feed', () => {
  it('offers a newer version: downloads it in the background with progress, verified, then "restart to update"', async () => {
    const file = await publish('1.2.0');
    const d = desk({ version: '1.1.0' });
    d.updater.start({ url: server.url, channel: 'latest' });
    await d.untilState('ready');

    expect(d.updater.status()).toMatchObject({ state: 'ready', version: '1.2.0' });
    expect(d.statuses.map((s) => s.state)).toEqual(expect.arrayContaining(['checking', 'downloading', 'ready']));
    expect(d.statuses.filter((s) => s.state === 'downloading').map((s) => s.percent)).toContain(0);
    expect(server.requests).toEqual(expect.arrayContaining(['latest-linux.yml', file]));
    // The download in the cache is byte for byte the published installer, in electron-updater's cache folder.
    const downloaded = cached().filter((f) => f.endsWith('.deb'));
    expect(downloaded).toHaveLength(1);
    expect(sha512(downloaded[0]!)).toBe(sha512(join(dist, file)));
    // Nothing newer is fetched while the downloaded version waits for its restart.
    expect(d.clock.delays()).toEqual([]);
    expect(d.installed).not.toHaveBeenCalled();
  });

  it('ignores the version it already runs', async () => {
    const file = await publish('1.2.0');
    const d = desk({ version: '1.2.0' });
    d.updater.start({ url: server.url, channel: 'latest' });
    await d.untilState('checking');
    await d.untilState('idle');
    expect(server.requests).toEqual(['latest-linux.yml']);
    expect(server.requests).not.toContain(file);
    expect(d.clock.delays()).toEqual([UPDATE_CHECK_INTERVAL_MS]);
  });

  it('refuses a download that does not match its published sha512, keeps nothing of it, and tries again later', async () => {
    const file = await publish('1.2.0');
    // The file on the server is not the one that was published (a broken copy, a tampered server).
    writeFileSync(join(feedDir, file), randomBytes(768 * 1024));
    const d = desk({ version: '1.1.0' });
    d.updater.start({ url: server.url, channel: 'latest' });
    await d.untilState('refused');

    expect(d.updater.status()).toMatchObject({ state: 'refused', version: '1.2.0', message: expect.stringMatching(/checksum/) });
    expect(() => d.updater.restartToUpdate()).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    expect(cached().filter((f) => f.endsWith('.deb'))).toEqual([]);
    expect(d.clock.delays()).toEqual([UPDATE_RETRY_FIRST_MS]);

    // The administrator publishes again; the retry takes the good file.
    await publish('1.2.0');
    d.clock.fire(UPDATE_RETRY_FIRST_MS);
    await d.untilState('ready');
    expect(sha512(cached().find((f) => f.endsWith('.deb'))!)).toBe(sha512(join(dist, file)));
  });

  it('keeps working while the update server is down, and updates once it is back', async () => {
    await publish('1.2.0');
    await server.stop();
    const d = desk({ version: '1.1.0' });
    d.updater.start({ url: server.url, channel: 'latest' });
    await d.untilState('error');
    expect(d.updater.status().message).toMatch(/try again later/);
    expect(d.clock.delays()).toEqual([UPDATE_RETRY_FIRST_MS]);

    await server.start();
    d.clock.fire(UPDATE_RETRY_FIRST_MS);
    await d.untilState('ready');
    expect(d.updater.status().version).toBe('1.2.0');
  });

  it('gives a beta desk the beta, and a stable desk only the stable version', async () => {
    await publish('1.2.0');
    await publish('1.3.0-beta.1', { channel: 'beta' });

    const stable = desk({ version: '1.1.0' });
    stable.updater.start({ url: server.url, channel: 'latest' });
    await stable.untilState('ready');
    expect(stable.updater.status().version).toBe('1.2.0');
    edge?.restore();

    rmSync(cacheDir, { recursive: true, force: true });
    const beta = desk({ version: '1.1.0', channel: 'beta' });
    beta.updater.start({ url: server.url, channel: 'beta' });
    await beta.untilState('ready');
    expect(beta.updater.status().version).toBe('1.3.0-beta.1');
    expect(server.requests).toEqual(expect.arrayContaining(['latest-linux.yml', 'beta-linux.yml']));
  });

  it('holds a staged rollout back from the workstations outside its share', async () => {
    await publish('1.2.0', { rollout: 50 });
    // electron-updater places each workstation by the last 4 bytes of its random staging id.
    const outside = desk({ version: '1.1.0', stagingId: '6a0e2f3c-1d2b-4c5d-8e9f-0000ffffffff' });
    outside.updater.start({ url: server.url, channel: 'latest' });
    await outside.untilState('checking');
    await outside.untilState('idle');
    edge?.restore();

    const inside = desk({ version: '1.1.0', stagingId: '6a0e2f3c-1d2b-4c5d-8e9f-000000000001' });
    inside.updater.start({ url: server.url, channel: 'latest' });
    await inside.untilState('ready');
    expect(inside.updater.status().version).toBe('1.2.0');
  });

  it('never restarts into the update while a booking dialog is open', async () => {
    await publish('1.2.0');
    const d = desk({ version: '1.1.0' });
    d.updater.start({ url: server.url, channel: 'latest' });
    await d.untilState('ready');

    d.booking.set('window:1', true);
    expect(() => d.updater.restartToUpdate()).toThrow(expect.objectContaining({ code: 'LOCKED' }));
    d.clock.fire(0);
    expect(d.prepared()).toBe(0);
    expect(d.installed).not.toHaveBeenCalled();

    d.booking.set('window:1', false);
    d.updater.restartToUpdate();
    d.clock.fire(0);
    await vi.waitUntil(() => d.installed.mock.calls.length === 1);
    expect(d.prepared()).toBe(1);
    expect(d.installed).toHaveBeenCalledWith(false, true);
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmdirSync, rmSync, statSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DEMO_STAFF } from '../../src-main/core/demo/staff';

/**
 * The desk in a browser: the real renderer, built once, served by the real web
 * host (its own process, a pinned clock), Debian's Chromium, and the lock
 * screen's sign-in. No test runner here, so benchmarks use it as well as the
 * end-to-end tests (through harness.ts).
 */
export const ROOT = resolve(__dirname, '../..');
const RENDERER_DIR = join(ROOT, 'out', 'renderer');
const CHROMIUM = '/usr/bin/chromium';

/** Newest modification time under the folders the renderer is built from. */
function newestSourceMtime(): number {
  let newest = statSync(join(ROOT, 'electron.vite.config.ts')).mtimeMs;
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(join(ROOT, 'src-renderer'));
  walk(join(ROOT, 'src-shared'));
  return newest;
}

function isRendererFresh(): boolean {
  const index = join(RENDERER_DIR, 'index.html');
  return existsSync(index) && statSync(index).mtimeMs >= newestSourceMtime();
}

const LOCK_STALE_MS = 120_000;

/** Resolves once the lock folder is gone (the other build finished), or after `ms` (then the lock is stale). */
function lockReleased(lock: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const watcher = watch(dirname(lock), () => {
      if (!existsSync(lock)) done();
    });
    const stale = setTimeout(done, ms);
    function done(): void {
      clearTimeout(stale);
      watcher.close();
      resolve();
    }
    if (!existsSync(lock)) done(); // released before the watch began
  });
}

/**
 * Builds out/renderer unless it is newer than its sources. Test files run in
 * parallel workers: a lock directory makes the others wait for one build.
 */
export async function buildRendererOnce(): Promise<void> {
  if (isRendererFresh()) return;
  const lock = join(ROOT, 'out', '.renderer-build.lock');
  mkdirSync(join(ROOT, 'out'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than two minutes is left from a killed run.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held && Date.now() - held.mtimeMs > LOCK_STALE_MS) rmdirSync(lock);
      else if (held) await lockReleased(lock, LOCK_STALE_MS - (Date.now() - held.mtimeMs));
    }
  }
  try {
    if (isRendererFresh()) return;
    const { build } = await import('vite');
    const { default: config } = await import('../../electron.vite.config');
    const renderer = (config as { renderer: Record<string, unknown> & { build?: Record<string, unknown> } }).renderer;
    // Vitest sets NODE_ENV=test, which would bundle React's development build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        ...renderer,
        configFile: false,
        mode: 'production',
        base: './',
        logLevel: 'warn',
        build: { ...renderer.build, outDir: RENDERER_DIR, emptyOutDir: true },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
  } finally {
    rmdirSync(lock);
  }
}

export interface WebHostProcess {
  url: string;
  dir: string;
  dbFile: string;
  /** Everything the host printed (stdout and stderr), for failure messages. */
  output(): string;
  stop(): Promise<void>;
}

export interface WebHostStart {
  /** Pinned "now" for main's clock. */
  now: Date;
  seed?: number;
  demo?: boolean;
  /** A fresh database asks demo or empty, as the desktop app does (web host --ask). */
  askFirstRun?: boolean;
  /** A database built beforehand (benchmarks) instead of a fresh one; stop() leaves it where it is. */
  dbFile?: string;
}

/** Starts `src-main/web-host/cli.ts` on a fresh temporary database (or `opts.dbFile`); resolves with its tokenised URL. */
export function startWebHost(opts: WebHostStart): Promise<WebHostProcess> {
  const dir = opts.dbFile ? dirname(opts.dbFile) : mkdtempSync(join(tmpdir(), 'frontdesk-e2e-'));
  const dbFile = opts.dbFile ?? join(dir, 'clinic.sqlite');
  // One process, no tsx CLI wrapper in between: stop() signals the host itself.
  const args = [
    '--import',
    'tsx',
    join(ROOT, 'src-main', 'web-host', 'cli.ts'),
    '--db',
    dbFile,
    '--now',
    opts.now.toISOString(),
    '--seed',
    String(opts.seed ?? 1),
    '--renderer',
    RENDERER_DIR,
    ...(opts.demo === false ? ['--empty'] : []),
    ...(opts.askFirstRun ? ['--ask'] : []),
  ];
  const child: ChildProcess = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    if (!opts.dbFile) rmSync(dir, { recursive: true, force: true });
  };

  return new Promise((resolvePromise, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const url = /Frontdesk web host: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output)?.[1];
      if (url) resolvePromise({ url, dir, dbFile, output: () => output, stop });
    });
    child.once('exit', (code) => reject(new Error(`web host exited (${code}) before it was ready:\n${output}`)));
  });
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export type DemoPerson = (typeof DEMO_STAFF)[number];
/** The demo clinic's people: its manager, and its first receptionist. */
export const DEMO_MANAGER: DemoPerson = DEMO_STAFF.find((p) => p.role === 'manager')!;
export const DEMO_RECEPTIONIST: DemoPerson = DEMO_STAFF.find((p) => p.role === 'reception')!;
/** Whoever signs in: a demo person, or one a test or benchmark added. */
type DeskPerson = Pick<DemoPerson, 'name' | 'pin'>;

/**
 * On the lock screen: picks the person and types their PIN ("Who is at the desk?"), or,
 * on a clinic without a manager yet, creates them as its first manager.
 */
export async function signIn(page: Page, person: DeskPerson = DEMO_MANAGER): Promise<void> {
  const who = page.getByRole('heading', { name: 'Who is at the desk?' });
  const first = page.getByRole('form', { name: 'Create the first manager' });
  await who.or(first).first().waitFor({ timeout: 240_000 });
  if (await first.isVisible()) {
    await first.getByLabel('Your name').fill(person.name);
    await first.getByLabel('Your PIN or passphrase').fill(person.pin);
    await first.getByLabel('Repeat it').fill(person.pin);
    await first.getByRole('button', { name: 'Create and sign in' }).click();
  } else {
    await page.getByRole('list', { name: 'Staff' }).getByRole('button', { name: new RegExp(`^${person.name}`) }).click();
    await page.getByLabel('PIN').fill(person.pin);
    await page.getByLabel('PIN').press('Enter');
  }
  await page.getByRole('navigation', { name: 'Sections' }).waitFor();
}

/**
 * Opens the desk signed in (the demo manager unless told otherwise): every desk starts
 * locked. The web host is one desk: a second page finds it open, and switches person if needed.
 */
export async function gotoSignedIn(page: Page, url: string, person: DeskPerson = DEMO_MANAGER): Promise<void> {
  await page.goto(url);
  const shell = page.getByRole('navigation', { name: 'Sections' });
  const lock = page.getByRole('heading', { name: 'Who is at the desk?' }).or(page.getByRole('form', { name: 'Create the first manager' }));
  await shell.or(lock).first().waitFor({ timeout: 240_000 });
  if (await shell.isVisible()) {
    if ((await page.locator('.dl-person-bar__name').textContent()) === person.name) return;
    await page.keyboard.press('Control+l');
  }
  await signIn(page, person);
}

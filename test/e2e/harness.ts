import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { afterAll, beforeAll } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readUnprotectedKey } from '../../src-main/app/database-key';
import { openDatabase, type WriteDb } from '../../src-main/core/db/open';
import { buildRendererOnce, launchChromium, ROOT, startWebHost, type WebHostProcess, type WebHostStart } from './web-desk';

/**
 * End-to-end harness: the real renderer, built once, served by the real web
 * host (its own process, a temporary database, a pinned clock) and driven in
 * Debian's Chromium (web-desk.ts), with vitest's per-file set-up, screenshots,
 * axe and the host's database.
 */
export {
  buildRendererOnce,
  DEMO_MANAGER,
  DEMO_RECEPTIONIST,
  gotoSignedIn,
  launchChromium,
  signIn,
  startWebHost,
  type WebHostProcess,
  type WebHostStart,
} from './web-desk';

const SCREENSHOT_DIR = join(ROOT, 'out', 'screenshots');

/**
 * One web host and one Chromium for a whole test file: started (after the
 * renderer build) before its tests, stopped after them. Read them through the
 * getters once the tests run.
 */
export function hostAndBrowserPerFile(opts: WebHostStart): { host(): WebHostProcess; browser(): Browser } {
  let host: WebHostProcess | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    await buildRendererOnce();
    [host, browser] = await Promise.all([startWebHost(opts), launchChromium()]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });
  return { host: () => host!, browser: () => browser! };
}

/** The size the front desk is designed for. */
const DESK_VIEWPORT = { width: 1366, height: 768 };

/**
 * A page in its own browser context (one receptionist's desk) at desk size,
 * collecting console errors and uncaught exceptions.
 */
export async function openDeskPage(browser: Browser): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: DESK_VIEWPORT, locale: 'en-US' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path });
  return path;
}

/** Accessibility violations axe rates serious or critical, as "rule: target" lines. */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/**
 * Landmarks axe finds ambiguous (rated moderate, so not among the serious ones): two
 * banners, or two regions of one name, leave a screen-reader user unsure where they are.
 */
export async function landmarkViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page }).withRules(['landmark-unique', 'landmark-no-duplicate-banner', 'landmark-no-duplicate-main']).analyze();
  return violations.flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/**
 * Opens the web host's database from the test process, as another process on the
 * desk would: with the workstation key the host keeps beside the file (it is encrypted).
 */
export function openHostDb(dbFile: string, opts: { readonly?: boolean } = {}): WriteDb {
  const key = readUnprotectedKey(dbFile);
  return openDatabase(dbFile, { ...opts, ...(key ? { key } : {}) });
}

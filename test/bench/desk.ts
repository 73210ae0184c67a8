/**
 * The desks the browser benchmarks drive: the real renderer (built if stale)
 * served by the real web host on a database the benchmark built, in Debian's
 * Chromium through playwright-core, with the bench's receptionist signed in
 * (the bench clinic adds the test staff: every desk starts locked).
 * In-page scripts are strings: the benches compile without DOM types, and the
 * app's CSP forbids eval (so no waitForFunction).
 */
import type { Browser, Page } from 'playwright-core';
import type { CoreContext } from '../../src-main/core/context';
import type { WriteDb } from '../../src-main/core/db/open';
import { createEventBus } from '../../src-main/core/events';
import { FixedClock } from '../../src-main/platform/clock';
import { buildRendererOnce, gotoSignedIn, launchChromium, startWebHost, type WebHostProcess } from '../e2e/web-desk';
import { TEST_STAFF } from '../helpers/staff';

/** The size the front desk is designed for. */
const VIEWPORT = { width: 1366, height: 768 };

/** A core context for building a bench clinic straight into its database. */
export function benchContext(db: WriteDb, now: Date): CoreContext {
  return { db, clock: new FixedClock(now.getTime()), actor: { user: 'bench', device: 'bench' }, events: createEventBus() };
}

interface BenchDesks {
  browser: Browser;
  hosts: WebHostProcess[];
  /** A page on `host` at desk size, in its own browser context (the desk is already signed in); `countCommits`: see commitsSince. */
  openPage(host: WebHostProcess, options?: { countCommits?: boolean }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * One web host per database (main's clock pinned at `now`) and one Chromium.
 * Each desk is signed in once; later pages find it open, as a second window
 * on the same desk would.
 */
export async function openBenchDesks(dbFiles: string[], now: Date): Promise<BenchDesks> {
  await buildRendererOnce();
  const [browser, ...hosts] = await Promise.all([launchChromium(), ...dbFiles.map((dbFile) => startWebHost({ now, demo: false, dbFile }))]);
  const close = async (): Promise<void> => {
    await browser.close();
    await Promise.all(hosts.map((h) => h.stop()));
  };
  const openPage = async (host: WebHostProcess, options: { countCommits?: boolean } = {}): Promise<Page> => {
    const context = await browser.newContext({ viewport: VIEWPORT, locale: 'en-US' });
    if (options.countCommits) await context.addInitScript(COUNT_COMMITS);
    const page = await context.newPage();
    await gotoSignedIn(page, host.url, TEST_STAFF.reception);
    return page;
  };
  try {
    for (const host of hosts) await (await openPage(host)).context().close();
  } catch (e) {
    await close();
    throw e;
  }
  return { browser, hosts, openPage, close };
}

/**
 * Counts React's commits to the page, through the hook React looks for to report them to its
 * developer tools (production builds call it too): how many times a change redraws the screen.
 */
const COUNT_COMMITS = `window.__benchCommits = 0;
window.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
  supportsFiber: true, isDisabled: false, renderers: new Map(),
  inject() { return 1; }, checkDCE() {},
  onCommitFiberRoot() { window.__benchCommits++; },
  onCommitFiberUnmount() {}, onPostCommitFiberRoot() {}, onScheduleFiberRoot() {},
};`;

/** React commits since the page opened (a page opened with `countCommits`). */
export function commitCount(page: Page): Promise<number> {
  return page.evaluate('window.__benchCommits') as Promise<number>;
}

/**
 * Polls an expression once per frame in the page until it is truthy; resolves with its value.
 */
export function untilInPage<T>(page: Page, expression: string, timeoutMs = 60_000): Promise<T> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const started = performance.now();
    const poll = () => {
      let v = false;
      try { v = ${expression}; } catch (e) { v = false; }
      if (v) resolve(v);
      else if (performance.now() - started > ${timeoutMs}) reject(new Error(${JSON.stringify(`timed out waiting for ${expression}`)}));
      else requestAnimationFrame(poll);
    };
    poll();
  })`);
}

/** A view that says which range it shows and when it has drawn a new read of it. */
export interface ShownRange {
  /** CSS selector of the element carrying data-state and data-render-seq. */
  selector: string;
  /** The attribute naming what is shown (data-date, data-week) and the value awaited. */
  attribute: string;
  value: string;
}

const isShown = (v: ShownRange): string =>
  `(() => { const el = document.querySelector(${JSON.stringify(v.selector)}); return el?.getAttribute(${JSON.stringify(v.attribute)}) === ${JSON.stringify(v.value)} && el.getAttribute('data-state') === 'ready'; })()`;

/** Resolves once the view shows `v.value`, ready. */
export function waitForShown(page: Page, v: ShownRange): Promise<unknown> {
  return untilInPage(page, isShown(v));
}

/**
 * Presses `key` (dispatched on the window, as the app's shortcuts listen) and
 * resolves with the ms until the frame after the view has drawn `v.value`:
 * the range read over the socket, layout, React render, style, layout and paint.
 */
export function pressAndTime(page: Page, key: string, v: ShownRange): Promise<number> {
  return page.evaluate(`new Promise((resolve) => {
    const view = () => document.querySelector(${JSON.stringify(v.selector)});
    const seq = Number(view()?.getAttribute('data-render-seq'));
    const t0 = performance.now();
    window.dispatchEvent(new KeyboardEvent('keydown', { key: ${JSON.stringify(key)}, bubbles: true }));
    const check = () => {
      const el = view();
      if (${isShown(v)} && Number(el.getAttribute('data-render-seq')) > seq) {
        // This frame has the new view: a task posted now runs once it is painted.
        const ch = new MessageChannel();
        ch.port1.onmessage = () => resolve(performance.now() - t0);
        ch.port2.postMessage(null);
      } else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  })`);
}

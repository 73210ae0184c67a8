import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  buildRendererOnce,
  launchChromium,
  openDeskPage,
  saveScreenshot,
  seriousA11yViolations,
  signIn,
  startWebHost,
  type WebHostProcess,
} from './harness';

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');

describe('first start', () => {
  let host: WebHostProcess;
  let browser: Browser;

  beforeAll(async () => {
    await buildRendererOnce();
    [host, browser] = await Promise.all([startWebHost({ now: NOW, seed: 1 }), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('shows the demo build progress, then the app shell', async () => {
    const { page, errors } = await openDeskPage(browser);

    await page.goto(host.url);
    const progress = page.getByRole('progressbar', { name: 'Demo clinic set-up' });
    await progress.waitFor({ state: 'visible', timeout: 15_000 });
    // The bar moves while the demo is built (-1: the build finished between two looks, and the bar is gone).
    const valueNow = (): Promise<number> =>
      page.evaluate(`(() => { const p = document.querySelector('[role="progressbar"]'); return p ? Number(p.getAttribute('aria-valuenow')) : -1; })()`);
    await expect.poll(valueNow, { timeout: 60_000 }).not.toBe(0);
    if ((await valueNow()) > 0) {
      await saveScreenshot(page, 'first-start');
      expect(await seriousA11yViolations(page)).toEqual([]);
    }

    // Built: the desk asks who is at it; the demo shows its PINs there.
    await page.getByRole('heading', { name: 'Who is at the desk?' }).waitFor({ timeout: 120_000 });
    await saveScreenshot(page, 'sign-in');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await signIn(page);
    const dateHeading = page.getByRole('heading', { level: 1 });
    await page.getByRole('button', { name: 'Next day' }).waitFor();
    await expect.poll(() => dateHeading.textContent()).toContain('November 24, 2025');
    expect(await page.getByRole('banner').isVisible()).toBe(true);
    expect(await page.getByRole('main', { name: 'Schedule' }).isVisible()).toBe(true);
    // The schedule keeps its full width until a visit or a patient is picked: no empty details panel.
    expect(await page.getByRole('complementary', { name: 'Details' }).isVisible()).toBe(false);
    await saveScreenshot(page, 'app-shell');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Keyboard date navigation: n / p / t.
    await page.keyboard.press('n');
    await expect.poll(() => dateHeading.textContent()).toContain('November 25, 2025');
    await page.keyboard.press('t');
    await expect.poll(() => dateHeading.textContent()).toContain('November 24, 2025');

    expect(errors, host.output()).toEqual([]);
  }, 180_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  buildRendererOnce,
  launchChromium,
  openDeskPage,
  saveScreenshot,
  seriousA11yViolations,
  startWebHost,
  type WebHostProcess,
} from './harness';

/**
 * The desk lock in the real renderer, served by the web host and driven in
 * Chromium: a passcode set in Clinic settings, Ctrl+L, a page that holds no
 * patient name while locked, main refusing a direct call, a wrong passcode, unlock.
 * (Idle timing is covered in test/unit/app/desk-lock.test.ts: the web host's
 * clock is pinned here, and the shortest lock-after is a whole minute.)
 */

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');
const DAY = { from: Date.parse('2025-11-24T05:00:00Z'), to: Date.parse('2025-11-25T05:00:00Z') };
const PASSCODE = '482916';

type CallResult = { ok: boolean; data?: unknown; error?: { code: string; message: string } };

/** Calls a channel over a socket of its own from inside the page, as a script in the page could. */
async function call(page: Page, channel: string, input: unknown): Promise<CallResult> {
  return page.evaluate(
    ([ch, inp]) =>
      new Promise<CallResult>((resolve, reject) => {
        const here = (globalThis as unknown as { location: { search: string; host: string } }).location;
        const token = new URLSearchParams(here.search).get('token') ?? '';
        const ws = new WebSocket(`ws://${here.host}/api?token=${encodeURIComponent(token)}`);
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, channel: ch, input: inp }));
        ws.onmessage = (m) => {
          const msg = JSON.parse(String(m.data)) as { kind: string; id?: number; result?: CallResult };
          if (msg.kind === 'result' && msg.id === 1) {
            ws.close();
            resolve(msg.result!);
          }
        };
        ws.onerror = () => reject(new Error('socket failed'));
      }),
    [channel, input] as const,
  );
}

const readyGrid = (page: Page) => page.locator('.cg-scroll[data-state="ready"]');

/** How many of these names the page's DOM holds anywhere (text, attributes, hidden nodes). */
const namesInDom = (page: Page, names: string[]): Promise<number> =>
  page.evaluate((list) => {
    const html = (globalThis as unknown as { document: { documentElement: { outerHTML: string } } }).document.documentElement.outerHTML;
    return list.filter((n) => html.includes(n)).length;
  }, names);

describe('desk lock', () => {
  let host: WebHostProcess;
  let browser: Browser;

  beforeAll(async () => {
    await buildRendererOnce();
    [host, browser] = await Promise.all([startWebHost({ now: NOW, seed: 1 }), launchChromium()]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('locks with Ctrl+L: no patient data in the page, main refuses it, a wrong passcode is told, unlock brings the grid back', async () => {
    const { page, errors } = await openDeskPage(browser);
    // Activity reports the page sends main (pointer and keys, at most one per 30 s).
    let activityReports = 0;
    page.on('websocket', (ws) =>
      ws.on('framesent', (f) => {
        if (String(f.payload).includes('"desk-lock/report-activity"')) activityReports += 1;
      }),
    );
    await page.goto(host.url);
    await readyGrid(page).waitFor({ timeout: 180_000 });
    for (let i = 0; i < 20; i++) await page.mouse.move(600 + i * 5, 400 + i * 3);
    await page.keyboard.press('Shift');
    await expect.poll(() => activityReports).toBe(1);
    await page.waitForTimeout(500);
    expect(activityReports).toBe(1);

    // Without a passcode the lock screen resumes with a click and says a passcode should be set.
    await page.getByRole('button', { name: 'Lock', exact: true }).click();
    await page.getByRole('heading', { name: 'Locked' }).waitFor();
    await page.getByText('This desk has no passcode, so anyone can resume it.').waitFor();
    expect(await page.locator('.cg-card').count()).toBe(0);
    await saveScreenshot(page, 'desk-lock-no-passcode');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Resume' }).click();
    await readyGrid(page).waitFor();

    // Set the passcode in Set-up › Clinic settings.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Set-up' }).click();
    await page.getByRole('tab', { name: 'Clinic settings' }).click();
    const lockAfter = page.getByRole('form', { name: 'Lock after' });
    await lockAfter.getByLabel('Lock after (minutes without activity)').fill('61');
    await lockAfter.getByRole('button', { name: 'Save lock time' }).click();
    await lockAfter.getByText('Lock after 1 to 60 minutes.').waitFor();
    await lockAfter.getByLabel('Lock after (minutes without activity)').fill('2');
    await lockAfter.getByRole('button', { name: 'Save lock time' }).click();
    await lockAfter.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await call(page, 'desk-lock/get-status', {})).toMatchObject({ ok: true, data: { lockAfterMin: 2, passcodeSet: false } });
    const settings = page.getByRole('form', { name: 'Set a desk passcode' });
    await settings.getByLabel('Passcode', { exact: true }).fill('12');
    await settings.getByLabel('Repeat the passcode').fill('12');
    await settings.getByRole('button', { name: 'Set passcode' }).click();
    await settings.getByText('Use 4 to 12 digits, or a phrase of at least 8 characters.', { exact: false }).first().waitFor();
    expect(await settings.getByLabel('Passcode', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await settings.getByLabel('Passcode', { exact: true }).fill(PASSCODE);
    await settings.getByLabel('Repeat the passcode').fill(PASSCODE);
    await settings.getByRole('button', { name: 'Set passcode' }).click();
    const change = page.getByRole('form', { name: 'Change the desk passcode' });
    await change.getByText('Passcode saved.').waitFor();
    await change.getByLabel('Current passcode').waitFor();
    await page.getByRole('region', { name: 'Desk lock' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'desk-lock-settings');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Back on the schedule: patient names on the grid.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Schedule' }).click();
    await readyGrid(page).waitFor();
    const range = await call(page, 'calendar/get-range', DAY);
    expect(range.ok).toBe(true);
    const visits = (range.data as { appointments: Array<{ patientFamilyName: string; patientGivenName: string }> }).appointments;
    const names = [...new Set(visits.map((v) => `${v.patientFamilyName}, ${v.patientGivenName}`))];
    expect(names.length).toBeGreaterThan(20);
    await expect.poll(() => namesInDom(page, names)).toBeGreaterThan(5);
    const onGrid = await namesInDom(page, names);

    // Ctrl+L from the grid.
    await page.locator('.cg-scroll').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+l');
    await page.getByRole('heading', { name: 'Locked' }).waitFor();
    const field = page.getByLabel('Desk passcode');
    await expect.poll(() => field.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement)).toBe(true);
    expect(await namesInDom(page, names)).toBe(0);
    expect(await page.locator('.cg-card, .shell').count()).toBe(0);
    // A script in the page gets nothing either.
    expect(await call(page, 'calendar/get-range', DAY)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    expect(await call(page, 'patients/search', { query: names[0]!.split(',')[0]! })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    await saveScreenshot(page, 'desk-lock-locked');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // A wrong passcode is told plainly, the field is emptied and keeps the focus.
    await field.fill('000000');
    await page.keyboard.press('Enter');
    await page.getByText('That passcode is not right. 4 more tries before a 30-second wait.').waitFor();
    expect(await field.inputValue()).toBe('');
    expect(await field.getAttribute('aria-invalid')).toBe('true');
    expect(await call(page, 'calendar/get-range', DAY)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    await saveScreenshot(page, 'desk-lock-wrong-passcode');

    // The right one: the grid and its patients are back.
    await field.fill(PASSCODE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await readyGrid(page).waitFor();
    await expect.poll(() => namesInDom(page, names)).toBe(onGrid);
    expect(await call(page, 'calendar/get-range', DAY)).toMatchObject({ ok: true });
    await saveScreenshot(page, 'desk-lock-unlocked');
    expect(errors).toEqual([]);
  }, 240_000);
});

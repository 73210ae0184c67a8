import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { dialog, findTimes, readDb, slotButtons, waitForDesk } from './booking-helpers';
import { buildRendererOnce, launchChromium, openDeskPage, saveScreenshot, seriousA11yViolations, startWebHost, type WebHostProcess } from './harness';

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');

const setting = (dbFile: string, key: string): unknown =>
  readDb(dbFile, (db) => {
    const v = db.prepare(`SELECT value FROM settings WHERE key = ?`).pluck().get(key) as string | undefined;
    return v === undefined ? undefined : (JSON.parse(v) as unknown);
  });

describe('clinic settings', () => {
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

  it('shows errors at the field, saves nothing wrong, and applies a good change at once', async () => {
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Set-up' }).click();
    await page.getByRole('tab', { name: 'Clinic settings' }).click();
    const form = page.getByRole('form', { name: 'Clinic settings' });
    const reminders = form.getByLabel('Reminders before each visit');
    expect(await reminders.inputValue()).toBe('1 d, 1 h');

    // Not understood, then out of range: the message sits at the field, nothing is stored.
    await reminders.fill('tomorrow, 1 h');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => reminders.getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain('“tomorrow” is not a time before the visit');
    await reminders.fill('30 d');
    await form.getByLabel('Update server').fill('ftp://updates.example.org');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => form.getByLabel('Update server').getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain('at most 14 days before the visit');
    expect(await form.textContent()).toContain('starting with https://');
    await saveScreenshot(page, 'settings-errors');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(setting(host.dbFile, 'reminderOffsetsMin')).toBeUndefined();

    await reminders.fill('2 d, 2 h');
    await form.getByLabel('Update server').fill('');
    await form.getByLabel('Clinic name').fill('Hudson Family Practice');
    await form.getByLabel('Update channel').selectOption('beta');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(setting(host.dbFile, 'reminderOffsetsMin')).toEqual([2880, 120]);
    expect(setting(host.dbFile, 'clinicName')).toBe('Hudson Family Practice');
    expect(setting(host.dbFile, 'updateChannel')).toBe('beta');
    await expect.poll(() => page.locator('.shell__clinic-name').textContent()).toBe('Hudson Family Practice');
    await saveScreenshot(page, 'settings-saved');
    expect(errors, host.output()).toEqual([]);
  }, 240_000);

  it('shows times in 24 hours on the grid and in the booking dialog alike once the clinic says so', async () => {
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    const gutter = page.locator('.cg-gutter__label--hour');
    await gutter.first().waitFor();
    expect(await gutter.allTextContents()).toContain('1 PM');

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Set-up' }).click();
    await page.getByRole('tab', { name: 'Clinic settings' }).click();
    const form = page.getByRole('form', { name: 'Clinic settings' });
    await form.getByLabel('Times of day').selectOption('24h');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(setting(host.dbFile, 'timeFormat')).toBe('24h');

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Schedule' }).click();
    await expect.poll(() => gutter.allTextContents()).toContain('13:00');
    // Cards beyond the first screen are filled in by a deferred render: wait until every one shows 24-hour times.
    const titles = () => page.locator('.cg-card').evaluateAll((els) => els.slice(0, 20).map((el) => el.getAttribute('title') ?? ''));
    await expect.poll(async () => (await titles()).filter((t) => !/^\d{1,2}:\d{2}–\d{1,2}:\d{2} /.test(t))).toEqual([]);
    expect((await titles()).length).toBeGreaterThan(0);

    await page.getByRole('button', { name: 'New booking' }).click();
    const booking = dialog(page, 'Find the next available time');
    await findTimes(booking, { type: 'Follow-up visit', part: 'afternoon' });
    const times = await slotButtons(booking).locator('.bk-slot__time').allTextContents();
    expect(times.length).toBeGreaterThan(0);
    // The demo clinic spans two zones: each time names its own.
    for (const time of times) expect(time).toMatch(/^1\d:\d{2} (EST|CST)$/);
    expect(errors, host.output()).toEqual([]);
  }, 240_000);
});

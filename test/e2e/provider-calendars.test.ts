import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRadicale, type TestRadicale } from '../helpers/radicale';
import { providerNamed, readDb, waitForDesk } from './booking-helpers';
import { buildRendererOnce, launchChromium, openDeskPage, saveScreenshot, seriousA11yViolations, startWebHost, type WebHostProcess } from './harness';

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');

/**
 * Connecting a provider's own calendar in the Sync section, in Chromium
 * through the web host (pinned clock) with a real Radicale: a wrong password
 * is refused in plain words and saves nothing; the right one connects, the
 * provider's visits arrive in the calendar and the calendar's busy time
 * reaches the desk's schedule.
 */
describe('providers’ calendars, at the desk', () => {
  let host: WebHostProcess;
  let browser: Browser;
  let radicale: TestRadicale;

  beforeAll(async () => {
    await buildRendererOnce();
    [host, browser, radicale] = await Promise.all([startWebHost({ now: NOW, seed: 1 }), launchChromium(), startRadicale()]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await radicale?.dispose();
  });

  it('connects a calendar (a wrong password first) and shows it connected', async () => {
    const calendarUrl = await radicale.makeCalendar('alice', 'clinic');
    await radicale.putEvent(
      calendarUrl,
      'alice',
      'own.ics',
      'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nBEGIN:VEVENT\r\nUID:own-1\r\nDTSTAMP:20251101T000000Z\r\nDTSTART:20251126T150000Z\r\nDTEND:20251126T160000Z\r\nSUMMARY:Own appointment\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
    );
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    const provider = providerNamed(host.dbFile, 'Goldberg');
    await page.getByRole('button', { name: /^Sync:/ }).click();

    const section = page.getByRole('region', { name: 'Providers’ calendars' });
    await section.getByRole('button', { name: `Connect calendar for ${provider.name}` }).click();
    const form = section.getByRole('form', { name: `${provider.name}’s calendar` });
    // The form opens with the address focused: typing goes straight in.
    await page.keyboard.type(calendarUrl);
    await form.getByLabel('User name').fill('alice');
    await form.getByLabel('Password').fill('wrong-password');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/refused this user name or password/);
    await form.getByRole('button', { name: 'Save connection' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/Nothing was saved/);
    await form.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'sync-provider-calendars-refused');
    expect(readDb(host.dbFile, (db) => db.prepare(`SELECT COUNT(*) FROM provider_calendars`).pluck().get())).toBe(0);

    await form.getByLabel('Password').fill(radicale.users.alice!);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toMatch(/Connected/);
    await form.getByRole('button', { name: 'Save connection' }).click();
    await expect.poll(() => form.count()).toBe(0);

    // The loop starts: the provider's visits from yesterday on go out, the calendar's busy time comes in.
    const upcoming = readDb(host.dbFile, (db) =>
      db.prepare(`SELECT COUNT(*) FROM appointments WHERE provider_id = ? AND end_at >= ? AND status NOT IN ('cancelled', 'no_show')`).pluck().get(provider.id, NOW.getTime() - 86_400_000),
    ) as number;
    expect(upcoming).toBeGreaterThan(0);
    await expect
      .poll(() => readDb(host.dbFile, (db) => db.prepare(`SELECT COUNT(*) FROM external_busy WHERE provider_id = ?`).pluck().get(provider.id)), { timeout: 20_000 })
      .toBe(1);
    await expect.poll(async () => (await radicale.listEvents(calendarUrl, 'alice')).size, { timeout: 30_000 }).toBe(upcoming + 1);
    const row = section.getByRole('listitem').filter({ hasText: provider.name });
    await expect.poll(() => row.textContent(), { timeout: 10_000 }).toMatch(/Connected, up to date/);
    expect(await row.textContent()).not.toContain(radicale.users.alice!);
    await saveScreenshot(page, 'sync-provider-calendars');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Keyboard: Enter opens the form (address focused, password kept masked and empty), Escape closes it
    // and focus returns to the button it was opened from.
    const edit = row.getByRole('button', { name: `Edit ${provider.name}’s calendar` });
    await edit.focus();
    await page.keyboard.press('Enter');
    const editForm = section.getByRole('form', { name: `${provider.name}’s calendar` });
    expect(await editForm.getByLabel('Calendar address').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(await editForm.getByLabel('Password').inputValue()).toBe('');
    await page.keyboard.press('Escape');
    await expect.poll(() => editForm.count()).toBe(0);
    await expect.poll(() => edit.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    expect(errors).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { timeFormatter } from '../../src-shared/time';
import { appointmentsOf, dialog, findTimes, slotButtons, somePatients, waitForDesk } from './booking-helpers';
import { buildRendererOnce, launchChromium, openDeskPage, saveScreenshot, seriousA11yViolations, startWebHost, type WebHostProcess } from './harness';

/** Monday 24 November 2025, 09:30 in New York (8:30 in Chicago). */
const NOW = new Date('2025-11-24T14:30:00Z');
const CHICAGO = 'Lincoln Park (Chicago)';
const CENTRAL = 'America/Chicago';

/** "9:15 AM CST" → minutes on one clock (Eastern), to check times of two zones are in the order they happen. */
function easternMinute(text: string): number {
  const m = /^(\d{1,2}):(\d{2}) (AM|PM) (EST|CST)$/.exec(text);
  if (!m) throw new Error(`not a zoned time: ${text}`);
  const hour = (Number(m[1]) % 12) + (m[3] === 'PM' ? 12 : 0);
  return hour * 60 + Number(m[2]) + (m[4] === 'CST' ? 60 : 0);
}

const rail = (page: Page) => page.getByRole('navigation', { name: 'Sections' });

/**
 * One clock per location and one set of formats, at a desk of 1366×768 on the
 * demo clinic (Manhattan on Eastern time, Chicago on Central): times say their
 * location's zone everywhere, birth dates are found the way the app writes them,
 * and every screen passes axe.
 */
describe('clocks and formats', () => {
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

  it('books at the Chicago location from the keyboard: confirm step, grid card and panel say the same wall time and zone', async () => {
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    const [patient] = somePatients(host.dbFile, 1, 11);

    // Find next available, any location: times of both zones in the order they happen, each naming its place.
    await page.locator('.cg-scroll').focus();
    await page.keyboard.press('c');
    const booking = dialog(page, 'Find the next available time');
    await findTimes(booking, { type: 'Follow-up visit' });
    const slots = slotButtons(booking);
    await slots.first().waitFor();
    const shown = await slots.evaluateAll((els) =>
      els.map((el) => ({
        time: el.querySelector('.bk-slot__time')?.textContent ?? '',
        where: el.querySelector('.bk-slot__where')?.textContent ?? '',
        day: el.closest('section')?.getAttribute('aria-label') ?? '',
      })),
    );
    expect(new Set(shown.map((s) => s.time.slice(-3)))).toEqual(new Set(['EST', 'CST']));
    for (const s of shown) expect(s.where).toMatch(s.time.endsWith('CST') ? /Lincoln Park/ : /Hudson Street/);
    const firstDay = shown.filter((s) => s.day === shown[0]!.day).map((s) => easternMinute(s.time));
    expect(firstDay).toEqual([...firstDay].sort((a, b) => a - b));
    await saveScreenshot(page, 'clock-find-any-location');

    // At Chicago only, today: the first time, taken with the keyboard.
    await booking.getByLabel('Location').selectOption({ label: CHICAGO });
    await booking.getByRole('button', { name: 'Find times' }).click();
    await expect.poll(async () => (await slots.first().locator('.bk-slot__time').textContent()) ?? '').toMatch(/CST$/);
    const slotTime = (await slots.first().locator('.bk-slot__time').textContent())!;
    const wall = slotTime.replace(/ CST$/, '');
    await slots.first().focus();
    await page.keyboard.press('Enter');

    // The patient found by birth date written the way the app shows it.
    const search = booking.getByLabel('Find the patient');
    await search.waitFor();
    await page.keyboard.type(`${timeFormatter('12h').date(patient!.dateOfBirth)} ${patient!.familyName}`);
    const option = booking.getByRole('option', { name: new RegExp(patient!.familyName) }).first();
    await option.waitFor();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');

    const book = booking.getByRole('button', { name: 'Book appointment' });
    await book.waitFor();
    const when = (await booking.locator('.bk-summary dd').nth(1).textContent())!;
    expect(when).toContain(`${wall}–`);
    expect(when).toMatch(/ CST$/);
    expect(await booking.textContent()).toContain(CHICAGO);
    await saveScreenshot(page, 'clock-confirm-chicago');
    expect(await book.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await page.keyboard.press('Enter');
    await booking.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Booked' }).textContent()).toContain(`${slotTime} — Follow-up visit`);

    // The card on the grid, on Chicago's clock, holds the keyboard focus.
    const booked = appointmentsOf(host.dbFile, patient!.id).find((r) => r.status === 'booked')!;
    const card = page.locator(`.cg-card[data-appointment-id="${booked.id}"]`);
    await card.waitFor();
    // The card's own line is narrow ("9:15"); its title says it in full.
    expect(await card.locator('.cg-card__time').textContent()).toBe(wall.replace(/ [AP]M$/, ''));
    expect(await card.getAttribute('title')).toMatch(new RegExp(`^${wall}–\\d{1,2}:\\d{2} [AP]M CST `));
    await expect.poll(() => card.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    const group = page.locator('.cg-group').filter({ hasText: 'Lincoln Park' });
    expect(await group.textContent()).toContain('CST');
    expect(await page.locator('.cg-corner').textContent()).toBe('Local');

    // The appointment panel says it the same way.
    await page.keyboard.press('Enter');
    const facts = page.locator('.ap-panel__facts');
    await expect.poll(() => facts.textContent()).toContain(`${wall}–`);
    expect(await facts.locator('dd').first().textContent()).toMatch(/ CST$/);
    await saveScreenshot(page, 'clock-grid-panel-chicago');
    expect(errors, host.output()).toEqual([]);
    expect(timeFormatter('12h', 'MDY', true).timeAt(CENTRAL, booked.startAt)).toBe(slotTime);
  }, 300_000);

  it('finds a patient by birth date in every written form, and reads slashes in the clinic’s date order', async () => {
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    const [patient] = somePatients(host.dbFile, 1, 23);
    const [y, m, d] = patient!.dateOfBirth.split('-').map(Number) as [number, number, number];
    const month = timeFormatter('12h').date(patient!.dateOfBirth).slice(0, 3);
    const box = page.locator('#patient-search-input');
    const results = page.getByRole('listbox', { name: 'Matching patients' });
    const finds = async (query: string) => {
      await box.fill(`${patient!.familyName} ${query}`);
      await results.getByRole('option', { name: new RegExp(`${patient!.familyName}, ${patient!.givenName}`) }).waitFor();
    };
    for (const q of [`${month} ${d}, ${y}`, `${d} ${month} ${y}`, `${m}/${d}/${y}`, patient!.dateOfBirth]) await finds(q);
    await saveScreenshot(page, 'birth-date-search');

    // A day-first clinic: 9/11/1980 is 9 November, and birth dates read "9 Nov 1980".
    await rail(page).getByRole('button', { name: 'Set-up' }).click();
    await page.getByRole('tab', { name: 'Clinic settings' }).click();
    const form = page.getByRole('form', { name: 'Clinic settings' });
    await form.getByLabel('Dates').selectOption('DMY');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await finds(`${d}/${m}/${y}`);
    const dayFirst = timeFormatter('12h', 'DMY').date(patient!.dateOfBirth);
    await expect.poll(() => results.getByRole('option').first().textContent()).toContain(dayFirst);
    await form.getByLabel('Dates').selectOption('MDY');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(errors, host.output()).toEqual([]);
  }, 240_000);

  it('passes axe (no serious or critical violations) on every screen', async () => {
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    const found: Record<string, string[]> = {};
    const check = async (screen: string) => {
      const v = await seriousA11yViolations(page);
      if (v.length) found[screen] = v;
    };
    await page.locator('.cg-scroll[data-state="ready"]').waitFor();
    await check('schedule: day by provider');
    await page.locator('.cg-card').first().click();
    await page.locator('.ap-panel').waitFor();
    await check('schedule: appointment panel');
    await page.keyboard.press('w');
    await page.locator('.wk-board[data-state="ready"]').waitFor();
    await check('schedule: week');
    await page.keyboard.press('r');
    await page.locator('.rm-day[data-state="ready"]').waitFor();
    await check('schedule: reminders of the day');
    await page.keyboard.press('d');
    await page.locator('.cg-scroll').focus();
    await page.keyboard.press('c');
    const booking = dialog(page, 'Find the next available time');
    await findTimes(booking, { type: 'Follow-up visit' });
    await slotButtons(booking).first().waitFor();
    await check('booking: free times');
    await slotButtons(booking).first().click();
    await booking.getByLabel('Find the patient').waitFor();
    await check('booking: patient');
    await page.keyboard.press('Escape');
    await booking.waitFor({ state: 'detached' });

    const sections = await rail(page).getByRole('button').allTextContents();
    for (const section of sections.map((s) => s.replace(/\d+ need attention$/, '').trim())) {
      await rail(page).getByRole('button', { name: section }).first().click();
      await page.waitForLoadState('networkidle').catch(() => undefined);
      const tabs = page.locator('main').getByRole('tab');
      const names = await tabs.allTextContents();
      if (names.length === 0) await check(section);
      for (const tab of names) {
        await page.locator('main').getByRole('tab', { name: tab, exact: true }).click();
        if (tab === 'Opening hours') await page.getByRole('form', { name: 'Change one date' }).waitFor();
        await check(`${section} › ${tab}`);
        if (tab === 'Opening hours') await saveScreenshot(page, 'setup-opening-hours-formats');
      }
    }
    expect(found).toEqual({});
    expect(errors, host.output()).toEqual([]);
  }, 600_000);
});

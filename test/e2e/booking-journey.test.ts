import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildRendererOnce, launchChromium, openDeskPage, saveScreenshot, seriousA11yViolations, startWebHost, type WebHostProcess } from './harness';
import { appointmentsOf, dialog, findTimes, slotButtons, somePatients, waitForDesk } from './booking-helpers';

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');

/**
 * A receptionist's day, end to end on the real demo clinic: search a patient,
 * open their panel, find the next available time, book it, see it on the
 * panel, cancel it with a reason. (The calendar grid's steps — see it on the
 * grid, drag to reschedule — belong in here too.)
 */
describe('receptionist journey', () => {
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

  it('search a patient, find the next available time, book, see it, cancel it', async () => {
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    const [patient] = somePatients(host.dbFile, 1, 7);
    const name = `${patient!.givenName} ${patient!.familyName}`;

    // Search from the top bar: "/" focuses it; results as you type.
    await page.keyboard.press('/');
    await page.keyboard.type(name);
    const results = page.getByRole('listbox', { name: 'Matching patients' });
    const option = results.getByRole('option', { name: new RegExp(`${patient!.familyName}, ${patient!.givenName}`) });
    await option.waitFor();
    await saveScreenshot(page, 'patient-search');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await option.click();

    // The patient panel in the side slot.
    const panel = page.getByRole('complementary', { name: 'Details' });
    await panel.getByRole('heading', { name }).waitFor();
    await saveScreenshot(page, 'patient-panel');

    // Find the next available afternoon time for a follow-up, with any provider.
    await panel.getByRole('button', { name: `Book for ${patient!.givenName}` }).click();
    const booking = dialog(page, 'Find the next available time');
    await booking.getByText(`For ${name}`).waitFor();
    await findTimes(booking, { type: 'Follow-up visit', part: 'afternoon' });
    const first = slotButtons(booking).first();
    await first.waitFor();
    await saveScreenshot(page, 'booking-find');
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The demo clinic spans two zones: the time names its location's.
    const [firstTime, zone] = (await first.locator('.bk-slot__time').textContent())!.split(/ (?=[A-Z]{3}$)/) as [string, string];
    expect(firstTime).toMatch(/PM$/);
    expect(zone).toMatch(/^(EST|CST)$/);
    await first.click();

    // The patient was chosen already: straight to the confirmation.
    await booking.getByRole('button', { name: 'Book appointment' }).waitFor();
    expect(await booking.textContent()).toContain(name);
    await saveScreenshot(page, 'booking-confirm');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await booking.getByRole('button', { name: 'Book appointment' }).click();
    await booking.waitFor({ state: 'detached' });
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Booked' }).textContent()).toContain(name);

    // It is on the panel's upcoming visits, and in the database.
    const upcoming = panel.getByRole('region', { name: 'Upcoming visits' });
    const visit = upcoming.getByRole('listitem').filter({ hasText: 'Follow-up visit' }).filter({ hasText: firstTime });
    await visit.waitFor();
    await saveScreenshot(page, 'patient-panel-booked');
    const rows = appointmentsOf(host.dbFile, patient!.id);
    expect(rows.filter((r) => r.status === 'booked')).toHaveLength(1);

    // Cancel it, with a reason.
    await visit.getByRole('button', { name: /^Cancel / }).click();
    const cancel = dialog(page, 'Cancel appointment');
    await cancel.getByText(name).waitFor();
    await cancel.getByLabel('Other').check();
    await cancel.getByRole('button', { name: 'Cancel appointment' }).click();
    await cancel.getByText('Say why the appointment is cancelled.').waitFor();
    await cancel.getByLabel('Other reason').fill('Moving to another city');
    await saveScreenshot(page, 'cancel-dialog');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await cancel.getByRole('button', { name: 'Cancel appointment' }).click();
    await cancel.waitFor({ state: 'detached' });
    await visit.getByText('Cancelled').waitFor();
    await saveScreenshot(page, 'patient-panel-cancelled');
    const booked = appointmentsOf(host.dbFile, patient!.id).find((r) => r.id === rows.at(-1)!.id)!;
    expect(booked).toMatchObject({ status: 'cancelled', cancelReason: 'Moving to another city' });

    expect(errors, host.output()).toEqual([]);
  }, 300_000);
});

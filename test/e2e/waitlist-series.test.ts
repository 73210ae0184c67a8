import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { book } from '../../src-main/core/booking';
import { nextAvailableFor } from '../../src-main/core/availability';
import type { CoreContext } from '../../src-main/core/context';
import type { AppointmentTypeId, PatientId, ProviderId } from '../../src-shared/domain/ids';
import { buildRendererOnce, launchChromium, openDeskPage, saveScreenshot, seriousA11yViolations, startWebHost, type WebHostProcess } from './harness';
import { coveredControls } from './layout-helpers';
import { dialog, findTimes, openPatientPanel, providerNamed, readDb, slotButtons, somePatients, waitForDesk, withHostCore } from './booking-helpers';

/**
 * The waitlist and recurring visits at 1366×768, in the real renderer through
 * the web host: a patient put on the waitlist is offered where a visit that
 * fits is cancelled and booked in two clicks; a weekly series of 6 with one
 * week taken books with a nearby time for that week.
 */
const NOW = new Date('2025-11-24T14:30:00Z');
const WEEK = 7 * 86_400_000;

describe('waitlist and recurring visits', () => {
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

  const withCore = <T,>(run: (ctx: CoreContext) => T): T => withHostCore(host.dbFile, NOW, run);
  const typeNamed = (name: string) => readDb(host.dbFile, (db) => db.prepare(`SELECT id FROM appointment_types WHERE name = ?`).pluck().get(name) as AppointmentTypeId);

  it('a cancellation offers the waitlist entry that fits and books it in two clicks', async () => {
    const { page, errors } = await openDeskPage(browser);
    await page.setViewportSize({ width: 1366, height: 768 });
    await waitForDesk(page, host.url);
    const [leaving, waiting] = somePatients(host.dbFile, 2, 40);
    const provider = providerNamed(host.dbFile, 'Goldberg');
    const followUp = typeNamed('Follow-up visit');
    // Someone holds the first free follow-up with Goldberg.
    const held = withCore((ctx) => {
      const slot = nextAvailableFor(ctx.db, ctx.clock, { typeId: followUp, who: { kind: 'provider', providerId: provider.id as ProviderId }, count: 1 }).slots[0]!;
      return book(ctx, { patientId: leaving!.id as PatientId, providerId: provider.id as ProviderId, locationId: slot.locationId, typeId: followUp, startAt: slot.start });
    });

    // Put the other patient on the waitlist for a follow-up with Goldberg.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Waitlist' }).click();
    await page.getByRole('button', { name: 'Add to waitlist' }).click();
    const add = dialog(page, 'Add to the waitlist');
    // Added with no patient chosen: the error is said at the field, and the focus goes there.
    await add.getByRole('button', { name: 'Add to waitlist' }).focus();
    await add.getByRole('button', { name: 'Add to waitlist' }).click();
    await add.getByText('Choose the patient.').waitFor();
    await expect.poll(() => page.evaluate(`document.activeElement?.getAttribute('aria-invalid')`)).toBe('true');
    await add.getByRole('searchbox', { name: 'Patient' }).fill(`${waiting!.givenName} ${waiting!.familyName}`);
    await add.getByRole('button', { name: new RegExp(`${waiting!.givenName} ${waiting!.familyName}`) }).click();
    const typeSelect = add.getByLabel('Appointment type');
    await typeSelect.selectOption({ label: (await typeSelect.locator('option', { hasText: 'Follow-up visit' }).first().textContent())! });
    await add.getByLabel(provider.name).check();
    await add.getByLabel('Note (optional)').fill('Can come at short notice');
    await saveScreenshot(page, 'waitlist-add');
    await add.getByRole('button', { name: 'Add to waitlist' }).click();
    await add.waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: `${waiting!.givenName} ${waiting!.familyName}` });
    await row.getByText('Can come at short notice').waitFor();
    await saveScreenshot(page, 'waitlist-view');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The visit is cancelled at the desk: the schedule says who on the waitlist fits that time.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Schedule' }).click();
    const panel = await openPatientPanel(page, leaving!);
    await panel.getByRole('button', { name: /^Cancel / }).first().click();
    const cancel = dialog(page, 'Cancel appointment');
    await cancel.getByLabel('Other').check();
    await cancel.getByLabel('Other reason').fill('Moving away');
    await cancel.getByRole('button', { name: 'Cancel appointment' }).click();
    await cancel.waitFor({ state: 'detached' });
    // Marked where the time opened; when that is out of view, the banner above the schedule offers to show it.
    const notice = page.getByTestId('waitlist-opening');
    const mark = page.getByTestId('waitlist-marker');
    await mark.or(notice).first().waitFor();
    await saveScreenshot(page, 'waitlist-opening');
    // The banner names the mark once the grid has found it out of view (under the patient panel here, or on another day).
    const inView = async () => (await mark.count()) > 0 && (await coveredControls(page, '[data-testid="waitlist-marker"]')).length === 0;
    await expect.poll(async () => (await notice.isVisible()) || (await inView())).toBe(true);
    if (await notice.isVisible()) await notice.getByRole('button', { name: 'Show' }).click();
    const fits = page.getByRole('dialog', { name: /1 on the waitlist fits .+ with .*Goldberg/ });
    // Two clicks: the mark (opened already when Show brought it into view), then Book.
    if (!(await fits.isVisible())) await mark.click();
    await fits.getByRole('button', { name: new RegExp(`^Book ${waiting!.givenName} ${waiting!.familyName}`) }).click();
    await page.getByRole('status').filter({ hasText: 'from the waitlist' }).waitFor();
    await saveScreenshot(page, 'waitlist-booked');
    const booked = readDb(host.dbFile, (db) => db.prepare(`SELECT start_at AS startAt, status FROM appointments WHERE patient_id = ? AND status = 'booked'`).all(waiting!.id));
    expect(booked).toEqual([{ startAt: held.startAt, status: 'booked' }]);
    expect(readDb(host.dbFile, (db) => db.prepare(`SELECT status FROM waitlist_entries WHERE patient_id = ?`).pluck().get(waiting!.id))).toBe('booked');
    expect(errors, host.output()).toEqual([]);
  });

  it('a weekly series of 6 with one week taken books with a nearby time for that week', async () => {
    const { page, errors } = await openDeskPage(browser);
    await page.setViewportSize({ width: 1366, height: 768 });
    await waitForDesk(page, host.url);
    const [patient, other] = somePatients(host.dbFile, 2, 60);
    const provider = providerNamed(host.dbFile, 'Goldberg');
    const followUp = typeNamed('Follow-up visit');
    // The first free follow-up with Goldberg from Dec 1; the third week's same time goes to someone else.
    const first = withCore((ctx) => {
      const slot = nextAvailableFor(ctx.db, ctx.clock, { typeId: followUp, who: { kind: 'provider', providerId: provider.id as ProviderId }, fromDate: '2025-12-01', count: 1 }).slots[0]!;
      try {
        book(ctx, { patientId: other!.id as PatientId, providerId: provider.id as ProviderId, locationId: slot.locationId, typeId: followUp, startAt: slot.start + 2 * WEEK });
      } catch {
        // Taken already: the week is taken either way.
      }
      return slot;
    });
    const day = new Date(first.start).toISOString().slice(0, 10);

    const panel = await openPatientPanel(page, patient!);
    await panel.getByRole('button', { name: `Book for ${patient!.givenName}` }).click();
    const booking = dialog(page, 'Find the next available time');
    await findTimes(booking, { type: 'Follow-up visit', provider: provider.name, from: day, until: day });
    await slotButtons(booking).first().click();
    await booking.getByLabel('Repeat this visit').check();
    await booking.getByLabel('Number of visits').fill('6');
    await booking.getByRole('button', { name: 'Check the visits' }).click();
    const list = booking.getByRole('list', { name: 'Visits of the series' });
    const taken = list.getByRole('group', { name: /is taken/ });
    await taken.first().waitFor();
    expect(await list.getByRole('listitem').count()).toBe(6);
    // The week given to someone else is taken (the busy demo may have taken another too): each takes its nearest free time.
    const takenCount = await taken.count();
    expect(takenCount).toBeGreaterThanOrEqual(1);
    for (let i = 0; i < takenCount; i++) await taken.nth(i).getByRole('radio').first().check();
    await saveScreenshot(page, 'series-check');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await booking.getByRole('button', { name: 'Book 6 visits' }).click();
    await booking.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: '6 visits in a series' }).waitFor();
    await saveScreenshot(page, 'series-booked');
    const rows = readDb(host.dbFile, (db) =>
      db
        .prepare(`SELECT a.start_at AS startAt, o.occurrence FROM appointments a JOIN series_occurrences o ON o.appointment_id = a.id WHERE a.patient_id = ? ORDER BY o.occurrence`)
        .all(patient!.id) as Array<{ startAt: number; occurrence: number }>,
    );
    expect(rows.map((r) => r.occurrence)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(rows[0]!.startAt).toBe(first.start);
    expect(rows[2]!.startAt).not.toBe(first.start + 2 * WEEK);
    expect(errors, host.output()).toEqual([]);
  }, 300_000);
});

import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { book } from '@main/core/booking';
import { nextAvailableFor } from '@main/core/availability';
import { createEventBus } from '@main/core/events';
import type { CoreContext } from '@main/core/context';
import { bookSeries, checkSeries } from '@main/core/series';
import { FixedClock } from '@main/platform/clock';
import type { AppointmentTypeId, EpochMs, LocationId, PatientId, ProviderId } from '@shared/domain/ids';
import type { SeriesDto } from '@shared/domain/waitlist';
import { hostAndBrowserPerFile, landmarkViolations, openDeskPage, openHostDb, saveScreenshot, seriousA11yViolations } from './harness';
import { dialog, providerNamed, readDb, somePatients, waitForDesk } from './booking-helpers';

/**
 * A weekly series of 6 at 1366×768, changed from its 4th visit as a
 * receptionist would: the panel and the card say it is a series; Cancel asks
 * "this visit only" or "this and the following (3 visits)", and its Undo puts
 * all three back; the card's menu cancels this and the following; Reschedule of
 * this and the following checks every visit first, a taken one listed with the
 * nearest free times, and moves them all together. Its 3rd visit dragged on
 * the grid asks the same question, and "this and the following" moves four.
 */
const NOW = new Date('2025-11-24T14:30:00Z');
const WEEKLY = { frequency: 'weekly' as const, interval: 1 };

describe('recurring visits: this and the following', () => {
  const env = hostAndBrowserPerFile({ now: NOW, seed: 1 });
  const dbFile = () => env.host().dbFile;

  function withCore<T>(run: (ctx: CoreContext) => T): T {
    const db = openHostDb(dbFile());
    try {
      return run({ db, clock: new FixedClock(NOW.getTime()), actor: { user: 'e2e', device: 'e2e-device' }, events: createEventBus() });
    } finally {
      db.close();
    }
  }
  const typeNamed = (name: string) => readDb(dbFile(), (db) => db.prepare(`SELECT id FROM appointment_types WHERE name = ?`).pluck().get(name) as AppointmentTypeId);
  const visitsOf = (patientId: string) =>
    readDb(dbFile(), (db) =>
      db
        .prepare(
          `SELECT o.occurrence, a.id, a.start_at AS startAt, a.status FROM series_occurrences o JOIN appointments a ON a.id = o.appointment_id
            WHERE a.patient_id = ? ORDER BY o.occurrence`,
        )
        .all(patientId),
    ) as Array<{ occurrence: number; id: string; startAt: number; status: string }>;
  const plusDay = (zone: string, t: number) => DateTime.fromMillis(t, { zone }).plus({ days: 1 }).toMillis() as EpochMs;
  const plusTwoHours = (zone: string, t: number) => DateTime.fromMillis(t, { zone }).plus({ hours: 2 }).toMillis() as EpochMs;

  /**
   * Books a weekly series of 6 follow-ups with Goldberg from December on, at the
   * first time where all six weeks are free and, when asked, the visits from the
   * given one on are free once shifted too (so a move meets only what the test puts there).
   */
  function bookWeeklySix(patientId: PatientId, shiftedFree?: { from: number; shift: (zone: string, t: number) => EpochMs }): { series: SeriesDto; zone: string } {
    const provider = providerNamed(dbFile(), 'Goldberg').id as ProviderId;
    const typeId = typeNamed('Follow-up visit');
    return withCore((ctx) => {
      const slots = nextAvailableFor(ctx.db, ctx.clock, { typeId, who: { kind: 'provider', providerId: provider }, fromDate: '2025-12-01', count: 50 }).slots;
      for (const slot of slots) {
        const request = { patientId, providerId: provider, locationId: slot.locationId as LocationId, typeId, startAt: slot.start, rule: WEEKLY, end: { kind: 'count' as const, count: 6 } };
        const check = checkSeries(ctx, request);
        if (!check.occurrences.every((o) => o.free)) continue;
        if (shiftedFree) {
          const from = check.occurrences[shiftedFree.from]!;
          const later = checkSeries(ctx, { ...request, startAt: shiftedFree.shift(check.zone, from.startAt), end: { kind: 'count', count: 6 - shiftedFree.from } });
          if (!later.occurrences.every((o) => o.free)) continue;
        }
        const series = bookSeries(ctx, { ...request, occurrences: check.occurrences.map((o) => ({ occurrence: o.occurrence, startAt: o.startAt })) });
        return { series, zone: check.zone };
      }
      throw new Error('no six free weeks for the test series');
    });
  }

  async function openVisit(page: Page, zone: string, visit: { appointmentId: string; startAt: number }) {
    await page.locator('#date-nav-picker').fill(DateTime.fromMillis(visit.startAt, { zone }).toISODate()!);
    const card = page.locator(`.cg-card[data-appointment-id="${visit.appointmentId}"]`);
    await card.scrollIntoViewIfNeeded();
    await card.click();
    const panel = page.locator('.ap-panel');
    await panel.waitFor();
    return { card, panel };
  }

  it('cancels visits 4–6 of a weekly series of 6, undoes it whole, and cancels again from the card’s menu', async () => {
    const { page, errors } = await openDeskPage(env.browser());
    await waitForDesk(page, env.host().url);
    const [patient] = somePatients(dbFile(), 1, 70);
    const { series, zone } = bookWeeklySix(patient!.id as PatientId);
    const fourth = series.occurrences[3]!;

    const { card, panel } = await openVisit(page, zone, fourth);
    expect(await card.locator('[data-series-mark]').count()).toBe(1);
    await panel.getByText(/^↻ Visit 4 of 6 · every week until /).waitFor();
    await panel.getByRole('button', { name: 'Show all 6 visits' }).click();
    const listed = panel.getByRole('list', { name: 'Visits of this series' }).getByRole('listitem');
    expect(await listed.count()).toBe(6);
    expect(await listed.nth(3).getAttribute('aria-current')).toBe('true');
    await saveScreenshot(page, 'series-panel');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await panel.getByRole('button', { name: 'Cancel visit' }).click();
    const cancel = dialog(page, 'Cancel appointment');
    // Put away with Esc (its first reason took the focus as it opened), it gives the focus back to the button that opened it.
    await cancel.getByLabel('This and the following (3 visits)').waitFor();
    await page.keyboard.press('Escape');
    await cancel.waitFor({ state: 'detached' });
    expect(await page.evaluate(`document.activeElement?.textContent?.trim()`)).toBe('Cancel visit');
    await panel.getByRole('button', { name: 'Cancel visit' }).click();
    await cancel.getByLabel('This and the following (3 visits)').check();
    expect(await cancel.getByRole('list', { name: 'Visits that change' }).getByRole('listitem').count()).toBe(3);
    await saveScreenshot(page, 'series-cancel-following');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await cancel.getByRole('button', { name: 'Cancel 3 visits' }).click();
    await cancel.waitFor({ state: 'detached' });
    const toast = page.getByTestId('undo-toast');
    await toast.getByText(/Cancelled 3 visits of .+'s series/).waitFor();
    const statuses = () => visitsOf(patient!.id).map((v) => v.status);
    expect(statuses()).toEqual(['booked', 'booked', 'booked', 'cancelled', 'cancelled', 'cancelled']);

    // One Undo puts all three back.
    await toast.getByRole('button', { name: 'Undo' }).click();
    await toast.getByText(/Undone: Cancelled 3 visits/).waitFor();
    expect(statuses()).toEqual(Array(6).fill('booked'));

    // The card's menu offers the same.
    await card.click({ button: 'right' });
    const menu = page.getByRole('menu');
    await menu.getByRole('menuitem', { name: 'Cancel this and the following…' }).waitFor();
    await saveScreenshot(page, 'series-card-menu');
    await menu.getByRole('menuitem', { name: 'Cancel this and the following…' }).click();
    await expect.poll(() => cancel.getByLabel('This and the following (3 visits)').isChecked()).toBe(true);
    await cancel.getByRole('button', { name: 'Cancel 3 visits' }).click();
    await cancel.waitFor({ state: 'detached' });
    await expect.poll(statuses).toEqual(['booked', 'booked', 'booked', 'cancelled', 'cancelled', 'cancelled']);
    expect(visitsOf(patient!.id).map((v) => v.startAt)).toEqual(series.occurrences.map((o) => o.startAt));
    expect(errors, env.host().output()).toEqual([]);
    await page.context().close();
  }, 300_000);

  it('moves visits 4–6 a day later with one of those days taken: listed with the nearest free times, then moved together', async () => {
    const { page, errors } = await openDeskPage(env.browser());
    await waitForDesk(page, env.host().url);
    const [patient, other] = somePatients(dbFile(), 2, 90);
    const { series, zone } = bookWeeklySix(patient!.id as PatientId, { from: 3, shift: plusDay });
    const [fourth, fifth, sixth] = series.occurrences.slice(3);
    // Someone else takes the day after visit 5, at its time.
    withCore((ctx) => {
      const v5 = visitsOf(patient!.id)[4]!;
      const loc = readDb(dbFile(), (db) => db.prepare(`SELECT location_id FROM appointments WHERE id = ?`).pluck().get(v5.id) as LocationId);
      book(ctx, { patientId: other!.id as PatientId, providerId: series.providerId, locationId: loc, typeId: series.typeId, startAt: plusDay(zone, fifth!.startAt) });
    });

    const { panel } = await openVisit(page, zone, fourth!);
    await panel.getByRole('button', { name: 'Reschedule' }).click();
    const move = dialog(page, 'Reschedule appointment');
    // Two lists of free times (this provider's, the others') with the same days: no two landmarks of one name.
    await move.getByRole('group', { name: 'Free times with other providers' }).waitFor();
    expect(await landmarkViolations(page)).toEqual([]);
    await move.getByLabel('This and the following (3 visits)').check();
    const target = plusDay(zone, fourth!.startAt);
    const targetDay = DateTime.fromMillis(target, { zone }).toISODate()!;
    await move.getByLabel('Provider', { exact: true }).selectOption({ label: providerNamed(dbFile(), 'Goldberg').name });
    await move.getByLabel('From').fill(targetDay);
    await move.getByLabel('Until').fill(targetDay);
    await move.getByRole('button', { name: 'Find times' }).click();
    const time = DateTime.fromMillis(target, { zone }).toFormat('h:mm a');
    await move.getByRole('group', { name: 'Free times' }).getByRole('button').filter({ hasText: new RegExp(`^${time}`) }).first().click();
    await move.getByRole('button', { name: 'Check the following visits' }).click();

    const review = move.getByRole('list', { name: 'Visits to move' });
    const taken = review.getByRole('group', { name: /cannot move$/ });
    await taken.waitFor();
    expect(await review.getByRole('listitem').count()).toBe(3);
    expect(await taken.count()).toBe(1);
    expect(await taken.getByRole('radio').count()).toBeGreaterThan(1);
    await expect.poll(() => taken.getByRole('radio', { name: /^Leave it on / }).isChecked()).toBe(true);
    await move.getByRole('button', { name: 'Move 2 visits' }).waitFor();
    await taken.getByRole('radio').first().check();
    await saveScreenshot(page, 'series-move-check');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await move.getByRole('button', { name: 'Move 3 visits' }).click();
    await move.waitFor({ state: 'detached' });
    await page.getByTestId('undo-toast').getByText(/Moved 3 visits of .+'s series/).waitFor();
    await saveScreenshot(page, 'series-moved');

    const after = visitsOf(patient!.id);
    expect(after.slice(0, 3).map((v) => v.startAt)).toEqual(series.occurrences.slice(0, 3).map((o) => o.startAt));
    expect(after[3]!.startAt).toBe(target);
    expect(after[5]!.startAt).toBe(plusDay(zone, sixth!.startAt));
    expect(after[4]!.startAt).not.toBe(plusDay(zone, fifth!.startAt));
    expect(after[4]!.startAt).not.toBe(fifth!.startAt);
    expect(after.map((v) => v.status)).toEqual(Array(6).fill('booked'));
    expect(errors, env.host().output()).toEqual([]);
    await page.context().close();
  }, 300_000);
  it('drags visit 3 of a weekly series two hours later: asks, moves it and the following ones, and one Undo puts them all back', async () => {
    const { page, errors } = await openDeskPage(env.browser());
    await waitForDesk(page, env.host().url);
    const [patient] = somePatients(dbFile(), 1, 110);
    const { series, zone } = bookWeeklySix(patient!.id as PatientId, { from: 2, shift: plusTwoHours });
    const third = series.occurrences[2]!;
    const before = series.occurrences.map((o) => o.startAt);
    const startsNow = () => visitsOf(patient!.id).map((v) => v.startAt);

    const { card } = await openVisit(page, zone, third);
    await page.keyboard.press('Escape');
    await card.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    // Down by two hours: 8 rows of 15 minutes, 24 px each.
    const dragDown = async () => {
      const box = (await card.boundingBox())!;
      await page.mouse.move(box.x + box.width / 2, box.y + 5);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, box.y + 60, { steps: 4 });
      await page.mouse.move(box.x + box.width / 2, box.y + 5 + 8 * 24, { steps: 4 });
      await page.mouse.up();
    };

    // Dropped, it asks first; "Don't move" (Esc) leaves every visit where it was and the card keeps the focus.
    await dragDown();
    const ask = dialog(page, 'Move a visit of a series');
    await ask.getByRole('button', { name: 'This and the following (4 visits)' }).waitFor();
    await ask.getByRole('button', { name: 'This visit only' }).waitFor();
    await saveScreenshot(page, 'series-drop-question');
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The dialog adds no second banner landmark beside the app's top bar.
    expect(await page.getByRole('banner').count()).toBe(1);
    expect(await landmarkViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await ask.waitFor({ state: 'detached' });
    expect(startsNow()).toEqual(before);
    expect(await page.evaluate(`document.activeElement?.getAttribute('data-appointment-id')`)).toBe(third.appointmentId);

    await dragDown();
    await ask.getByRole('button', { name: 'This and the following (4 visits)' }).click();
    await ask.waitFor({ state: 'detached' });
    const toast = page.getByTestId('undo-toast');
    await toast.getByText(/Moved 4 visits of .+'s series/).waitFor();
    await saveScreenshot(page, 'series-drop-moved');
    expect(startsNow()).toEqual([...before.slice(0, 2), ...before.slice(2).map((t) => plusTwoHours(zone, t))]);

    await toast.getByRole('button', { name: 'Undo' }).click();
    await toast.getByText(/Undone: Moved 4 visits/).waitFor();
    expect(startsNow()).toEqual(before);
    expect(visitsOf(patient!.id).map((v) => v.status)).toEqual(Array(6).fill('booked'));
    expect(errors, env.host().output()).toEqual([]);
    await page.context().close();
  }, 300_000);
});

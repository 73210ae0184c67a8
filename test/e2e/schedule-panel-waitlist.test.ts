import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { book } from '../../src-main/core/booking';
import { nextAvailableFor } from '../../src-main/core/availability';
import type { CoreContext } from '../../src-main/core/context';
import type { AppointmentTypeId, PatientId, ProviderId } from '../../src-shared/domain/ids';
import { hostAndBrowserPerFile, openDeskPage, saveScreenshot, seriousA11yViolations } from './harness';
import { dialog, openPatientPanel, providerNamed, readDb, somePatients, waitForDesk, withHostCore } from './booking-helpers';
import { coveredControls } from './layout-helpers';

/**
 * The schedule with its details panel open, and the waitlist where time
 * opens, at 1366×768 (and the panel at 1920×1080): the toolbar stays in reach
 * and the columns under the panel scroll out from under it; "Add to waitlist"
 * from the patient panel; a cancellation marks the freed cell in the
 * provider's column with how many entries fit, booked in two clicks; a
 * booked visit puts its patient on the waitlist for an earlier time.
 */
const NOW = new Date('2025-11-24T14:30:00Z');

const readyGrid = (page: Page) => page.locator('.cg-scroll[data-state="ready"]');
const details = (page: Page) => page.getByRole('complementary', { name: 'Details' });
const marker = (page: Page) => page.getByTestId('waitlist-marker');
const TOOLBAR = '.cg-toolbar button, .cg-toolbar select';

describe('schedule side panel and waitlist marks', () => {
  const shared = hostAndBrowserPerFile({ now: NOW, seed: 1 });
  const withCore = <T,>(run: (ctx: CoreContext) => T): T => withHostCore(shared.host().dbFile, NOW, run);

  for (const [width, height] of [
    [1366, 768],
    [1920, 1080],
  ] as const) {
    it(`at ${width}×${height} the panel leaves the toolbar in reach and the columns under it can be scrolled into view`, async () => {
      const { page, errors } = await openDeskPage(shared.browser());
      await page.setViewportSize({ width, height });
      await waitForDesk(page, shared.host().url);
      await readyGrid(page).waitFor();
      expect(await coveredControls(page, TOOLBAR)).toEqual([]);
      await page.locator('.cg-card').first().click();
      await details(page).getByRole('button', { name: 'Close details' }).waitFor();
      // Every toolbar control is what a click at its centre reaches, with the panel open.
      expect(await coveredControls(page, TOOLBAR)).toEqual([]);
      const panel = (await details(page).boundingBox())!;
      const toolbar = (await page.locator('.cg-toolbar').boundingBox())!;
      expect(panel.y).toBeGreaterThanOrEqual(toolbar.y + toolbar.height - 1);
      await saveScreenshot(page, `schedule-panel-${width}`);

      // The last column scrolls out from under the panel; the first stays reachable the other way.
      await page.locator('.cg-scroll').evaluate((el) => (el.scrollLeft = el.scrollWidth));
      const lastHead = page.locator('.cg-colhead').last();
      await expect.poll(async () => { const b = (await lastHead.boundingBox())!; return b.x + b.width; }).toBeLessThanOrEqual(panel.x + 1);
      await saveScreenshot(page, `schedule-panel-scrolled-${width}`);
      await page.locator('.cg-scroll').evaluate((el) => (el.scrollLeft = 0));

      // Esc puts the panel away (the close button does too).
      await page.locator('.cg-scroll').focus();
      await page.keyboard.press('Escape');
      await details(page).waitFor({ state: 'detached' });
      await page.locator('.cg-card').nth(1).click();
      await details(page).getByRole('button', { name: 'Close details' }).click();
      await details(page).waitFor({ state: 'detached' });
      expect(errors, shared.host().output()).toEqual([]);
      await page.context().close();
    }, 180_000);
  }

  it('adds a patient from their panel; a cancellation marks the freed cell, booked from the mark in two clicks; a visit asks for earlier', async () => {
    const { page, errors } = await openDeskPage(shared.browser());
    await waitForDesk(page, shared.host().url);
    const [leaving, waiting] = somePatients(shared.host().dbFile, 2, 80);
    const provider = providerNamed(shared.host().dbFile, 'Goldberg');
    const followUp = readDb(shared.host().dbFile, (db) => db.prepare(`SELECT id FROM appointment_types WHERE name = 'Follow-up visit'`).pluck().get() as AppointmentTypeId);
    const held = withCore((ctx) => {
      const slot = nextAvailableFor(ctx.db, ctx.clock, { typeId: followUp, who: { kind: 'provider', providerId: provider.id as ProviderId }, count: 1 }).slots[0]!;
      return book(ctx, { patientId: leaving!.id as PatientId, providerId: provider.id as ProviderId, locationId: slot.locationId, typeId: followUp, startAt: slot.start });
    });

    // "Add to waitlist" on the patient panel: the entry form opens for that patient.
    let panel = await openPatientPanel(page, waiting!);
    await panel.getByRole('button', { name: 'Add to waitlist' }).click();
    const add = dialog(page, 'Add to the waitlist');
    await add.getByText(`For ${waiting!.givenName} ${waiting!.familyName}`).waitFor();
    const typeSelect = add.getByLabel('Appointment type');
    await typeSelect.selectOption(followUp);
    await add.getByLabel(provider.name).check();
    await saveScreenshot(page, 'waitlist-add-from-panel');
    await add.getByRole('button', { name: 'Add to waitlist' }).click();
    await add.waitFor({ state: 'detached' });
    expect(readDb(shared.host().dbFile, (db) => db.prepare(`SELECT status FROM waitlist_entries WHERE patient_id = ?`).pluck().all(waiting!.id))).toEqual(['open']);

    // The held visit is cancelled from its patient's panel.
    panel = await openPatientPanel(page, leaving!);
    await panel.getByRole('button', { name: /^Cancel / }).first().click();
    const cancel = dialog(page, 'Cancel appointment');
    await cancel.getByLabel('Other').check();
    await cancel.getByLabel('Other reason').fill('Moving away');
    await cancel.getByRole('button', { name: 'Cancel appointment' }).click();
    await cancel.waitFor({ state: 'detached' });

    // The freed cell is on another day or under the panel: the banner says so and Show goes there.
    const banner = page.getByTestId('waitlist-opening');
    await marker(page).or(banner).first().waitFor();
    if (await banner.isVisible()) {
      await banner.getByText(/1 on the waitlist fits .+ with .*Goldberg/).waitFor();
      await saveScreenshot(page, 'waitlist-opening-banner');
      await banner.getByRole('button', { name: 'Show' }).click();
    }
    const mark = marker(page);
    await mark.waitFor();
    await expect.poll(async () => (await coveredControls(page, '[data-testid="waitlist-marker"]')).length).toBe(0);
    expect(await mark.textContent()).toBe('1 waitlist fits');
    // Right where the visit was: the cancelled visit's thin mark shares its column and time.
    await page.locator(`.cg-marker[data-appointment-id="${held.id}"]`).waitFor();
    const freed = (await page.locator(`.cg-marker[data-appointment-id="${held.id}"]`).boundingBox())!;
    const badge = (await mark.boundingBox())!;
    const column = (await page.locator('.cg-colhead', { hasText: 'Goldberg' }).boundingBox())!;
    expect(badge.x).toBeGreaterThanOrEqual(column.x);
    expect(badge.x + badge.width).toBeLessThanOrEqual(column.x + column.width);
    expect(freed.x).toBeGreaterThan(column.x);
    expect(freed.x).toBeLessThan(column.x + column.width);
    expect(badge.y).toBeGreaterThanOrEqual(freed.y - 1);
    expect(badge.y).toBeLessThan(freed.y + freed.height);
    expect(await banner.isVisible()).toBe(false);

    // Two clicks from the mark: the entries that fit, then Book.
    const popover = page.getByRole('dialog', { name: /1 on the waitlist fits/ });
    if (!(await popover.isVisible())) await mark.click();
    await saveScreenshot(page, 'waitlist-marker');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await popover.getByRole('button', { name: new RegExp(`^Book ${waiting!.givenName} ${waiting!.familyName}`) }).click();
    await page.getByRole('status').filter({ hasText: 'from the waitlist' }).waitFor();
    await marker(page).waitFor({ state: 'detached' });
    await saveScreenshot(page, 'waitlist-marker-booked');
    const booked = readDb(shared.host().dbFile, (db) =>
      db.prepare(`SELECT id, start_at AS startAt FROM appointments WHERE patient_id = ? AND status = 'booked'`).all(waiting!.id) as Array<{ id: string; startAt: number }>,
    );
    expect(booked.map((b) => b.startAt)).toEqual([held.startAt]);
    expect(readDb(shared.host().dbFile, (db) => db.prepare(`SELECT status FROM waitlist_entries WHERE patient_id = ?`).pluck().get(waiting!.id))).toBe('booked');

    // The new visit's panel: "Waitlist for earlier" opens the form with its type and provider, up to the day before.
    await page.locator(`.cg-card[data-appointment-id="${booked[0]!.id}"]`).click();
    await details(page).getByRole('button', { name: 'Waitlist for earlier' }).click();
    const earlier = dialog(page, 'Add to the waitlist');
    await earlier.getByText(`For ${waiting!.givenName} ${waiting!.familyName}`).waitFor();
    expect(await earlier.getByLabel('Appointment type').inputValue()).toBe(followUp);
    expect(await earlier.getByLabel(provider.name).isChecked()).toBe(true);
    await earlier.getByRole('button', { name: 'Add to waitlist' }).click();
    await earlier.waitFor({ state: 'detached' });
    const entries = readDb(shared.host().dbFile, (db) =>
      db.prepare(`SELECT status, type_id AS typeId, provider_ids AS providerIds, latest_date AS latestDate FROM waitlist_entries WHERE patient_id = ? ORDER BY created_at`).all(waiting!.id),
    ) as Array<{ status: string; typeId: string; providerIds: string; latestDate: string | null }>;
    expect(entries[1]).toMatchObject({ status: 'open', typeId: followUp, providerIds: JSON.stringify([provider.id]) });
    expect(errors, shared.host().output()).toEqual([]);
  }, 240_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { pdfPagesText } from '../unit/core/exports/pdf-text';
import { dialog, readDb } from './booking-helpers';
import { coveredControls } from './layout-helpers';
import {
  buildRendererOnce,
  DEMO_RECEPTIONIST,
  gotoSignedIn,
  launchChromium,
  openHostDb,
  openDeskPage,
  saveScreenshot,
  seriousA11yViolations,
  startWebHost,
  type WebHostProcess,
} from './harness';

/**
 * The schedule's quick actions and the week, as a receptionist at 1366×768:
 * undo from the message, the card menu by mouse and keyboard, no-show only
 * after the start, book again, the week of every provider, and Print day.
 * Monday 24 November 2025, 09:30 in New York, on the demo clinic.
 */
const NOW = new Date('2025-11-24T14:30:00Z');

const readyGrid = (page: Page) => page.locator('.cg-scroll[data-state="ready"]');
const card = (page: Page, id: string) => page.locator(`.cg-card[data-appointment-id="${id}"]`);
const menu = (page: Page) => page.getByRole('menu');
const toast = (page: Page) => page.getByTestId('undo-toast');

interface Row {
  id: string;
  status: string;
  startAt: number;
}

describe('schedule: undo, card menu, week and print', () => {
  let host: WebHostProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  /** Single-provider visits drawn on the grid now, booked (or confirmed, when started) and started or not yet. */
  const todays = async (started: boolean): Promise<Row[]> => {
    const drawn = await page.locator('.cg-card').evaluateAll((els) => els.map((e) => e.getAttribute('data-appointment-id')));
    const rows = readDb(host.dbFile, (db) =>
      db
        .prepare(
          `SELECT a.id, a.status, a.start_at AS startAt FROM appointments a
            WHERE a.status IN ('booked', ${started ? "'confirmed'" : "'booked'"}) AND a.team_id IS NULL ORDER BY a.start_at`,
        )
        .all() as Row[],
    );
    return rows.filter((r) => drawn.includes(r.id) && (started ? r.startAt < NOW.getTime() : r.startAt > NOW.getTime() + 3600_000));
  };
  const statusOf = (id: string): string =>
    readDb(host.dbFile, (db) => db.prepare(`SELECT status FROM appointments WHERE id = ?`).pluck().get(id) as string);

  beforeAll(async () => {
    await buildRendererOnce();
    [host, browser] = await Promise.all([startWebHost({ now: NOW, seed: 1 }), launchChromium()]);
    ({ page, errors } = await openDeskPage(browser));
    await gotoSignedIn(page, host.url, DEMO_RECEPTIONIST);
    await readyGrid(page).waitFor({ timeout: 120_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('opens a card’s menu by right-click and by keyboard; No-show only once the visit has started', async () => {
    const future = (await todays(false))[0]!;
    await card(page, future.id).scrollIntoViewIfNeeded();
    await card(page, future.id).click({ button: 'right' });
    await menu(page).waitFor();
    const items = async () => menu(page).getByRole('menuitem').allTextContents();
    expect(await items()).toEqual(expect.arrayContaining(['Open details', 'Confirm', 'Check in', 'Reschedule…', 'Book again…', 'Cancel visit…']));
    expect(await items()).not.toContain('No-show');
    await saveScreenshot(page, 'schedule-card-menu');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await menu(page).waitFor({ state: 'detached' });

    // Keyboard: Shift+F10 on the focused card, arrows move, Esc gives focus back to the card.
    // A visit under way that nobody checked in: one of today's later visits, started 15 minutes ago.
    const started = (await todays(false)).at(-1)!;
    const db = openHostDb(host.dbFile);
    try {
      db.prepare(`UPDATE appointments SET start_at = ?, end_at = ?, busy_start_at = ?, busy_end_at = ? WHERE id = ?`).run(
        NOW.getTime() - 15 * 60_000,
        NOW.getTime() + 15 * 60_000,
        NOW.getTime() - 15 * 60_000,
        NOW.getTime() + 15 * 60_000,
        started.id,
      );
    } finally {
      db.close();
    }
    // The next day and back: the grid reads today again.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('n');
    await page.locator('.cg-scroll[data-date="2025-11-25"][data-state="ready"]').waitFor();
    const seq = Number(await page.locator('.cg-scroll').getAttribute('data-render-seq'));
    await page.keyboard.press('p');
    await expect
      .poll(async () => Number(await page.locator('.cg-scroll[data-date="2025-11-24"][data-state="ready"]').getAttribute('data-render-seq')))
      .toBeGreaterThan(seq);
    await card(page, started.id).scrollIntoViewIfNeeded();
    await card(page, started.id).focus();
    expect(await page.evaluate("document.activeElement?.getAttribute('data-appointment-id')")).toBe(started.id);
    await page.keyboard.press('Shift+F10');
    await menu(page).waitFor({ timeout: 5_000 });
    expect(await items()).toContain('No-show');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Open details');
    await page.keyboard.press('ArrowDown');
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Confirm');
    await page.keyboard.press('Escape');
    expect(await page.evaluate("document.activeElement?.getAttribute('data-appointment-id')")).toBe(started.id);

    // The panel offers the same: no No-show on the future visit.
    await card(page, future.id).click();
    const panel = page.locator('.ap-panel');
    await panel.waitFor();
    expect(await panel.getByRole('button', { name: 'No-show', exact: true }).count()).toBe(0);
    expect(await panel.getByRole('button', { name: 'Book again' }).count()).toBe(1);
  }, 180_000);

  it('undoes a status change and a cancel from the message, audited as the receptionist', async () => {
    const visit = (await todays(false))[1]!;
    await card(page, visit.id).click({ button: 'right' });
    await menu(page).getByRole('menuitem', { name: 'Confirm' }).click();
    await expect.poll(() => card(page, visit.id).getAttribute('data-status')).toBe('confirmed');
    await toast(page).getByText(/Confirmed: /).waitFor();
    await saveScreenshot(page, 'schedule-undo-message');
    await toast(page).getByRole('button', { name: 'Undo' }).click();
    await toast(page).getByText(/Undone: Confirmed/).waitFor();
    await expect.poll(() => card(page, visit.id).getAttribute('data-status')).toBe('booked');
    expect(statusOf(visit.id)).toBe('booked');

    await card(page, visit.id).click({ button: 'right' });
    await menu(page).getByRole('menuitem', { name: 'Cancel visit…' }).click();
    const cancel = dialog(page, 'Cancel appointment');
    await cancel.getByRole('radio').first().check();
    await cancel.getByRole('button', { name: 'Cancel appointment' }).click();
    await toast(page).getByText(/Cancelled /).waitFor();
    expect(statusOf(visit.id)).toBe('cancelled');
    // Ctrl+Z does the same as the Undo button while the message shows.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('Control+z');
    await toast(page).getByText(/Undone: Cancelled/).waitFor();
    await expect.poll(() => statusOf(visit.id)).toBe('booked');

    const audit = readDb(host.dbFile, (db) =>
      db
        .prepare(`SELECT a.action, s.name FROM audit_log a JOIN staff s ON s.id = a.staff_id WHERE a.entity_id = ? ORDER BY a.seq`)
        .all(visit.id) as Array<{ action: string; name: string }>,
    );
    expect(audit.map((r) => r.action).slice(-4)).toEqual(['appointment.confirm', 'appointment.undo', 'appointment.cancel', 'appointment.undo']);
    expect(new Set(audit.slice(-4).map((r) => r.name))).toEqual(new Set([DEMO_RECEPTIONIST.name]));
  });

  it('books again: same patient, type and provider, the times listed to choose from', async () => {
    const visit = (await todays(false))[2]!;
    await card(page, visit.id).click({ button: 'right' });
    await menu(page).getByRole('menuitem', { name: 'Book again…' }).click();
    const booking = page.getByRole('dialog').first();
    await booking.waitFor();
    const [patient, typeId, providerId] = readDb(host.dbFile, (db) => {
      const row = db
        .prepare(`SELECT p.given_name || ' ' || p.family_name AS patient, a.type_id AS typeId, a.provider_id AS providerId
                    FROM appointments a JOIN patients p ON p.id = a.patient_id WHERE a.id = ?`)
        .get(visit.id) as { patient: string; typeId: string; providerId: string };
      return [row.patient, row.typeId, row.providerId];
    });
    await expect.poll(() => booking.textContent()).toContain(patient);
    await booking.locator('.bk-slot').first().waitFor({ timeout: 30_000 });
    expect(await booking.locator('select').evaluateAll((els) => els.map((e) => (e as unknown as { value: string }).value))).toEqual(
      expect.arrayContaining([typeId, providerId]),
    );
    await page.keyboard.press('Escape');
    await booking.waitFor({ state: 'detached' });
  });

  it('shows every provider’s week, all seven days in 1366 px', async () => {
    // The week fits the screen with nothing open beside it (a panel is looked at below).
    const close = page.getByRole('button', { name: 'Close details' });
    if (await close.isVisible()) await close.click();
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('w');
    const board = page.locator('.wk-board[data-state="ready"]');
    await board.waitFor();
    await expect.poll(() => board.locator('.wk-card').count()).toBeGreaterThan(50);
    const heads = board.locator('.wk-dayhead');
    expect(await heads.count()).toBe(7);
    expect(await heads.last().textContent()).toMatch(/Sun/);
    const fits = await board.evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth, right: el.getBoundingClientRect().right }));
    expect(fits.scroll).toBeLessThanOrEqual(fits.client);
    const sunday = await heads.last().boundingBox();
    expect(sunday!.x + sunday!.width).toBeLessThanOrEqual(1366);
    expect(await board.locator('.wk-row').count()).toBeGreaterThanOrEqual(4);
    await saveScreenshot(page, 'schedule-week');
    // The family name is whole on every compact card.
    const clipped = await board.locator('.wk-card').evaluateAll((els) =>
      els
        .filter((e) => {
          const name = e.querySelector('.wk-card__name');
          return name !== null && name.getBoundingClientRect().right > e.getBoundingClientRect().right - 1;
        })
        .map((e) => `${e.textContent} ${Math.round(e.getBoundingClientRect().width)}px`),
    );
    expect(clipped).toEqual([]);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Cards open the panel and their menu here too; a day's heading opens that day.
    const first = board.locator('.wk-card').first();
    // The panel opens below the toolbar; the days under it scroll out from under it.
    await first.click();
    const panel = page.getByRole('complementary', { name: 'Details' });
    await panel.waitFor();
    expect(await coveredControls(page, '.cg-toolbar button, .cg-toolbar select')).toEqual([]);
    await board.evaluate((el) => (el.scrollLeft = el.scrollWidth));
    const panelLeft = (await panel.boundingBox())!.x;
    await expect.poll(async () => (await heads.last().boundingBox())!.x + (await heads.last().boundingBox())!.width).toBeLessThanOrEqual(panelLeft + 1);
    await saveScreenshot(page, 'schedule-week-panel-scrolled');
    await board.evaluate((el) => (el.scrollLeft = 0));
    await first.click({ button: 'right' });
    await menu(page).waitFor();
    await page.keyboard.press('Escape');
    await heads.nth(2).getByRole('button').click();
    await readyGrid(page).waitFor();
    expect(await page.locator('.cg-scroll').getAttribute('data-date')).toBe('2025-11-26');
    await page.locator('#date-nav-picker').fill('2025-11-24');
    await readyGrid(page).waitFor();
  }, 180_000);

  it('prints the day as whole pages of a day sheet, audited', async () => {
    // The system print dialog is the browser's, not ours: the test prints the same page to PDF instead.
    await page.evaluate('window.print = () => undefined');
    // Printed with a visit's panel open over the schedule: the toolbar stays in reach, the panel is not on paper.
    const panel = page.getByRole('complementary', { name: 'Details' });
    if (!(await panel.isVisible())) await page.locator('.cg-card').first().click();
    await panel.getByRole('button', { name: 'Close details' }).waitFor();
    expect(await coveredControls(page, '.cg-toolbar button, .cg-toolbar select')).toEqual([]);
    await page.getByRole('button', { name: 'Print day' }).click();
    await page.getByTestId('print-sheet').waitFor({ state: 'attached' });
    await page.emulateMedia({ media: 'print' });
    expect(await panel.isVisible()).toBe(false);
    await saveScreenshot(page, 'schedule-print-preview');
    const pdf = await page.pdf({ format: 'Letter', printBackground: true });
    await page.emulateMedia({ media: 'screen' });
    const pages = await pdfPagesText(pdf);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages[0]).toMatch(/day sheet, Monday, November 24, 2025/);
    // Every visit of the day on screen is on paper, each on a whole page (none cut off at the first page).
    const today = readDb(host.dbFile, (db) =>
      db
        .prepare(
          `SELECT p.family_name AS family FROM appointments a JOIN patients p ON p.id = a.patient_id
            WHERE a.status <> 'cancelled' AND a.start_at BETWEEN ? AND ?`,
        )
        .all(Date.UTC(2025, 10, 24, 5), Date.UTC(2025, 10, 25, 5)) as Array<{ family: string }>,
    );
    const text = pages.join(' ');
    const missing = today.filter((r) => !text.includes(r.family));
    expect(missing).toEqual([]);
    expect(text).not.toMatch(/New booking|Providers \d+\/\d+/);
    const printed = readDb(host.dbFile, (db) => db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'schedule.print'`).pluck().get());
    expect(printed).toBe(1);
    expect(errors).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { newId } from '../../src-main/core/ids';
import { localInstant } from '../helpers/clinic-fixture';
import { dialog, readDb, somePatients } from './booking-helpers';
import {
  buildRendererOnce,
  gotoSignedIn,
  launchChromium,
  openDeskPage,
  openHostDb,
  saveScreenshot,
  seriousA11yViolations,
  startWebHost,
  type WebHostProcess,
} from './harness';

/**
 * The day grid at the desk's size (1366×768) on the demo clinic: readable (names
 * never covered, eight provider columns, one-line toolbar, cancelled visits and
 * off-duty providers out of the way, the panel over the grid, a colour choice that
 * is remembered) and showing its rules (buffers drawn, refusals that name the rule,
 * a free cell that proposes a type that fits).
 */

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');
const ZONE = 'America/New_York';
/** A Tuesday after the demo's diary ends: the providers work, nobody is booked. */
const EMPTY_DAY = '2025-12-23';

const grid = (page: Page) => page.locator('.cg-scroll');

async function showDay(page: Page, date: string): Promise<void> {
  const seq = Number(await grid(page).getAttribute('data-render-seq'));
  await page.locator('#date-nav-picker').fill(date);
  await expect.poll(async () => (await grid(page).getAttribute('data-date')) === date && Number(await grid(page).getAttribute('data-render-seq')) > seq).toBe(true);
  await page.locator('.cg-scroll[data-state="ready"]').waitFor();
}

/** Columns of the grid wholly in view beside the time gutter. */
function columnsInView(page: Page): Promise<number> {
  return grid(page).evaluate((scroller) => {
    const box = scroller.getBoundingClientRect();
    const gutter = scroller.querySelector('.cg-gutter')!.getBoundingClientRect();
    const left = gutter.right;
    const right = box.left + scroller.clientWidth;
    return [...scroller.querySelectorAll('.cg-colhead')].filter((h) => {
      const r = h.getBoundingClientRect();
      return r.left >= left - 1 && r.right <= right + 1;
    }).length;
  });
}

/** Scrolls the grid so a column and a wall time ("2 PM", "10:45") are in view; returns the point of that row in the column. */
async function cellPoint(page: Page, column: Locator, gutterLabel: string): Promise<{ x: number; y: number }> {
  const label = page.locator('.cg-gutter__label').filter({ hasText: new RegExp(`^${gutterLabel}$`) });
  const [labelTop, colLeft] = await Promise.all([label.evaluate((el) => (el as unknown as { offsetTop: number }).offsetTop), column.evaluate((el) => (el as unknown as { offsetLeft: number }).offsetLeft)]);
  await grid(page).evaluate((el, [top, left]) => el.scrollTo(left!, Math.max(0, top! - 200)), [labelTop, colLeft]);
  await expect.poll(async () => (await label.boundingBox())?.y ?? -1).toBeGreaterThan(150);
  const [l, c] = await Promise.all([label.boundingBox(), column.boundingBox()]);
  // The label sits centred on its line: a few pixels below it is inside that row.
  return { x: c!.x + c!.width / 2, y: l!.y + l!.height / 2 + 5 };
}

describe('day grid at 1366×768', () => {
  let host: WebHostProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await buildRendererOnce();
    [host, browser] = await Promise.all([startWebHost({ now: NOW, seed: 1 }), launchChromium()]);
    ({ page, errors } = await openDeskPage(browser));
    await gotoSignedIn(page, host.url);
    await page.locator('.cg-scroll[data-state="ready"]').waitFor({ timeout: 120_000 });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('fits eight provider columns, family names in full, and the toolbar on one line; no panel until something is picked', async () => {
    // Nothing selected: no side panel; the grid has the whole width beside the rail.
    expect(await page.getByRole('complementary', { name: 'Details' }).count()).toBe(0);
    expect(await columnsInView(page)).toBeGreaterThanOrEqual(8);

    const toolbar = page.getByRole('toolbar', { name: 'Calendar view' });
    const line = await toolbar.evaluate((el) => {
      const middles = [...el.children].map((c) => c.getBoundingClientRect().top + c.getBoundingClientRect().height / 2);
      return { overflow: el.scrollWidth - el.clientWidth, spread: Math.max(...middles) - Math.min(...middles), height: el.getBoundingClientRect().height };
    });
    expect(line.overflow).toBe(0);
    expect(line.spread).toBeLessThan(4);
    expect(line.height).toBeLessThan(56);

    // Every 30-minute card with a lane of its own shows the family name whole, inside the card, with no mark over it.
    await expect.poll(() => page.locator('.cg-card[data-minutes="30"][data-lanes="1"]').count()).toBeGreaterThan(5);
    const measured = await page.locator('.cg-card[data-minutes="30"][data-lanes="1"]').evaluateAll((cards) =>
      cards.map((card) => {
        const box = card.getBoundingClientRect();
        const style = card.ownerDocument.defaultView!.getComputedStyle(card);
        const inner = {
          left: box.left + parseFloat(style.borderLeftWidth),
          right: box.right - parseFloat(style.borderRightWidth),
          bottom: box.bottom - parseFloat(style.borderBottomWidth),
        };
        const name = card.querySelector('.cg-card__name')!;
        const family = card.querySelector('.cg-card__family')!;
        const familyInside = [...family.getClientRects()].every((r) => r.left >= inner.left - 0.5 && r.right <= inner.right + 0.5 && r.bottom <= inner.bottom + 0.5);
        const nameBox = name.getBoundingClientRect();
        const marks = [...card.querySelectorAll('.cg-card__icons > *')].map((m) => m.getBoundingClientRect());
        const covered = marks.some((m) => m.left < nameBox.right && m.right > nameBox.left && m.top < nameBox.bottom && m.bottom > nameBox.top);
        return { family: family.textContent, fits: name.scrollWidth <= name.clientWidth && familyInside, covered };
      }),
    );
    expect(measured.filter((m) => !m.fits || m.covered)).toEqual([]);
    await saveScreenshot(page, 'day-grid-1366');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('shows the day grid at 1920×1080 with every working provider in view', async () => {
    const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'en-US' });
    const wide = await context.newPage();
    await gotoSignedIn(wide, host.url);
    await wide.locator('.cg-scroll[data-state="ready"]').waitFor({ timeout: 120_000 });
    await expect.poll(() => wide.locator('.cg-card').count()).toBeGreaterThan(20);
    expect(await columnsInView(wide)).toBe(await wide.locator('.cg-colhead').count());
    await saveScreenshot(wide, 'day-grid-1920');
    await context.close();
  });

  it('collapses cancelled visits and no-shows to thin markers, and shows them as cards on request', async () => {
    const markers = page.locator('.cg-marker');
    await expect.poll(() => markers.count()).toBeGreaterThan(0);
    expect(await page.locator('.cg-card[data-status="cancelled"], .cg-card[data-status="no_show"]').count()).toBe(0);
    expect(Math.round((await markers.first().boundingBox())!.width)).toBeLessThanOrEqual(10);
    // A marker still opens its visit.
    await markers.first().click();
    const panel = page.getByRole('complementary', { name: 'Details' });
    await expect.poll(() => page.getByTestId('appointment-status').textContent()).toMatch(/Cancelled|No-show/);
    await page.getByRole('button', { name: 'Close details' }).click();
    await panel.waitFor({ state: 'detached' });

    const display = page.getByRole('button', { name: 'Display' });
    await display.click();
    await page.getByLabel('Show cancelled and no-shows').check();
    await expect.poll(() => page.locator('.cg-card[data-status="cancelled"], .cg-card[data-status="no_show"]').count()).toBeGreaterThan(0);
    expect(await markers.count()).toBe(0);
    await page.getByLabel('Show cancelled and no-shows').uncheck();
    await expect.poll(() => markers.count()).toBeGreaterThan(0);
    await page.keyboard.press('Escape');
  });

  it('hides providers who are not working that day, and shows them on request', async () => {
    const heads = page.locator('.cg-colhead');
    const working = await heads.count();
    const active = readDb(host.dbFile, (db) => db.prepare(`SELECT count(*) FROM providers WHERE active = 1`).pluck().get() as number);
    expect(working).toBeLessThan(active);
    expect(await page.locator('.cg-colhead__sub').allTextContents()).not.toContain('Not working');
    await page.getByRole('button', { name: 'Display' }).click();
    await page.getByLabel('Show providers not working').check();
    await expect.poll(() => heads.count()).toBe(active);
    expect(await page.locator('.cg-colhead__sub').allTextContents()).toContain('Not working');
    await page.getByLabel('Show providers not working').uncheck();
    await expect.poll(() => heads.count()).toBe(working);
    await page.keyboard.press('Escape');
  });

  it('colours cards by provider on request and remembers the choice at this desk', async () => {
    const firstCard = page.locator('.cg-col[data-column^="provider:"] .cg-card').first();
    const colourOf = (card: Locator) => card.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).borderLeftColor);
    const swatchOf = async (card: Locator) => {
      const column = (await card.evaluate((el) => el.closest('.cg-col')!.getAttribute('data-column')))!;
      return page.locator(`[data-column-head="${column}"] .cg-colhead__swatch`).evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).backgroundColor);
    };
    const byType = await colourOf(firstCard);
    await page.getByRole('button', { name: 'Display' }).click();
    await page.getByLabel('Provider', { exact: true }).check();
    await expect.poll(() => colourOf(firstCard)).not.toBe(byType);
    expect(await colourOf(firstCard)).toBe(await swatchOf(firstCard));

    await page.reload();
    await gotoSignedIn(page, host.url);
    await page.locator('.cg-scroll[data-state="ready"]').waitFor({ timeout: 120_000 });
    await expect.poll(async () => (await colourOf(firstCard)) === (await swatchOf(firstCard))).toBe(true);
    await page.getByRole('button', { name: 'Display' }).click();
    await page.getByLabel('Appointment type', { exact: true }).check();
    await expect.poll(() => colourOf(firstCard)).toBe(byType);
    await page.keyboard.press('Escape');
  });

  it('opens the visit panel over the grid: the columns keep their place', async () => {
    const before = await grid(page).evaluate((el) => el.clientWidth);
    const card = page.locator('.cg-card[data-status="booked"]').first();
    await card.click();
    const panel = page.getByRole('complementary', { name: 'Details' });
    await panel.locator('.ap-panel').waitFor();
    expect(await grid(page).evaluate((el) => el.clientWidth)).toBe(before);
    const [panelBox, gridBox] = await Promise.all([panel.boundingBox(), grid(page).boundingBox()]);
    expect(panelBox!.x + panelBox!.width).toBeCloseTo(gridBox!.x + gridBox!.width, 0);
    await saveScreenshot(page, 'day-grid-panel-over');
    await page.getByRole('button', { name: 'Close details' }).click();
    await panel.waitFor({ state: 'detached' });
  });

  describe('rules on the grid', () => {
    let provider: { id: string; name: string; locationId: string };
    let filling: { id: string; name: string };
    let emergency: { id: string };
    /** The words every path uses for the filling's clean-up time. */
    const cleanUpRule = () => new RegExp(`${provider.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} needs 10 min clean-up after the 10:00\\sAM Filling`);

    beforeAll(() => {
      const db = openHostDb(host.dbFile);
      try {
        provider = db
          .prepare(
            `SELECT p.id, p.name, h.location_id AS locationId FROM providers p JOIN opening_hours h ON h.provider_id = p.id
              WHERE p.name LIKE '%Olivia Bennett%' LIMIT 1`,
          )
          .get() as typeof provider;
        filling = db.prepare(`SELECT id, name FROM appointment_types WHERE name = 'Filling'`).get() as typeof filling;
        emergency = db.prepare(`SELECT id FROM appointment_types WHERE name = 'Emergency dental visit'`).get() as typeof emergency;
        const room = db.prepare(`SELECT id FROM rooms WHERE location_id = ? AND name LIKE 'Operatory%' ORDER BY name LIMIT 1`).pluck().get(provider.locationId) as string;
        const [a, b] = somePatients(host.dbFile, 2, 40);
        const insert = db.prepare(
          `INSERT INTO appointments (id, patient_id, provider_id, location_id, room_id, type_id, start_at, end_at, busy_start_at, busy_end_at,
                                     status, note, version, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'booked', '', 1, ?, ?)`,
        );
        const at = (time: string) => localInstant(EMPTY_DAY, time, ZONE);
        const created = NOW.getTime();
        // A filling 10:00–10:45 keeps the provider busy 9:55–10:55 (5 min preparation, 10 min clean-up).
        insert.run(newId(), a!.id, provider.id, provider.locationId, room, filling.id, at('10:00'), at('10:45'), at('09:55'), at('10:55'), created, created);
        // An emergency visit 11:00–11:30, 5 min clean-up.
        insert.run(newId(), b!.id, provider.id, provider.locationId, room, emergency.id, at('11:00'), at('11:30'), at('11:00'), at('11:35'), created, created);
      } finally {
        db.close();
      }
    });

    it('draws preparation and clean-up as bands around the card', async () => {
      await showDay(page, EMPTY_DAY);
      const column = page.locator(`.cg-col[data-column="provider:${provider.id}"]`);
      const card = column.locator('.cg-card').filter({ hasText: 'Filling' });
      await card.waitFor();
      const before = column.locator('.cg-buffer--before');
      const after = column.locator('.cg-buffer--after');
      const [c, b, a] = await Promise.all([card.boundingBox(), before.first().boundingBox(), after.first().boundingBox()]);
      // 24 px per 15 minutes: 5 minutes before (8 px), 10 minutes after (16 px).
      expect(Math.round(b!.height)).toBe(8);
      expect(Math.round(b!.y + b!.height)).toBe(Math.round(c!.y));
      expect(Math.round(a!.height)).toBe(16);
      expect(Math.abs(a!.y - (c!.y + c!.height))).toBeLessThanOrEqual(1.5);
      expect(await card.getAttribute('title')).toContain('5 min preparation before, 10 min clean-up after');
    });

    it('a click in the clean-up time names the rule; no advice points at fields that are not there', async () => {
      const column = page.locator(`.cg-col[data-column="provider:${provider.id}"]`);
      const { x, y } = await cellPoint(page, column, '10:45');
      await page.mouse.click(x, y);
      const booking = dialog(page, 'Book this time');
      const why = booking.locator('.bk-why-not');
      await why.getByRole('listitem').first().waitFor();
      expect(await why.textContent()).toMatch(cleanUpRule());
      // The step has no date fields: nothing tells the receptionist to change a date range.
      expect(await booking.locator('input[type="date"]').count()).toBe(0);
      expect(await booking.textContent()).not.toMatch(/date range/i);
      await saveScreenshot(page, 'day-grid-cell-refused');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.keyboard.press('Escape');
      await booking.waitFor({ state: 'detached' });
    });

    it('a click on a free cell proposes the provider’s most-booked type that fits there', async () => {
      const column = page.locator(`.cg-col[data-column="provider:${provider.id}"]`);
      const { x, y } = await cellPoint(page, column, '2 PM');
      await page.mouse.click(x, y);
      const booking = dialog(page, 'Book this time');
      const type = booking.getByLabel('Appointment type');
      await expect.poll(() => type.isEnabled()).toBe(true);
      // At 2 PM on an empty afternoon every type of hers fits: the proposal is the one she is booked for most.
      const mostBooked = readDb(host.dbFile, (db) =>
        db
          .prepare(
            `SELECT a.type_id FROM appointments a JOIN appointment_types t ON t.id = a.type_id
              WHERE a.provider_id = ? AND a.status <> 'cancelled' AND a.busy_start_at > ?
              GROUP BY a.type_id ORDER BY count(*) DESC, t.name LIMIT 1`,
          )
          .pluck()
          .get(provider.id, NOW.getTime() - 365 * 86_400_000),
      );
      expect(await type.inputValue()).toBe(mostBooked);
      expect(await type.locator('optgroup[label="Fits at this time"] option').count()).toBeGreaterThan(1);
      await saveScreenshot(page, 'day-grid-cell-proposal');
      await booking.getByRole('button', { name: 'Continue' }).click();
      await expect.poll(() => booking.locator('.bk-steps__item--current').textContent()).toContain('Patient');
      await page.keyboard.press('Escape');
      await booking.waitFor({ state: 'detached' });
    });

    it('a refused drop names the rule and the visit in the way', async () => {
      const column = page.locator(`.cg-col[data-column="provider:${provider.id}"]`);
      const card = column.locator('.cg-card').filter({ hasText: 'Emergency' });
      await cellPoint(page, column, '10:45');
      const box = (await card.boundingBox())!;
      // Up by 15 minutes (24 px): 10:45 is inside the filling's clean-up.
      await page.mouse.move(box.x + box.width / 2, box.y + 5);
      await page.mouse.down();
      await page.mouse.move(box.x + box.width / 2, box.y - 7, { steps: 4 });
      await page.mouse.move(box.x + box.width / 2, box.y - 19, { steps: 4 });
      await page.mouse.up();
      const toast = page.locator('.toast').first();
      await toast.waitFor({ timeout: 10_000 });
      expect(await toast.getAttribute('data-code')).toBe('SLOT_TAKEN');
      expect(await toast.textContent()).toMatch(cleanUpRule());
      await saveScreenshot(page, 'day-grid-refused-drop');
      await expect.poll(async () => Math.round((await card.boundingBox())!.y)).toBe(Math.round(box.y));
      await page.getByRole('button', { name: 'Dismiss message' }).first().click();
      expect(errors, host.output()).toEqual([]);
    });
  });
});

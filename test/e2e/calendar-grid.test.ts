import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Locator, Page } from 'playwright-core';
import { readDb } from './booking-helpers';
import {
  buildRendererOnce,
  launchChromium,
  openDeskPage,
  openHostDb,
  saveScreenshot,
  seriousA11yViolations,
  startWebHost,
  gotoSignedIn,
  type WebHostProcess,
} from './harness';

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');

const grid = (page: Page) => page.locator('.cg-scroll');
const readyGrid = (page: Page) => page.locator('.cg-scroll[data-state="ready"]');
const cards = (page: Page) => page.locator('.cg-card');

async function waitForGrid(page: Page, seqAbove = 0): Promise<void> {
  await readyGrid(page).waitFor({ timeout: 120_000 });
  // The grid counts the ranges it has drawn: wait (in the page, frame by frame) for one newer than `seqAbove`.
  await page.waitForFunction(`Number(document.querySelector('.cg-scroll[data-state="ready"]')?.getAttribute('data-render-seq') ?? -1) > ${seqAbove}`, undefined, {
    timeout: 60_000,
  });
}

/** Resolves after the browser has drawn two more frames: a scroll's event and the columns it brings in are drawn. */
const nextFrames = (page: Page): Promise<unknown> => page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');

/** y (px from the column top) free ranges of a column: no card, no closed time, no blockout. */
async function freeRanges(column: Locator): Promise<Array<[number, number]>> {
  return column.evaluate((col) => {
    const busy = [...col.querySelectorAll('.cg-card, .cg-buffer, .cg-closed, .cg-block')]
      .map((node) => {
        const el = node as unknown as { offsetTop: number; offsetHeight: number };
        return [el.offsetTop, el.offsetTop + el.offsetHeight] as [number, number];
      })
      .sort((a, b) => a[0] - b[0]);
    const out: Array<[number, number]> = [];
    let at = 0;
    for (const [s, e] of busy) {
      if (s > at) out.push([at, s]);
      at = Math.max(at, e);
    }
    if (at < col.offsetHeight) out.push([at, col.offsetHeight]);
    return out;
  });
}

describe('calendar grid', () => {
  let host: WebHostProcess;
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    await buildRendererOnce();
    [host, browser] = await Promise.all([startWebHost({ now: NOW, seed: 1 }), launchChromium()]);
    ({ page, errors } = await openDeskPage(browser));
    await gotoSignedIn(page, host.url);
    await waitForGrid(page);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('shows the demo day by provider with status marks, hours, blockouts and the now-line', async () => {
    expect(await cards(page).count()).toBeGreaterThan(20);
    expect(await page.locator('.cg-colhead').count()).toBeGreaterThan(4);
    expect(await page.locator('.cg-group').first().textContent()).toMatch(/Hudson Street/i);
    for (const status of ['confirmed', 'checked_in', 'completed']) {
      expect(await page.locator(`.cg-card[data-status="${status}"]`).count(), status).toBeGreaterThan(0);
    }
    expect(await page.locator('.cg-closed').count()).toBeGreaterThan(0);
    expect(await page.locator('.cg-block').count()).toBeGreaterThan(0);
    // "Now" on each location's clock: the demo's two locations lie in two zones.
    expect(await page.locator('.cg-now').count()).toBeGreaterThanOrEqual(2);
    expect(await page.locator('.cg-now').first().isVisible()).toBe(true);
    const cancelled = page.locator('.cg-card[data-status="cancelled"] .cg-card__name').first();
    if (await cancelled.count()) {
      expect(await cancelled.evaluate((el) => el.ownerDocument.defaultView!.getComputedStyle(el).textDecorationLine)).toContain('line-through');
    }
    // A card says its status and reminder state to a screen reader.
    expect(await cards(page).first().getAttribute('aria-description')).toMatch(/(Booked|Confirmed|Checked in|Completed|No-show|Cancelled), (Reminder|No reminders)/);
    await saveScreenshot(page, 'calendar-day');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('opens a card’s panel with its reminders, then confirms and checks in', async () => {
    const card = page.locator('.cg-card[data-status="booked"]').first();
    const id = await card.getAttribute('data-appointment-id');
    await card.click();
    await page.locator('.ap-panel').waitFor();
    const status = page.getByTestId('appointment-status');
    expect(await status.textContent()).toBe('Booked');
    await page.locator('.rm-list, .ap-panel .rm-muted').first().waitFor();
    await saveScreenshot(page, 'calendar-appointment-panel');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.locator('.ap-panel').getByRole('button', { name: 'Confirm', exact: true }).click();
    await expect.poll(() => status.textContent()).toBe('Confirmed');
    await expect.poll(() => page.locator(`.cg-card[data-appointment-id="${id}"]`).getAttribute('data-status')).toBe('confirmed');

    // From the keyboard: the Check in button goes away once the patient is in, and the focus stays among the visit's actions.
    await page.locator('.ap-panel').getByRole('button', { name: 'Check in', exact: true }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => status.textContent()).toBe('Checked in');
    await expect.poll(() => page.locator(`.cg-card[data-appointment-id="${id}"]`).getAttribute('data-status')).toBe('checked_in');
    await expect.poll(() => page.locator('.ap-panel__actions :focus').allTextContents()).toEqual(['Complete']);

    // A cancelled visit's reason is read for that visit alone: the day's grid data leaves reasons and notes out.
    // Cancelled visits are thin markers at the column's edge until shown as cards.
    const cancelledCard = page.locator('.cg-marker[data-status="cancelled"]').first();
    const cancelledId = (await cancelledCard.getAttribute('data-appointment-id'))!;
    const reason = readDb(host.dbFile, (db) => db.prepare(`SELECT cancel_reason FROM appointments WHERE id = ?`).pluck().get(cancelledId) as string);
    await cancelledCard.click();
    await expect.poll(() => page.locator('.ap-panel__reason').textContent()).toBe(` — ${reason}`);
    await page.getByRole('button', { name: 'Close details' }).click();
  });

  it('reschedules by dragging a card to a free time; a taken time snaps it back with a message', async () => {
    // Two and a half weeks ahead the demo diary still has gaps.
    const seq = Number(await grid(page).getAttribute('data-render-seq'));
    await page.locator('#date-nav-picker').fill('2025-12-10');
    await waitForGrid(page, seq);
    const nowTop = -1;
    // A movable future visit and a free stretch below it, both on screen (the grid renders what is visible).
    const pick = async () => {
      const { top, height } = await grid(page).evaluate((el) => ({ top: el.scrollTop, height: el.clientHeight }));
      // The sticky header row covers the top of the scroller.
      const header = await page.locator('.cg-headrow').evaluate((el) => el.offsetHeight);
      const visible: [number, number] = [top + 10, top + height - header - 10];
      const columns = page.locator('.cg-col--bookable');
      for (let i = 0; i < (await columns.count()); i++) {
        const column = columns.nth(i);
        const colBox = await column.boundingBox();
        if (!colBox || colBox.x + colBox.width > 1046 || colBox.x < 70) continue;
        const candidates = column.locator('.cg-card[data-status="booked"], .cg-card[data-status="confirmed"]');
        // Free time counts cards and their preparation and clean-up bands: a drop there would be refused.
        const free = await freeRanges(column);
        for (let j = 0; j < (await candidates.count()); j++) {
          const card = candidates.nth(j);
          const [cardTop, cardHeight] = await card.evaluate((el) => [el.offsetTop, el.offsetHeight]);
          if (cardTop < nowTop + 20 || cardTop < visible[0] || cardTop + cardHeight > visible[1]) continue;
          // The first quarter hour (24 px) at least 5 minutes (8 px) into a free stretch, with room for the card and
          // its own preparation and clean-up.
          const gap = free
            .map(([s, e]) => [Math.ceil((Math.max(s, visible[0]) + 8) / 24) * 24, Math.min(e, visible[1])] as [number, number])
            .find(([s, e]) => e - s >= cardHeight + 24 && (e < cardTop || s > cardTop + cardHeight));
          if (gap) return { column, card, cardTop, gap };
        }
      }
      return null;
    };
    let found: Awaited<ReturnType<typeof pick>> = null;
    const { maxTop, maxLeft } = await grid(page).evaluate((el) => ({ maxTop: el.scrollHeight - el.clientHeight, maxLeft: el.scrollWidth - el.clientWidth }));
    search: for (let left = 0; left <= maxLeft + 449; left += 450) {
      for (let top = 0; top <= maxTop + 299; top += 300) {
        await grid(page).evaluate((el, [l, t]) => el.scrollTo(l!, t!), [Math.min(left, maxLeft), Math.min(top, maxTop)]);
        await nextFrames(page);
        found = await pick();
        if (found) break search;
      }
    }
    expect(found, 'a movable visit and a free stretch on screen').not.toBeNull();
    const { column, card, cardTop, gap } = found!;
    const id = (await card.getAttribute('data-appointment-id'))!;
    const box = (await card.boundingBox())!;
    const colBox = (await column.boundingBox())!;
    const dy = colBox.y + gap[0] - box.y;
    await page.mouse.move(box.x + box.width / 2, box.y + 5);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, box.y + 5 + dy / 2, { steps: 5 });
    await page.mouse.move(box.x + box.width / 2, box.y + 5 + dy, { steps: 5 });
    expect(await page.locator('.cg-ghost').isVisible()).toBe(true);
    await saveScreenshot(page, 'calendar-drag');
    await page.mouse.up();
    const moving = page.locator(`.cg-card[data-appointment-id="${id}"]`);
    await expect.poll(async () => Math.abs((await moving.evaluate((el) => el.offsetTop)) - cardTop), { timeout: 10_000 }).toBeGreaterThan(20);
    await expect.poll(() => moving.evaluate((el) => el.classList.contains('cg-card--pending'))).toBe(false);
    expect(await page.locator('.toast').count()).toBe(0);
    // Snapped to the grid step near where it was dropped.
    expect(Math.abs((await moving.evaluate((el) => el.offsetTop)) - gap[0])).toBeLessThan(30);

    // Onto another visit of the same column: refused, and the card returns where it was.
    const before = await moving.evaluate((el) => el.offsetTop);
    const other = column.locator('.cg-card[data-status="booked"], .cg-card[data-status="confirmed"], .cg-card[data-status="checked_in"]');
    let otherTop = -1;
    for (let j = 0; j < (await other.count()); j++) {
      if ((await other.nth(j).getAttribute('data-appointment-id')) === id) continue;
      otherTop = await other.nth(j).evaluate((el) => el.offsetTop);
      break;
    }
    expect(otherTop).toBeGreaterThanOrEqual(0);
    await moving.scrollIntoViewIfNeeded();
    const from = (await moving.boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + 5);
    await page.mouse.down();
    await page.mouse.move(from.x + from.width / 2, from.y + 5 + (otherTop - before), { steps: 8 });
    await page.mouse.up();
    await page.locator('.toast').first().waitFor({ timeout: 10_000 });
    expect(await page.locator('.toast').first().getAttribute('data-code')).toMatch(/SLOT_TAKEN|CONFLICT|IN_PAST|OUTSIDE_HOURS/);
    await expect.poll(() => moving.evaluate((el) => el.offsetTop)).toBe(before);
    await page.getByRole('button', { name: 'Dismiss message' }).first().click();
    await page.keyboard.press('t');
    await expect.poll(() => grid(page).getAttribute('data-date')).toBe('2025-11-24');
  }, 180_000);

  it('shows rooms as columns', async () => {
    const seq = Number(await grid(page).getAttribute('data-render-seq'));
    await page.getByRole('button', { name: 'Rooms', exact: true }).click();
    await expect.poll(() => grid(page).getAttribute('data-axis')).toBe('rooms');
    await waitForGrid(page, seq - 1);
    expect(await page.locator('.cg-colhead').first().textContent()).toMatch(/Exam room|Operatory/);
    expect(await cards(page).count()).toBeGreaterThan(5);
    await saveScreenshot(page, 'calendar-rooms');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Providers', exact: true }).click();
    await expect.poll(() => grid(page).getAttribute('data-axis')).toBe('providers');
  });

  it('shows every provider’s week and moves by week from the keyboard', async () => {
    const heading = page.getByRole('heading', { level: 1 });
    await page.locator('.cg-colhead__link').first().click();
    const board = page.locator('.wk-board[data-state="ready"]');
    await board.waitFor();
    await expect.poll(() => board.locator('.wk-dayhead').count()).toBe(7);
    expect(await board.locator('.wk-dayhead').first().textContent()).toMatch(/Mon/);
    await expect.poll(() => board.locator('.wk-card').count()).toBeGreaterThan(5);
    await saveScreenshot(page, 'calendar-week');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => heading.textContent()).toContain('December 1, 2025');
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => heading.textContent()).toContain('November 24, 2025');
    await page.keyboard.press('d');
    await expect.poll(() => grid(page).getAttribute('data-mode')).toBe('day');
  });

  it('shows a provider’s own-calendar busy time as a band that is not bookable, and says why', async () => {
    let seq = Number(await grid(page).getAttribute('data-render-seq'));
    await page.locator('#date-nav-picker').fill('2025-12-11');
    await waitForGrid(page, seq);
    const column = page.locator('.cg-col--bookable').first();
    const providerId = (await column.getAttribute('data-column'))!.replace('provider:', '');
    expect(await column.locator('.cg-block--external').count()).toBe(0);
    // What the CalDAV puller stores: when the provider is busy, nothing else. 10:00–11:00 in New York (EST).
    const db = openHostDb(host.dbFile);
    db.prepare(`INSERT INTO external_busy (id, provider_id, start_at, end_at, source) VALUES ('e2e-busy', ?, ?, ?, 'caldav:e2e')`).run(
      providerId,
      Date.UTC(2025, 11, 11, 15),
      Date.UTC(2025, 11, 11, 16),
    );
    db.close();
    seq = Number(await grid(page).getAttribute('data-render-seq'));
    await page.locator('#date-nav-picker').fill('2025-12-12');
    await waitForGrid(page, seq);
    seq = Number(await grid(page).getAttribute('data-render-seq'));
    await page.locator('#date-nav-picker').fill('2025-12-11');
    await waitForGrid(page, seq);

    const band = page.locator(`.cg-col[data-column="provider:${providerId}"] .cg-block--external`);
    await band.scrollIntoViewIfNeeded();
    expect(await band.getAttribute('title')).toBe('Busy in own calendar');
    // 60 minutes at 24 px per 15 minutes.
    expect(Math.round((await band.boundingBox())!.height)).toBe(96);
    await saveScreenshot(page, 'calendar-external-busy');
    // Click the band where no card covers it.
    const spot = await band.evaluate((el) => {
      const r = el.getBoundingClientRect();
      for (let y = r.top + 4; y < r.bottom - 4; y += 4) {
        for (let x = r.left + 6; x < r.right - 6; x += 10) if (el.ownerDocument.elementFromPoint(x, y)?.closest('.cg-block')) return { x, y };
      }
      return null;
    });
    expect(spot, 'a part of the band without a card').not.toBeNull();
    await page.mouse.click(spot!.x, spot!.y);
    const whyNot = page.getByRole('dialog', { name: 'Why this time is not available' });
    await whyNot.getByRole('listitem').first().waitFor();
    expect(await whyNot.textContent()).toMatch(/is busy in their own calendar from 10:00\sAM to 11:00\sAM/);
    await page.keyboard.press('Escape');
    await whyNot.waitFor({ state: 'detached' });
    await page.keyboard.press('t');
    await expect.poll(() => grid(page).getAttribute('data-date')).toBe('2025-11-24');
  });

  it('moves a day at a time with the arrow keys in the day view', async () => {
    const heading = page.getByRole('heading', { level: 1 });
    // Inside the grid the arrows move between cells; from anywhere else on the page they turn the day.
    await heading.click();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => heading.textContent()).toContain('November 25, 2025');
    await expect.poll(() => grid(page).getAttribute('data-date')).toBe('2025-11-25');
    await readyGrid(page).waitFor();
    await expect.poll(() => cards(page).count()).toBeGreaterThan(10);
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => heading.textContent()).toContain('November 24, 2025');
    await page.keyboard.press('t');
    await expect.poll(() => grid(page).getAttribute('data-date')).toBe('2025-11-24');
  });

  it('lists the day’s reminders with their status and failure reasons', async () => {
    await page.getByRole('button', { name: 'Reminders', exact: true }).click();
    await page.locator('.rm-day[data-state="ready"]').waitFor();
    expect(await page.locator('.rm-table tbody tr[data-state]').count()).toBeGreaterThan(10);
    const states = await page.locator('.rm-table tbody tr[data-state]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-state')));
    expect(new Set(states).size).toBeGreaterThan(1);
    await saveScreenshot(page, 'reminders-day');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: /^Failed/ }).click();
    const failed = page.locator('.rm-table tbody tr[data-state]');
    if ((await failed.count()) > 0) expect(await failed.first().locator('.rm-list__reason').count()).toBe(1);
    await page.getByRole('button', { name: 'Day', exact: true }).click();
    await readyGrid(page).waitFor();
  });

  it('shows the sync indicator for a single-desk clinic', async () => {
    const sync = page.locator('.sync');
    await expect.poll(() => sync.getAttribute('data-tone')).toBe('local');
    expect(await sync.getAttribute('aria-label')).toContain('Not connected to other desks');
    expect(errors, host.output()).toEqual([]);
  });
});

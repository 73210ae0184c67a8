import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  buildRendererOnce,
  launchChromium,
  openDeskPage,
  saveScreenshot,
  seriousA11yViolations,
  startWebHost,
  DEMO_MANAGER,
  DEMO_RECEPTIONIST,
  gotoSignedIn,
  signIn,
  type WebHostProcess,
} from './harness';

/** Monday 24 November 2025, 09:30 in New York; the demo clinic has visits three weeks either side. */
const NOW = new Date('2025-11-24T14:30:00Z');
const TODAY = '2025-11-24';

/** Calls a channel over the page's own web-host socket (the renderer's transport), outside the UI. */
async function call(page: Page, channel: string, input: unknown): Promise<{ ok: boolean; data?: unknown; error?: { code: string } }> {
  return page.evaluate(
    ([ch, inp]) =>
      new Promise<{ ok: boolean; data?: unknown; error?: { code: string } }>((resolve, reject) => {
        const here = (globalThis as unknown as { location: { search: string; host: string } }).location;
        const token = new URLSearchParams(here.search).get('token') ?? '';
        const ws = new WebSocket(`ws://${here.host}/api?token=${encodeURIComponent(token)}`);
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, channel: ch, input: inp }));
        ws.onmessage = (m) => {
          const msg = JSON.parse(String(m.data)) as { kind: string; id?: number; result?: { ok: boolean } };
          if (msg.kind === 'result' && msg.id === 1) {
            ws.close();
            resolve(msg.result as { ok: boolean });
          }
        };
        ws.onerror = () => reject(new Error('socket failed'));
      }),
    [channel, input] as const,
  );
}

/** The booking reference exports print: the id's last 8 characters without dashes, upper case. */
const referenceOf = (id: string): string => id.replace(/-/g, '').slice(-8).toUpperCase();

const openReports = async (page: Page): Promise<void> => {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Reports' }).click();
  await page.getByRole('heading', { name: 'Reports and exports' }).waitFor();
};

const setRange = async (page: Page, from: string, to: string): Promise<void> => {
  await page.getByLabel('First date').fill(from);
  await page.getByLabel('Last date').fill(to);
};

describe('manager exports and reports (Reports section)', () => {
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

  it('exports the day as CSV with names: every visit on the grid is in the file with its patient and time', async () => {
    const { page, errors } = await openDeskPage(browser);
    await gotoSignedIn(page, host.url);
    await page.locator('.cg-scroll[data-state="ready"]').waitFor();
    const cards = await page.locator('.cg-card').evaluateAll((els) =>
      els.map((el) => ({
        id: el.getAttribute('data-appointment-id')!,
        status: el.getAttribute('data-status')!,
        name: el.querySelector('.cg-card__name')?.textContent ?? '',
        title: el.getAttribute('title') ?? '',
      })),
    );
    expect(cards.length).toBeGreaterThan(10);

    await openReports(page);
    // Default range: this week, Monday to Sunday.
    expect(await page.getByLabel('First date').inputValue()).toBe('2025-11-24');
    expect(await page.getByLabel('Last date').inputValue()).toBe('2025-11-30');
    expect(await page.getByLabel('Include patient names and phone numbers').isChecked()).toBe(false);

    // A range that ends before it starts: the message sits at the field, nothing runs.
    await setRange(page, TODAY, '2025-11-20');
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    await page.getByText('The last date must be on or after the first date.').waitFor();
    expect(await page.getByLabel('Last date').getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByRole('progressbar').count()).toBe(0);
    await saveScreenshot(page, 'reports-range-error');

    await setRange(page, TODAY, TODAY);
    expect(await page.getByLabel('Last date').getAttribute('aria-invalid')).toBeNull();
    await page.getByLabel('Include patient names and phone numbers').check();
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const save = page.getByRole('link', { name: `Save frontdesk-schedule-${TODAY}.csv` });
    await save.waitFor({ timeout: 30_000 });
    await saveScreenshot(page, 'reports-export-ready');
    expect(await seriousA11yViolations(page)).toEqual([]);

    const [download] = await Promise.all([page.waitForEvent('download'), save.click()]);
    expect(download.suggestedFilename()).toBe(`frontdesk-schedule-${TODAY}.csv`);
    const text = readFileSync((await download.path())!, 'utf8');
    const rows = parse(text, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.length).toBeGreaterThanOrEqual(cards.length);
    expect(new Set(rows.map((r) => r.date))).toEqual(new Set([TODAY]));
    const byReference = new Map(rows.map((r) => [r.reference!, r]));
    for (const card of cards) {
      const row = byReference.get(referenceOf(card.id));
      expect(row, card.title).toBeDefined();
      expect(row!.patient).toBe(card.name);
      expect(row!.status).toBe(card.status);
      // The file has 24-hour times in the visit's own location zone, and so does the grid: each location
      // keeps its own clock, and the card title starts with it ("9:30 AM–10:00 AM …").
      const start = DateTime.fromISO(`${row!.date}T${row!.start}`, { zone: row!.zone });
      expect(card.title.startsWith(start.toFormat('h:mm a')), `${card.title} vs ${row!.start} ${row!.zone}`).toBe(true);
    }
    expect(errors).toEqual([]);
  });

  it('shows progress for a long export and cancels it: no file', async () => {
    const { page, errors } = await openDeskPage(browser);
    await gotoSignedIn(page, host.url);
    await openReports(page);
    // Six weeks of day sheets with names: thousands of visits, several seconds of PDF.
    await setRange(page, '2025-11-01', '2025-12-20');
    await page.getByRole('radio', { name: /Printable day sheets/ }).check();
    await page.getByLabel('Include patient names and phone numbers').check();
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const bar = page.getByRole('progressbar', { name: 'Export progress' });
    await bar.waitFor();
    await expect.poll(async () => Number(await bar.getAttribute('aria-valuenow')), { timeout: 20_000 }).toBeGreaterThan(0);
    await saveScreenshot(page, 'reports-export-progress');
    await page.getByRole('button', { name: 'Cancel export' }).click();
    await page.getByText('Export cancelled. No file was made.').waitFor({ timeout: 20_000 });
    expect(await page.getByRole('link', { name: /^Save / }).count()).toBe(0);
    // The form is usable again.
    expect(await page.getByRole('button', { name: 'Export', exact: true }).isEnabled()).toBe(true);
    expect(errors).toEqual([]);
  });

  it('runs the provider report: a utilization chart, tables per provider, per day, and its CSV', async () => {
    const { page, errors } = await openDeskPage(browser);
    await gotoSignedIn(page, host.url);
    await openReports(page);
    // Keyboard: the tabs move with the arrow keys.
    await page.getByRole('tab', { name: 'Export schedule' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Provider report' }).getAttribute('aria-selected')).toBe('true');
    await page.getByRole('button', { name: 'Last week' }).click();
    expect(await page.getByLabel('First date').inputValue()).toBe('2025-11-17');
    await page.getByRole('button', { name: 'Run the report' }).click();

    const totals = page.getByRole('table', { name: 'Totals per provider' });
    await totals.waitFor({ timeout: 30_000 });
    const setup = (await call(page, 'clinic/get-setup', {})).data as { providers: Array<{ name: string; active: boolean }> };
    const bars = page.getByRole('figure', { name: /Utilization per provider/ }).getByRole('listitem');
    expect(await bars.count()).toBe(await totals.locator('tbody tr').count());
    expect(await totals.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await totals.locator('tbody tr').count()).toBeLessThanOrEqual(setup.providers.length);
    // Last week is over: every provider with hours was open, utilization and visits are numbers.
    const first = (await totals.locator('tbody tr').first().locator('td').allTextContents()).map((s) => s.trim());
    expect(first[2]).toMatch(/^\d+%$/);
    expect(Number(first[3]!.replace(/,/g, ''))).toBeGreaterThan(0);
    await page.getByRole('figure', { name: /Utilization per provider/ }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'reports-report-totals');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('radio', { name: 'Per day' }).check();
    const firstProvider = page.locator('details.rp-group').first();
    await firstProvider.waitFor();
    expect(await firstProvider.locator('tbody tr').count()).toBeGreaterThanOrEqual(1);
    expect(await firstProvider.locator('tbody tr').count()).toBeLessThanOrEqual(7);
    await saveScreenshot(page, 'reports-report-daily');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('frontdesk-report-2025-11-17-to-2025-11-23.csv');
    const rows = parse(readFileSync((await download.path())!, 'utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.filter((r) => r.granularity === 'total').length).toBe(await bars.count());
    expect(rows.some((r) => r.granularity === 'day' && r.period === '2025-11-17')).toBe(true);
    expect(errors).toEqual([]);
  });

  it('a receptionist is not offered Reports, and main refuses an export anyway; the manager gets it back', async () => {
    const { page, errors } = await openDeskPage(browser);
    await gotoSignedIn(page, host.url, DEMO_RECEPTIONIST);
    const rail = page.getByRole('navigation', { name: 'Sections' });
    expect(await rail.getByRole('button', { name: 'Reports' }).count()).toBe(0);
    expect(await rail.getByRole('button', { name: 'Set-up' }).count()).toBe(0);
    await saveScreenshot(page, 'reports-reception');
    const refused = await call(page, 'exports/run', { jobId: 'e2e-reception-1', fromDate: TODAY, toDate: TODAY, format: 'csv' });
    expect(refused.error?.code).toBe('FORBIDDEN');

    // Quick switch to the manager: Reports returns.
    await page.keyboard.press('Control+l');
    await signIn(page, DEMO_MANAGER);
    await openReports(page);
    await page.getByLabel('First date').waitFor();
    expect(errors).toEqual([]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  buildRendererOnce,
  DEMO_MANAGER,
  DEMO_RECEPTIONIST,
  launchChromium,
  openDeskPage,
  saveScreenshot,
  seriousA11yViolations,
  signIn,
  startWebHost,
  type WebHostProcess,
} from './harness';
import { unpackCalendarRange, type CalendarRangeWire } from '@shared/ipc/calendar-range-wire';
import { somePatients } from './booking-helpers';

/**
 * Sign-in and the desk lock in the real renderer, served by the web host and
 * driven in Chromium: "Who is at the desk?", a receptionist without manager
 * screens (main refusing them too), Ctrl+L leaving no patient name in the page,
 * a quick switch to the manager who finds the receptionist's record view in the
 * audit trail, and five wrong PINs earning a wait.
 * (Idle timing is covered in test/unit/app/desk-lock.test.ts: the web host's
 * clock is pinned here, and the shortest lock-after is a whole minute.)
 */

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');
const DAY = { from: Date.parse('2025-11-24T05:00:00Z'), to: Date.parse('2025-11-25T05:00:00Z') };

type CallResult = { ok: boolean; data?: unknown; error?: { code: string; message: string } };

/** Calls a channel over a socket of its own from inside the page, as a script in the page could. */
async function call(page: Page, channel: string, input: unknown): Promise<CallResult> {
  return page.evaluate(
    ([ch, inp]) =>
      new Promise<CallResult>((resolve, reject) => {
        const here = (globalThis as unknown as { location: { search: string; host: string } }).location;
        const token = new URLSearchParams(here.search).get('token') ?? '';
        const ws = new WebSocket(`ws://${here.host}/api?token=${encodeURIComponent(token)}`);
        ws.onopen = () => ws.send(JSON.stringify({ id: 1, channel: ch, input: inp }));
        ws.onmessage = (m) => {
          const msg = JSON.parse(String(m.data)) as { kind: string; id?: number; result?: CallResult };
          if (msg.kind === 'result' && msg.id === 1) {
            ws.close();
            resolve(msg.result!);
          }
        };
        ws.onerror = () => reject(new Error('socket failed'));
      }),
    [channel, input] as const,
  );
}

const readyGrid = (page: Page) => page.locator('.cg-scroll[data-state="ready"]');

/** How many of these names the page's DOM holds anywhere (text, attributes, hidden nodes). */
const namesInDom = (page: Page, names: string[]): Promise<number> =>
  page.evaluate((list) => {
    const html = (globalThis as unknown as { document: { documentElement: { outerHTML: string } } }).document.documentElement.outerHTML;
    return list.filter((n) => html.includes(n)).length;
  }, names);

describe('desk lock', () => {
  let host: WebHostProcess;
  let browser: Browser;

  beforeAll(async () => {
    await buildRendererOnce();
    [host, browser] = await Promise.all([startWebHost({ now: NOW, seed: 1 }), launchChromium()]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('a receptionist signs in, sees no manager screens and is refused one directly; Ctrl+L hides everything; the manager sees her record view; five wrong PINs earn a wait', async () => {
    const { page, errors } = await openDeskPage(browser);
    // Activity reports the page sends main (pointer and keys, at most one per 30 s).
    let activityReports = 0;
    page.on('websocket', (ws) =>
      ws.on('framesent', (f) => {
        if (String(f.payload).includes('"desk-lock/report-activity"')) activityReports += 1;
      }),
    );
    await page.goto(host.url);
    // The desk starts locked: "Who is at the desk?", the demo's PINs shown on its names.
    await page.getByRole('heading', { name: 'Who is at the desk?' }).waitFor({ timeout: 180_000 });
    await page.getByText(`Demo PIN ${DEMO_RECEPTIONIST.pin}`).waitFor();
    expect(await call(page, 'calendar/get-range', DAY)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    await saveScreenshot(page, 'sign-in-who');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await signIn(page, DEMO_RECEPTIONIST);
    await readyGrid(page).waitFor();
    await page.getByText(DEMO_RECEPTIONIST.name, { exact: true }).waitFor(); // in the top bar
    // Signed in from the keyboard, the focus starts in the schedule, not on the page itself.
    expect(await page.locator('main:focus').getAttribute('aria-label')).toBe('Schedule');
    for (let i = 0; i < 20; i++) await page.mouse.move(600 + i * 5, 400 + i * 3);
    await page.keyboard.press('Shift');
    await expect.poll(() => activityReports).toBe(1);

    // No manager screens, and main refuses them anyway.
    const rail = page.getByRole('navigation', { name: 'Sections' });
    expect(await rail.getByRole('button', { name: 'Set-up' }).count()).toBe(0);
    expect(await rail.getByRole('button', { name: 'Reports' }).count()).toBe(0);
    expect(await call(page, 'staff/create', { name: 'Sneaky Boss', role: 'manager', secret: '123123' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await call(page, 'audit/query', { filter: {} })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });

    // Her own PIN: a page set in from the rail and the top bar like every section, not pressed into their corner.
    await rail.getByRole('button', { name: 'My PIN' }).click();
    const pinForm = (await page.getByRole('region', { name: 'My PIN' }).boundingBox())!;
    const railBox = (await rail.boundingBox())!;
    const topBar = (await page.getByRole('banner').boundingBox())!;
    expect(pinForm.x).toBeGreaterThanOrEqual(railBox.x + railBox.width + 16);
    expect((await page.getByRole('heading', { name: 'My PIN', level: 1 }).boundingBox())!.y).toBeGreaterThanOrEqual(topBar.y + topBar.height + 12);
    // Sent empty, it asks for the current PIN first and puts the focus there.
    await page.getByRole('button', { name: 'Change my PIN' }).click();
    await page.getByText('Enter your current PIN.').waitFor();
    await expect.poll(() => page.getByLabel('Your current PIN').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
    await rail.getByRole('button', { name: 'Schedule' }).click();
    await readyGrid(page).waitFor();

    // She opens a patient's record.
    const [patient] = somePatients(host.dbFile, 1, 3);
    await page.keyboard.press('/');
    await page.keyboard.type(`${patient!.givenName} ${patient!.familyName}`);
    await page
      .getByRole('listbox', { name: 'Matching patients' })
      .getByRole('option', { name: new RegExp(`${patient!.familyName}, ${patient!.givenName}`) })
      .click();
    await page.getByRole('complementary', { name: 'Details' }).getByRole('heading', { name: `${patient!.givenName} ${patient!.familyName}` }).waitFor();
    const range = await call(page, 'calendar/get-range', DAY);
    const visits = unpackCalendarRange(range.data as CalendarRangeWire).appointments;
    const names = [...new Set(visits.map((v) => `${v.patientFamilyName}, ${v.patientGivenName}`))];
    await expect.poll(() => namesInDom(page, names)).toBeGreaterThan(5);

    // Ctrl+L: signed out, nothing of the patients left in the page, main refuses a script.
    await page.locator('.cg-scroll').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+l');
    await page.getByRole('heading', { name: 'Who is at the desk?' }).waitFor();
    expect(await namesInDom(page, names)).toBe(0);
    expect(await page.locator('.cg-card, .shell').count()).toBe(0);
    expect(await call(page, 'patients/search', { query: patient!.familyName })).toMatchObject({ ok: false, error: { code: 'LOCKED' } });

    // Quick switch to the manager: the receptionist's view of the record is in the trail, with her name.
    await signIn(page, DEMO_MANAGER);
    await rail.getByRole('button', { name: 'Set-up' }).waitFor();
    const history = await call(page, 'audit/patient-access', { patientId: patient!.id });
    const rows = (history.data as { rows: Array<{ action: string; staffName: string | null }> }).rows;
    expect(rows).toContainEqual(expect.objectContaining({ action: 'patient.read', staffName: DEMO_RECEPTIONIST.name }));
    expect(await call(page, 'audit/verify', {})).toMatchObject({ ok: true, data: { intact: true } });

    // Five wrong PINs for the other receptionist, then the wait.
    await page.keyboard.press('Control+l');
    const other = page.getByRole('list', { name: 'Staff' }).getByRole('button', { name: /^Sam Whitaker/ });
    await other.click();
    const field = page.getByLabel('PIN');
    for (let i = 1; i <= 4; i++) {
      await field.fill('000000');
      await field.press('Enter');
      await page.getByText(`That PIN is not right. ${5 - i} more ${5 - i === 1 ? 'try' : 'tries'} before a 30-second wait.`).waitFor();
      expect(await field.inputValue()).toBe('');
    }
    await field.fill('000000');
    await field.press('Enter');
    await page.getByText(/Too many wrong tries\. Try again in \d+ seconds\./).waitFor();
    expect(await page.getByRole('button', { name: 'Sign in' }).isDisabled()).toBe(true);
    await saveScreenshot(page, 'sign-in-wait');
    expect(errors).toEqual([]);
  }, 300_000);
});

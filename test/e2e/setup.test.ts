import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  buildRendererOnce,
  launchChromium,
  openDeskPage,
  saveScreenshot,
  seriousA11yViolations,
  startWebHost,
  gotoSignedIn,
  signIn,
  type WebHostProcess,
} from './harness';
import { readDb } from './booking-helpers';

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');

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

interface StaffRow {
  role: string;
  verifier: string;
}
const staffRow = (dbFile: string, name: string): StaffRow | undefined =>
  readDb(dbFile, (db) => db.prepare(`SELECT role, verifier FROM staff WHERE name = ?`).get(name) as StaffRow | undefined);

describe('clinic set-up (empty clinic → Set-up section)', () => {
  let host: WebHostProcess;
  let browser: Browser;

  beforeAll(async () => {
    await buildRendererOnce();
    [host, browser] = await Promise.all([startWebHost({ now: NOW, demo: false }), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('describes a clinic with errors at the field, and the slot engine follows the hours at once', async () => {
    const { page, errors } = await openDeskPage(browser);
    await gotoSignedIn(page, host.url);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Set-up' }).click();

    // Location: a zone that does not exist is refused at the field, nothing saved.
    await page.getByRole('tab', { name: 'Locations' }).click();
    const newLocation = page.getByRole('form', { name: 'New location' });
    await newLocation.getByLabel('Name').fill('Main Street Dental');
    await newLocation.getByLabel('Time zone').fill('Mars/Olympus_Mons');
    await newLocation.getByRole('button', { name: 'Add location' }).click();
    await newLocation.getByText('Choose a time zone from the list').waitFor();
    expect(await newLocation.getByLabel('Time zone').getAttribute('aria-invalid')).toBe('true');
    await saveScreenshot(page, 'setup-location-zone-error');
    expect((await call(page, 'clinic/list-locations', {})).data).toEqual([]);
    await newLocation.getByLabel('Time zone').fill('America/New_York');
    await newLocation.getByRole('button', { name: 'Add location' }).click();
    await page.getByRole('cell', { name: 'Main Street Dental', exact: true }).waitFor();
    await saveScreenshot(page, 'setup-locations');

    await page.getByRole('tab', { name: 'Rooms' }).click();
    await page.getByRole('form', { name: 'New room' }).getByLabel('Room name').fill('Op 1');
    await page.getByRole('button', { name: 'Add room' }).click();
    await page.getByRole('cell', { name: 'Op 1', exact: true }).waitFor();

    await page.getByRole('tab', { name: 'Providers' }).click();
    const newProvider = page.getByRole('form', { name: 'New provider' });
    await newProvider.getByLabel('Name').fill('Dr. Lee');
    await newProvider.getByRole('button', { name: 'Add provider' }).click();
    await page.getByRole('cell', { name: 'Dr. Lee', exact: true }).waitFor();
    await page.getByRole('cell', { name: 'No hours yet', exact: true }).waitFor();

    // Weekly hours with a lunch break; an overlapping row is refused at the times.
    await page.getByRole('tab', { name: 'Opening hours' }).click();
    const weekly = page.getByRole('form', { name: 'Add weekly hours' });
    const addHours = async (day: string, opens: string, closes: string) => {
      await weekly.getByLabel('Day').selectOption({ label: day });
      await weekly.getByLabel('Opens').selectOption(opens);
      await weekly.getByLabel('Closes').selectOption(closes);
      await weekly.getByLabel('From').fill('2025-11-01');
      await weekly.getByRole('button', { name: 'Add hours' }).click();
    };
    await addHours('Tuesday', '09:00', '12:00');
    await page.getByRole('cell', { name: '9:00 AM–12:00 PM', exact: true }).waitFor();
    await addHours('Tuesday', '11:00', '13:00');
    await weekly.getByText('These hours overlap hours already set').waitFor();
    expect(await weekly.getByLabel('Opens').getAttribute('aria-invalid')).toBe('true');
    await saveScreenshot(page, 'setup-hours-overlap');
    await addHours('Tuesday', '13:00', '17:00');
    await page.getByRole('cell', { name: '1:00 PM–5:00 PM', exact: true }).waitFor();
    // End the morning hours on a date (effective dates), then bring them back open-ended.
    await page.getByRole('button', { name: 'Change Tuesday 9:00 AM–12:00 PM' }).click();
    const change = page.getByRole('form', { name: 'Change weekly hours' });
    await change.getByLabel('Until (optional)').fill('2025-12-31');
    await change.getByRole('button', { name: 'Save hours' }).click();
    await page.getByRole('cell', { name: 'Dec 31, 2025', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Change Tuesday 9:00 AM–12:00 PM' }).click();
    await change.getByLabel('Until (optional)').fill('');
    await change.getByRole('button', { name: 'Save hours' }).click();
    await expect.poll(() => page.getByRole('cell', { name: 'open-ended', exact: true }).count()).toBe(2);
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Where a provider works follows from the hours.
    await page.getByRole('tab', { name: 'Providers' }).click();
    await page.getByRole('cell', { name: 'Main Street Dental', exact: true }).waitFor();

    // Appointment type: duration must be a multiple of 5 and fit an opening.
    await page.getByRole('tab', { name: 'Appointment types' }).click();
    const newType = page.getByRole('form', { name: 'New appointment type' });
    await newType.getByLabel('Name').fill('Check-up');
    await newType.getByLabel('Duration (minutes)').fill('27');
    await newType.getByRole('checkbox', { name: 'Dr. Lee' }).check();
    await newType.getByRole('button', { name: 'Add type' }).click();
    await newType.getByText('The duration must be a multiple of 5 minutes.').waitFor();
    await newType.getByLabel('Duration (minutes)').fill('300');
    await newType.getByRole('button', { name: 'Add type' }).click();
    await newType.getByText('longer than any opening of its providers').waitFor();
    expect(await newType.getByLabel('Duration (minutes)').getAttribute('aria-invalid')).toBe('true');
    await saveScreenshot(page, 'setup-type-too-long');
    await newType.getByLabel('Duration (minutes)').fill('30');
    await newType.getByRole('button', { name: 'Add type' }).click();
    await page.getByRole('cell', { name: 'Check-up', exact: true }).waitFor();
    await saveScreenshot(page, 'setup-types');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The slot engine follows: Tuesday 25 November has 09:00–11:30 and 13:00–16:30 starts.
    const setup = (await call(page, 'clinic/get-setup', {})).data as { providers: Array<{ id: string }>; appointmentTypes: Array<{ id: string }> };
    const find = async () => {
      const r = await call(page, 'slots/find', {
        typeId: setup.appointmentTypes[0]!.id,
        who: { kind: 'provider', providerId: setup.providers[0]!.id },
        fromDate: '2025-11-25',
        toDate: '2025-11-25',
      });
      expect(r.ok).toBe(true);
      return (r.data as { slots: unknown[] }).slots.length;
    };
    expect(await find()).toBe(11 + 15);

    // Close that Tuesday from the screen: no times any more.
    await page.getByRole('tab', { name: 'Opening hours' }).click();
    const day = page.getByRole('form', { name: 'Change one date' });
    // Picked on the small calendar: Tuesdays are open by the weekly hours.
    await day.getByRole('button', { name: 'Tuesday, November 25, 2025, open' }).click();
    expect(await day.getByLabel('Date').inputValue()).toBe('2025-11-25');
    await day.getByRole('button', { name: 'Save this date' }).click();
    await page.getByRole('cell', { name: 'Closed', exact: true }).waitFor();
    await day.getByRole('button', { name: 'Tuesday, November 25, 2025, closed' }).waitFor();
    expect(await find()).toBe(0);
    await saveScreenshot(page, 'setup-hours');

    // Remove the afternoon row and the closure: mornings only.
    await page.getByRole('button', { name: 'Remove the change on Nov 25, 2025' }).click();
    await page.getByRole('button', { name: 'Remove Tuesday 1:00 PM–5:00 PM' }).click();
    await expect.poll(find).toBe(11);

    // Blockouts from the grid: drag over Dr. Lee's free Tuesday morning, block 10:00–11:00 weekly.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Schedule' }).click();
    await page.getByRole('button', { name: 'Next day' }).click();
    const column = page.locator(`[data-column="provider:${setup.providers[0]!.id}"]`);
    await column.waitFor({ timeout: 5_000 }).catch(async (e: unknown) => {
      await saveScreenshot(page, 'setup-debug');
      throw e;
    });
    await page.locator('.cg-scroll[data-state="ready"][data-date="2025-11-25"]').waitFor();
    const firstClosed = await column.locator('.cg-closed').first().boundingBox();
    const box = (await column.boundingBox())!;
    const y0 = firstClosed!.y + firstClosed!.height + 12;
    await page.mouse.move(box.x + box.width / 2, y0);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2, y0 + 30, { steps: 4 });
    await page.mouse.move(box.x + box.width / 2, y0 + 60, { steps: 4 });
    await page.mouse.up();
    const dialog = page.getByRole('dialog', { name: 'Block time' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('Dr. Lee');
    await dialog.getByLabel('From', { exact: true }).selectOption('10:00');
    await dialog.getByLabel('Until', { exact: true }).selectOption('11:00');
    await dialog.getByLabel('Reason (stays on this workstation)').fill('Team meeting');
    await dialog.getByLabel('Repeat every week until (optional)').fill('2025-12-09');
    await saveScreenshot(page, 'setup-blockout-dialog');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Block time' }).click();
    await dialog.waitFor({ state: 'detached' });
    await column.locator('.cg-block').waitFor();
    expect(await column.locator('.cg-block').textContent()).toContain('Team meeting');
    await saveScreenshot(page, 'setup-blockout-grid');
    // 10:00–11:00 is gone from the slots (09:00, 09:15, 09:30 and 11:00–11:30 remain), and on the repeats too.
    await expect.poll(find).toBe(3 + 3);
    const blockouts = await call(page, 'clinic/list-blockouts', { from: Date.parse('2025-11-24T00:00:00Z'), to: Date.parse('2025-12-15T00:00:00Z') });
    expect((blockouts.data as unknown[]).length).toBe(3);

    // Click the blockout: change or remove it.
    await column.locator('.cg-block').click();
    const edit = page.getByRole('dialog', { name: 'Change blocked time' });
    await edit.getByRole('button', { name: 'Remove' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => column.locator('.cg-block').count()).toBe(0);
    await expect.poll(find).toBe(11);

    expect(errors, host.output()).toEqual([]);
  }, 180_000);

  it('first run: the desk chooses an empty clinic and is guided through set-up', async () => {
    const fresh = await startWebHost({ now: NOW, askFirstRun: true });
    try {
      const { page, errors } = await openDeskPage(browser);
      await page.goto(fresh.url);
      await page.getByRole('heading', { name: 'Welcome to Frontdesk' }).waitFor();
      await saveScreenshot(page, 'first-run-choice');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.getByRole('button', { name: /Set up my clinic/ }).click();
      // A new clinic starts with its first manager, who signs in with it.
      const first = page.getByRole('form', { name: 'Create the first manager' });
      await first.getByLabel('Your name').fill('Ada Byrne');
      await first.getByLabel('Your PIN or passphrase').fill('135790');
      await first.getByLabel('Repeat it').fill('135790');
      await saveScreenshot(page, 'first-run-manager');
      expect(await seriousA11yViolations(page)).toEqual([]);
      await first.getByRole('button', { name: 'Create and sign in' }).click();

      const guide = page.getByRole('region', { name: 'Set up your clinic' });
      await guide.waitFor();
      expect(await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Set-up' }).getAttribute('aria-current')).toBe('page');
      await guide.getByRole('button', { name: 'Add your location' }).click();
      const form = page.getByRole('form', { name: 'New location' });
      await form.getByLabel('Name').fill('Harbour Clinic');
      await form.getByLabel('Time zone').fill('Europe/Dublin');
      await form.getByRole('button', { name: 'Add location' }).click();
      await expect.poll(() => guide.locator('li[data-done="true"]').count()).toBe(1);
      expect(await guide.locator('li[aria-current="step"]').textContent()).toContain('Add your providers');
      await saveScreenshot(page, 'first-run-guide');
      expect(errors, fresh.output()).toEqual([]);
    } finally {
      await fresh.stop();
    }
  }, 120_000);

  it('refuses a second first-run choice once the clinic is started', async () => {
    const { page } = await openDeskPage(browser);
    await gotoSignedIn(page, host.url);
    await page.getByRole('navigation', { name: 'Sections' }).waitFor();
    const r = await call(page, 'app/choose-start', { start: 'demo' });
    expect(r).toMatchObject({ ok: false, error: { code: 'CONFLICT' } });
  });

  it('adds a person once the PIN is typed the same twice, and gives them a new PIN', async () => {
    const { page, errors } = await openDeskPage(browser);
    await gotoSignedIn(page, host.url);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Set-up' }).click();
    await page.getByRole('tab', { name: 'Staff' }).click();

    const add = page.getByRole('form', { name: 'Add a person' });
    await add.getByLabel('Name').fill('Pat Okafor');
    await add.getByLabel('Role').selectOption({ label: 'Manager' });
    await add.getByLabel('PIN or passphrase').fill('482916');
    await add.getByLabel('Repeat it').fill('482917');
    await add.getByRole('button', { name: 'Add person' }).click();
    await add.getByText('The two PINs are not the same.').waitFor();
    expect(await add.getByLabel('Repeat it').getAttribute('aria-invalid')).toBe('true');
    expect(staffRow(host.dbFile, 'Pat Okafor')).toBeUndefined();

    await add.getByLabel('Repeat it').fill('482916');
    await add.getByRole('button', { name: 'Add person' }).click();
    await page.getByRole('status').getByText('Pat Okafor can sign in now.').waitFor();
    await page.getByRole('cell', { name: 'Pat Okafor', exact: true }).waitFor();
    // The form is empty again for the next person.
    expect(await add.getByLabel('Name').inputValue()).toBe('');
    const added = staffRow(host.dbFile, 'Pat Okafor');
    expect(added?.role).toBe('manager');

    // A PIN main refuses is shown at its field; a good one replaces the old verifier.
    await page.getByRole('button', { name: 'New PIN for Pat Okafor' }).click();
    const reset = page.getByRole('form', { name: 'New PIN for Pat Okafor' });
    await reset.getByLabel('PIN or passphrase').fill('123');
    await reset.getByLabel('Repeat it').fill('123');
    await reset.getByRole('button', { name: 'Set the new PIN' }).click();
    await expect.poll(() => reset.getByLabel('PIN or passphrase').getAttribute('aria-invalid')).toBe('true');
    expect(staffRow(host.dbFile, 'Pat Okafor')?.verifier).toBe(added?.verifier);

    await reset.getByLabel('PIN or passphrase').fill('907153');
    await reset.getByLabel('Repeat it').fill('907153');
    await reset.getByRole('button', { name: 'Set the new PIN' }).click();
    await page.getByRole('status').getByText('Pat Okafor has a new PIN.').waitFor();
    await page.getByRole('form', { name: 'Add a person' }).waitFor();
    expect(staffRow(host.dbFile, 'Pat Okafor')?.verifier).not.toBe(added?.verifier);
    expect(errors).toEqual([]);
  }, 120_000);

  it('first run: the desk chooses the demo, changes it, and resets it to a fresh demo', async () => {
    const fresh = await startWebHost({ now: NOW, askFirstRun: true });
    try {
      const { page, errors } = await openDeskPage(browser);
      await page.goto(fresh.url);
      await page.getByRole('button', { name: /Explore the demo clinic/ }).click();
      await page.getByRole('progressbar', { name: 'Demo clinic set-up' }).waitFor({ timeout: 15_000 });
      const rail = page.getByRole('navigation', { name: 'Sections' });
      await signIn(page);
      await rail.getByRole('button', { name: 'Set-up' }).click();
      const form = page.getByRole('form', { name: 'New location' });
      await form.getByLabel('Name').fill('Pop-up Clinic');
      await form.getByLabel('Time zone').fill('America/Chicago');
      await form.getByRole('button', { name: 'Add location' }).click();
      await page.getByRole('cell', { name: 'Pop-up Clinic', exact: true }).waitFor();

      await page.getByRole('button', { name: 'Reset the demo…' }).click();
      const confirm = page.getByRole('dialog', { name: 'Reset the demo clinic?' });
      await saveScreenshot(page, 'demo-reset-confirm');
      await confirm.getByRole('button', { name: 'Reset the demo' }).click();
      await page.getByRole('progressbar', { name: 'Demo clinic set-up' }).waitFor({ timeout: 15_000 });
      // The rebuilt demo has its own staff: whoever reset it signs in again.
      await signIn(page);
      await rail.getByRole('button', { name: 'Set-up' }).click();
      await page.getByRole('cell', { name: 'America/New_York', exact: true }).first().waitFor();
      expect(await page.getByRole('cell', { name: 'Pop-up Clinic', exact: true }).count()).toBe(0);
      expect(errors, fresh.output()).toEqual([]);
    } finally {
      await fresh.stop();
    }
  }, 300_000);
});

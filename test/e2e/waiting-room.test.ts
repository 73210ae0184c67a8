import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { readDb } from './booking-helpers';
import {
  buildRendererOnce,
  DEMO_RECEPTIONIST,
  gotoSignedIn,
  launchChromium,
  openDeskPage,
  saveScreenshot,
  seriousA11yViolations,
  startWebHost,
  type WebHostProcess,
} from './harness';

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');

interface Visit {
  id: string;
  locationName: string;
  givenName: string;
  familyName: string;
}

const room = (page: Page) => page.locator('section.wr[data-state="ready"]');
const waitingRows = (page: Page) => room(page).getByRole('region', { name: /^Waiting \d/ }).locator('tbody tr');
const seatedRows = (page: Page) => room(page).getByRole('region', { name: /^With the provider/ }).locator('tbody tr');

async function openWaitingRoom(page: Page, locationName: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Waiting room' }).click();
  await room(page).waitFor({ timeout: 60_000 });
  const picker = room(page).getByLabel('Location');
  if (await picker.count()) await picker.selectOption({ label: locationName });
  await expect.poll(() => room(page).locator('.wr__day').textContent()).toMatch(/Monday|Mon/);
}

describe('waiting room', () => {
  let host: WebHostProcess;
  let browser: Browser;
  let deskA: Page;
  let deskB: Page;
  let errors: string[];

  beforeAll(async () => {
    await buildRendererOnce();
    [host, browser] = await Promise.all([startWebHost({ now: NOW, seed: 1 }), launchChromium()]);
    const a = await openDeskPage(browser);
    const b = await openDeskPage(browser);
    deskA = a.page;
    deskB = b.page;
    errors = [...a.errors];
    deskB.on('pageerror', (e) => errors.push(e.message));
    await gotoSignedIn(deskA, host.url, DEMO_RECEPTIONIST);
    await gotoSignedIn(deskB, host.url, DEMO_RECEPTIONIST);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('a patient checked in on the schedule waits in the waiting room, is seated, and both desks see it live', async () => {
    await deskA.locator('.cg-scroll[data-state="ready"]').waitFor({ timeout: 120_000 });
    const card = deskA.locator('.cg-card[data-status="confirmed"], .cg-card[data-status="booked"]').first();
    const id = (await card.getAttribute('data-appointment-id'))!;
    const visit = readDb(host.dbFile, (db) =>
      db
        .prepare(
          `SELECT a.id, l.name AS locationName, p.given_name AS givenName, p.family_name AS familyName
             FROM appointments a JOIN locations l ON l.id = a.location_id JOIN patients p ON p.id = a.patient_id WHERE a.id = ?`,
        )
        .get(id) as Visit,
    );
    const name = `${visit.familyName}, ${visit.givenName}`;

    // Desk B watches the waiting room of that location.
    await openWaitingRoom(deskB, visit.locationName);
    const before = await waitingRows(deskB).count();
    expect(await waitingRows(deskB).filter({ hasText: name }).count()).toBe(0);

    // Desk A checks the patient in from the schedule.
    await card.click();
    await deskA.locator('.ap-panel').getByRole('button', { name: 'Check in', exact: true }).click();
    await expect.poll(() => deskA.getByTestId('appointment-status').textContent()).toBe('Checked in');

    // Desk B's waiting room shows them without anyone touching it.
    const onB = waitingRows(deskB).filter({ hasText: name });
    await onB.waitFor({ timeout: 20_000 });
    expect(await waitingRows(deskB).count()).toBe(before + 1);
    expect(await onB.locator('td').first().textContent()).toBe('9:30 AM');
    const arrived = readDb(host.dbFile, (db) => db.prepare(`SELECT arrived_at FROM appointments WHERE id = ?`).pluck().get(id));
    expect(arrived).toBe(NOW.getTime());

    await openWaitingRoom(deskA, visit.locationName);
    await waitingRows(deskA).filter({ hasText: name }).waitFor();
    await saveScreenshot(deskA, 'waiting-room');
    expect(await seriousA11yViolations(deskA)).toEqual([]);

    // Seated on desk A: it moves to "With the provider" on both desks.
    await room(deskA).getByRole('button', { name: `Seated: ${name}` }).click();
    await seatedRows(deskA).filter({ hasText: name }).waitFor();
    await seatedRows(deskB).filter({ hasText: name }).waitFor({ timeout: 20_000 });
    expect(await waitingRows(deskB).filter({ hasText: name }).count()).toBe(0);
    await saveScreenshot(deskB, 'waiting-room-second-desk');
    const row = readDb(host.dbFile, (db) => db.prepare(`SELECT status, seated_at AS seatedAt FROM appointments WHERE id = ?`).get(id));
    expect(row).toEqual({ status: 'checked_in', seatedAt: NOW.getTime() });

    // Done: gone from both lists, counted as done today.
    const doneBefore = Number(/\d+/.exec((await room(deskB).locator('.wr__done').textContent())!)![0]);
    await room(deskB).getByRole('button', { name: `Done: ${name}` }).click();
    await expect.poll(() => seatedRows(deskA).filter({ hasText: name }).count()).toBe(0);
    await expect.poll(() => room(deskA).locator('.wr__done').textContent()).toBe(`Done today: ${doneBefore + 1}`);
    expect(errors).toEqual([]);
  });
});

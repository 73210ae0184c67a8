import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextAvailableFor } from '../../src-main/core/availability/service';
import { book } from '../../src-main/core/booking';
import { newId } from '../../src-main/core/ids';
import { FixedClock } from '../../src-main/platform/clock';
import { SyncEngine } from '../../src-main/sync/engine';
import type { AppointmentDto } from '../../src-shared/domain/booking';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { providerNamed, readDb, somePatients, waitForDesk } from './booking-helpers';
import { buildRendererOnce, launchChromium, openDeskPage, openHostDb, saveScreenshot, seriousA11yViolations, startWebHost, type WebHostProcess } from './harness';

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');

/**
 * The Sync section in Chromium through the web host, with a real PostgreSQL
 * hub: connecting the desk (a wrong password first), two visits booked here
 * while another desk took their times at the hub, each conflict shown with
 * the visit that keeps the time (its desk, not its patient) and free times,
 * and both moved at once to their first suggested time, confirmed by the hub.
 */
describe('sync with the clinic hub, at the desk', () => {
  let host: WebHostProcess;
  let browser: Browser;
  let pgServer: TestPostgres;

  beforeAll(async () => {
    await buildRendererOnce();
    [host, browser, pgServer] = await Promise.all([startWebHost({ now: NOW, seed: 1 }), launchChromium(), startPostgres()]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    pgServer?.stop();
  });

  it('connects to the hub, shows the visits another desk took meanwhile, and moves them all', async () => {
    const hubUrl = await pgServer.createDatabase('deskhub');
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    const [mine, theirs, mine2] = somePatients(host.dbFile, 3, 40);
    const provider = providerNamed(host.dbFile, 'Goldberg');
    const typeId = readDb(host.dbFile, (db) => db.prepare(`SELECT id FROM appointment_types WHERE name = 'Follow-up visit'`).pluck().get() as string);

    // This desk books a visit before it has a hub (its change waits in the queue) …
    const db = openHostDb(host.dbFile);
    const deviceId = JSON.parse(db.prepare(`SELECT value FROM settings WHERE key = 'deviceId'`).pluck().get() as string) as string;
    const ctx = { db, clock: new FixedClock(NOW.getTime()), actor: { user: 'e2e', device: deviceId } };
    const visits: AppointmentDto[] = [
      [mine!, '2025-11-26'],
      [mine2!, '2025-11-27'],
    ].map(([patient, day]) => {
      const slot = nextAvailableFor(db, ctx.clock, { typeId, who: { kind: 'provider', providerId: provider.id }, fromDate: day as string, count: 1 }).slots[0]!;
      return book(ctx, { patientId: (patient as { id: string }).id, providerId: provider.id, locationId: slot.locationId, typeId, startAt: slot.start });
    });
    const visit = visits[0]!;
    db.close();
    // … while another desk already holds that provider 5 minutes later at the hub, both days.
    await SyncEngine.testConnection({ url: hubUrl, tls: 'disable', ca: null });
    const later = (v: AppointmentDto) => ({ ...v, id: newId(), patientId: theirs!.id, startAt: v.startAt + 5 * 60_000, endAt: v.endAt + 5 * 60_000, busyStartAt: v.busyStartAt + 5 * 60_000, busyEndAt: v.busyEndAt + 5 * 60_000, baseVersion: 0 });
    const competing = visits.map(later);
    const c = new pg.Client({ connectionString: hubUrl });
    c.on('error', () => undefined);
    await c.connect();
    await c.query('SELECT hub_apply($1::jsonb, $2)', [
      JSON.stringify(competing.map((x) => ({ key: newId(), entityType: 'appointment', entityId: x.id, operation: 'appointment.book', payload: x }))),
      '00000000-0000-7000-8000-00000000beef',
    ]);

    const indicator = page.getByRole('button', { name: /^Sync:/ });
    await expect.poll(() => indicator.textContent()).toBe('This desk only');
    await indicator.click();
    const form = page.getByRole('form', { name: 'Clinic hub connection' });
    const address = form.getByLabel('Hub address');

    // The test server speaks no TLS: a secure connection fails with its own message.
    await address.fill(hubUrl);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/secure connection/);
    await form.getByLabel('Connection security').selectOption('disable');
    await address.fill(hubUrl.replace(pgServer.password, 'wrong-password'));
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/refused the user name or password/);
    await address.fill(hubUrl);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toMatch(/Connected/);
    await form.getByRole('button', { name: 'Save connection' }).click();

    // The queued booking reaches the hub, which refuses it: the desk keeps it and says so.
    await expect.poll(() => indicator.textContent(), { timeout: 20_000 }).toBe('2 conflicts');
    const card = page.getByRole('listitem', { name: new RegExp(`Conflict: ${mine!.givenName} ${mine!.familyName}`) });
    await card.waitFor();
    // The clash names the desk that booked it once that visit has been pulled here (a moment after the refusal).
    await expect.poll(async () => (await card.textContent()) ?? '', { timeout: 15_000 }).toMatch(/on desk BEEF/);
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(provider.name);
    expect(text).toMatch(/Kept by the visit that reached the hub first/);
    expect(text).toMatch(/on desk BEEF/);
    expect(text).toMatch(/With .*:/);
    expect(text).not.toContain(theirs!.familyName);
    // The address shown back has its password masked; testing it as shown uses the stored one.
    expect(await address.inputValue()).toMatch(/^postgres:\/\/clinic:\*{8}@127\.0\.0\.1:/);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toMatch(/Connected/);
    await card.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'sync-conflict');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // On the schedule the visit carries the conflict mark; its card says where to settle it.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: /^Schedule/ }).click();
    await page.locator('#date-nav-picker').fill('2025-11-26');
    const marked = page.locator(`.cg-card--conflict[data-appointment-id="${visit.id}"]`);
    await marked.waitFor({ timeout: 15_000 });
    expect(await marked.getAttribute('aria-description')).toMatch(/not on the shared schedule/);
    await saveScreenshot(page, 'sync-conflict-on-grid');
    await indicator.click();

    // Both at once: each moved to its first suggested time and confirmed by the hub, with progress.
    await page.getByRole('button', { name: 'Move all 2 to their first suggested time' }).click();
    await expect.poll(() => page.getByText(/^Last run:/).textContent(), { timeout: 30_000 }).toBe('Last run: 2 confirmed by the hub.');
    await card.waitFor({ state: 'detached' });
    expect(await page.getByRole('list', { name: 'Recently settled' }).textContent()).toMatch(/the clinic hub confirmed it/);
    await expect.poll(() => indicator.textContent(), { timeout: 20_000 }).toBe('Up to date');
    const rows = await c.query<{ id: string; start_at: string }>('SELECT id, start_at FROM hub_appointments ORDER BY start_at');
    await c.end();
    expect(rows.rows.map((r) => r.id).sort()).toEqual([...visits, ...competing].map((v) => v.id).sort());
    for (const v of visits) expect(Number(rows.rows.find((r) => r.id === v.id)!.start_at)).not.toBe(v.startAt);
    await saveScreenshot(page, 'sync-resolved');
    expect(errors).toEqual([]);
  }, 180_000);
});

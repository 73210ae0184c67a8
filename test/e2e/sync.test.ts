import pg from 'pg';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nextAvailableFor } from '../../src-main/core/availability/service';
import { book } from '../../src-main/core/booking';
import { newId } from '../../src-main/core/ids';
import { FixedClock } from '../../src-main/platform/clock';
import { enrollHubDesk } from '../../src-main/sync/adapters/hub-postgres/admin';
import type { AppointmentDto } from '../../src-shared/domain/booking';
import { startPostgres, type TestPostgres } from '../helpers/postgres';
import { providerNamed, readDb, somePatients, waitForDesk } from './booking-helpers';
import { buildRendererOnce, launchChromium, openDeskPage, openHostDb, saveScreenshot, seriousA11yViolations, startWebHost, type WebHostProcess } from './harness';

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');

/**
 * The Sync section in Chromium through the web host, with a real PostgreSQL
 * hub: the secure default refusing a hub without TLS, `sslmode` in the
 * address refused at the field, joining with an enrollment code, a visit booked here
 * while another desk took the time at the hub, the conflict shown with the
 * competing time but not the other patient, and rebooking it to a suggested
 * free time.
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

  it('connects to the hub, shows a visit another desk took meanwhile, and rebooks it', async () => {
    const hub = await pgServer.createHub('deskhub');
    const admin = { url: hub.adminUrl, tls: 'disable' as const, ca: null };
    const { code } = await enrollHubDesk(admin, { name: 'Front desk', address: '' });
    const otherDesk = await hub.enroll('Other desk');
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    const [mine, theirs] = somePatients(host.dbFile, 2, 40);
    const provider = providerNamed(host.dbFile, 'Goldberg');
    const typeId = readDb(host.dbFile, (db) => db.prepare(`SELECT id FROM appointment_types WHERE name = 'Follow-up visit'`).pluck().get() as string);

    // This desk books a visit before it has a hub (its change waits in the queue) …
    const db = openHostDb(host.dbFile);
    const deviceId = JSON.parse(db.prepare(`SELECT value FROM settings WHERE key = 'deviceId'`).pluck().get() as string) as string;
    const ctx = { db, clock: new FixedClock(NOW.getTime()), actor: { user: 'e2e', device: deviceId } };
    const slot = nextAvailableFor(db, ctx.clock, { typeId, who: { kind: 'provider', providerId: provider.id }, fromDate: '2025-11-26', count: 1 }).slots[0]!;
    const visit: AppointmentDto = book(ctx, { patientId: mine!.id, providerId: provider.id, locationId: slot.locationId, typeId, startAt: slot.start });
    db.close();
    // The hub already knows this clinic's set-up and patients (the demo clinic is never sent to a hub, so they are put there directly) …
    const sup = new pg.Client({ connectionString: hub.superUrl });
    await sup.connect();
    const known = [['location', slot.locationId], ['provider', provider.id], ['appointment_type', typeId], ['patient', mine!.id], ['patient', theirs!.id], ...(visit.roomId ? [['room', visit.roomId]] : [])];
    for (const [type, id] of known) await sup.query(`INSERT INTO frontdesk.hub_entities (entity_type, entity_id, snapshot) VALUES ($1, $2, '{}')`, [type, id]);
    await sup.end();
    // … and another desk already holds that provider 5 minutes later.
    const competing = { ...visit, id: newId(), patientId: theirs!.id, startAt: visit.startAt + 5 * 60_000, endAt: visit.endAt + 5 * 60_000, busyStartAt: visit.busyStartAt + 5 * 60_000, busyEndAt: visit.busyEndAt + 5 * 60_000, baseVersion: 0 };
    const c = new pg.Client({ connectionString: otherDesk });
    c.on('error', () => undefined);
    await c.connect();
    const pushed = await c.query<{ r: Array<{ outcome: string }> }>('SELECT frontdesk_api.push($1::jsonb) AS r', [
      JSON.stringify([{ key: newId(), entityType: 'appointment', entityId: competing.id, operation: 'appointment.book', payload: competing }]),
    ]);
    expect(pushed.rows[0]!.r[0]).toMatchObject({ outcome: 'applied' });

    const indicator = page.getByRole('button', { name: /^Sync:/ });
    await expect.poll(() => indicator.textContent()).toBe('This desk only');
    await indicator.click();
    const form = page.getByRole('form', { name: 'Clinic hub connection' });
    const address = form.getByLabel('Hub address');

    // The test server speaks no TLS: the default (checked certificate) fails with its own message …
    await address.fill(otherDesk);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/secure connection/);
    // … and sslmode in the address cannot switch it off.
    await address.fill(`${otherDesk}?sslmode=disable`);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => form.locator('.su-field__error').first().textContent()).toMatch(/Remove “\?sslmode=…”/);

    // The desk joins with the code a manager made for it.
    const join = page.getByRole('form', { name: 'Join the clinic hub' });
    await join.getByLabel('Enrollment code').fill('FDHUB1.not-a-code');
    await join.getByRole('button', { name: 'Join the hub' }).click();
    await expect.poll(() => join.locator('.su-field__error').textContent()).toMatch(/not a Frontdesk enrollment code/);
    await join.getByLabel('Enrollment code').fill(code);
    await join.getByRole('button', { name: 'Join the hub' }).click();
    await expect.poll(() => join.getByRole('status').textContent()).toMatch(/Joined the clinic hub/);

    // The queued booking reaches the hub, which refuses it: the desk keeps it and says so.
    await expect.poll(() => indicator.textContent(), { timeout: 20_000 }).toBe('1 conflict');
    const card = page.getByRole('listitem', { name: new RegExp(`Conflict: ${mine!.givenName} ${mine!.familyName}`) });
    await card.waitFor();
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(provider.name);
    expect(text).toMatch(/Another desk booked/);
    expect(text).not.toContain(theirs!.familyName);
    // The address shown back has its password masked; testing it as shown uses the stored one.
    expect(await address.inputValue()).toMatch(/^postgres:\/\/frontdesk_\w+:\*{8}@127\.0\.0\.1:/);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toMatch(/Connected/);
    // Pointed at another server, the masked address does not take the stored password there.
    const masked = await address.inputValue();
    await address.fill(masked.replace('127.0.0.1', 'other-host'));
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => form.locator('.su-field__error').textContent()).toMatch(/Type the hub password again/);
    await address.fill(masked);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toMatch(/Connected/);
    // The web host keeps passwords without an OS keychain, and the desk says so where they are entered.
    expect(await page.getByRole('note').filter({ hasText: 'This computer has no keychain.' }).count()).toBe(1);
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

    const move = card.getByRole('button').first();
    await move.click();
    await card.waitFor({ state: 'detached' });
    await expect.poll(() => indicator.textContent(), { timeout: 20_000 }).toBe('Up to date');
    await c.end();
    const sup2 = new pg.Client({ connectionString: hub.superUrl });
    await sup2.connect();
    const rows = await sup2.query<{ id: string; start_at: string }>('SELECT id, start_at FROM frontdesk.hub_appointments ORDER BY start_at');
    await sup2.end();
    expect(rows.rows.map((r) => r.id).sort()).toEqual([visit.id, competing.id].sort());
    const moved = rows.rows.find((r) => r.id === visit.id)!;
    expect(Number(moved.start_at)).not.toBe(visit.startAt);
    await saveScreenshot(page, 'sync-resolved');
    expect(errors).toEqual([]);
  }, 180_000);
});

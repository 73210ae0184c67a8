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
import { createEventBus } from '../../src-main/core/events';

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');

/**
 * The Sync section in Chromium through the web host, with a real PostgreSQL
 * hub: the secure default refusing a hub without TLS, `sslmode` in the
 * address refused at the field, joining with an enrollment code, three visits
 * booked here while another desk (its own enrolled role) took their times at
 * the hub, each conflict shown with the visit that keeps the time (its desk,
 * not its patient) and free times; one rebooked to a suggested free time, then
 * the other two moved at once to their first suggested time, with progress,
 * confirmed by the hub.
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

  it('connects to the hub, shows the visits another desk took meanwhile, rebooks one and moves the rest at once', async () => {
    const hub = await pgServer.createHub('deskhub');
    const admin = { url: hub.adminUrl, tls: 'disable' as const, ca: null };
    const { code } = await enrollHubDesk(admin, { name: 'Front desk', address: '' });
    const otherDesk = await hub.enroll('Other desk');
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    const [mine, theirs, mine2, mine3] = somePatients(host.dbFile, 4, 40);
    const provider = providerNamed(host.dbFile, 'Goldberg');
    const typeId = readDb(host.dbFile, (db) => db.prepare(`SELECT id FROM appointment_types WHERE name = 'Follow-up visit'`).pluck().get() as string);

    // This desk books a visit before it has a hub (its change waits in the queue) …
    const db = openHostDb(host.dbFile);
    const deviceId = JSON.parse(db.prepare(`SELECT value FROM settings WHERE key = 'deviceId'`).pluck().get() as string) as string;
    const ctx = { db, clock: new FixedClock(NOW.getTime()), actor: { user: 'e2e', device: deviceId }, events: createEventBus() };
    const visits: AppointmentDto[] = (
      [
        [mine!, '2025-11-26'],
        [mine2!, '2025-11-25'],
        [mine3!, '2025-11-27'],
      ] as const
    ).map(([patient, day]) => {
      const slot = nextAvailableFor(db, ctx.clock, { typeId, who: { kind: 'provider', providerId: provider.id }, fromDate: day, count: 1 }).slots[0]!;
      return book(ctx, { patientId: patient.id, providerId: provider.id, locationId: slot.locationId, typeId, startAt: slot.start });
    });
    const visit = visits[0]!;
    db.close();
    // The hub already knows this clinic's set-up and patients (the demo clinic is never sent to a hub, so they are put there directly) …
    const sup = new pg.Client({ connectionString: hub.superUrl });
    await sup.connect();
    const known = new Set<string>([`provider ${provider.id}`, `appointment_type ${typeId}`, `patient ${theirs!.id}`]);
    for (const v of visits) {
      known.add(`location ${v.locationId}`).add(`patient ${v.patientId}`);
      if (v.roomId) known.add(`room ${v.roomId}`);
    }
    for (const k of known) await sup.query(`INSERT INTO frontdesk.hub_entities (entity_type, entity_id, snapshot) VALUES ($1, $2, '{}')`, k.split(' '));
    const [other] = (await sup.query<{ desk_id: string }>(`SELECT desk_id FROM frontdesk.hub_desks WHERE name = 'Other desk'`)).rows;
    await sup.end();
    // … and another desk, through its own enrolled role, already holds that provider 5 minutes later on each of those days.
    const later = (v: AppointmentDto) => ({ ...v, id: newId(), patientId: theirs!.id, startAt: v.startAt + 5 * 60_000, endAt: v.endAt + 5 * 60_000, busyStartAt: v.busyStartAt + 5 * 60_000, busyEndAt: v.busyEndAt + 5 * 60_000, baseVersion: 0 });
    const competing = visits.map(later);
    const c = new pg.Client({ connectionString: otherDesk });
    c.on('error', () => undefined);
    await c.connect();
    const pushed = await c.query<{ r: Array<{ outcome: string }> }>('SELECT frontdesk_api.push($1::jsonb) AS r', [
      JSON.stringify(competing.map((x) => ({ key: newId(), entityType: 'appointment', entityId: x.id, operation: 'appointment.book', payload: x }))),
    ]);
    expect(pushed.rows[0]!.r.map((x) => x.outcome)).toEqual(['applied', 'applied', 'applied']);
    const otherCode = other!.desk_id.replace(/-/g, '').slice(-4).toUpperCase();

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
    await expect.poll(() => indicator.textContent(), { timeout: 20_000 }).toBe('3 conflicts');
    const card = page.getByRole('listitem', { name: new RegExp(`Conflict: ${mine!.givenName} ${mine!.familyName}`) });
    await card.waitFor();
    // The clash names the desk that booked it (as the hub enrolled it) once that visit has been pulled here.
    await expect.poll(async () => (await card.textContent()) ?? '', { timeout: 15_000 }).toContain(`on desk ${otherCode}`);
    const text = (await card.textContent()) ?? '';
    expect(text).toContain(provider.name);
    expect(text).toMatch(/Kept by the visit that reached the hub first/);
    expect(text).toMatch(/With .*:/);
    expect(text).not.toContain(theirs!.familyName);
    // The address shown back has its password masked; testing it as shown uses the stored one.
    expect(await address.inputValue()).toMatch(/^postgres:\/\/frontdesk_\w+:\*{8}@127\.0\.0\.1:/);
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toMatch(/Connected/);
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

    // One at a time: its first suggested time, confirmed by the hub.
    await card.locator('.sync-conflict__actions').first().getByRole('button').first().click();
    await card.waitFor({ state: 'detached' });
    await expect.poll(() => indicator.textContent(), { timeout: 20_000 }).toBe('2 conflicts');

    // The other two at once, each to its first suggested time, with progress, confirmed by the hub.
    await page.getByRole('button', { name: 'Move all 2 to their first suggested time' }).click();
    await expect.poll(() => page.getByText(/^Last run:/).textContent(), { timeout: 30_000 }).toBe('Last run: 2 confirmed by the hub.');
    expect(await page.getByRole('list', { name: 'Recently settled' }).textContent()).toMatch(/the clinic hub confirmed it/);
    await expect.poll(() => indicator.textContent(), { timeout: 20_000 }).toBe('Up to date');
    await c.end();
    const sup2 = new pg.Client({ connectionString: hub.superUrl });
    await sup2.connect();
    const rows = await sup2.query<{ id: string; start_at: string }>('SELECT id, start_at FROM frontdesk.hub_appointments ORDER BY start_at');
    await sup2.end();
    expect(rows.rows.map((r) => r.id).sort()).toEqual([...visits, ...competing].map((v) => v.id).sort());
    for (const v of visits) expect(Number(rows.rows.find((r) => r.id === v.id)!.start_at)).not.toBe(v.startAt);
    await saveScreenshot(page, 'sync-resolved');

    // The desk's audit trail (the demo clinic's thousands of entries and its own) went to the hub as well …
    await expect
      .poll(() => page.locator('.au-hub-line').textContent(), { timeout: 30_000 })
      .toMatch(/^Audit trail: stored at the clinic hub up to Mon, Nov 24, 2025, \d{1,2}:\d{2}\s?[AP]M\.( [\d,]+ entr(y|ies) waiting to be sent\.)?$/);
    await page.locator('.au-hub-line').scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'sync-audit-line');
    // … and a manager checks the hub's copy against the desk's own.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Audit' }).click();
    const audit = page.getByRole('main');
    await audit.getByRole('button', { name: 'Check the hub’s copy' }).click();
    await audit.getByText(/^The clinic hub’s copy matches this desk: [\d,]+ entries, the latest from /).waitFor({ timeout: 20_000 });
    await saveScreenshot(page, 'audit-hub-copy');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);
});

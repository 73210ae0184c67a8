import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { book } from '@main/core/booking';
import { updateReminderDeliverySettings } from '@main/core/reminders/delivery-settings';
import { createReminderRunner } from '@main/reminder-delivery/runner';
import { createHubReminderClaimer } from '@main/sync/reminder-claims';
import { FixedClock } from '@main/platform/clock';
import { localInstant, NOW } from '../../helpers/clinic-fixture';
import { startPostgres, type TestHub, type TestPostgres } from '../../helpers/postgres';
import { buildTemplate, cloneDesk, drain, openDesk, seedHub, type Desk } from '../../helpers/sync-desk';
import { startTcpProxy, type TcpProxy } from '../../helpers/tcp-proxy';
import { setContact, silentLogger, startSmtp, type TestSmtp } from '../reminders/support';

/**
 * Reminders exactly once across desks: two desks of one clinic,
 * each with its own reminder runner, a real PostgreSQL hub deciding which desk
 * sends, and a real SMTP server counting the mails. The hub is reached through
 * a TCP proxy, so it can be taken away for real.
 */
let pgServer: TestPostgres;
let smtp: TestSmtp;
let dir: string;
let template: ReturnType<typeof buildTemplate>;
const open: Desk[] = [];
const proxies: TcpProxy[] = [];

beforeAll(async () => {
  pgServer = await startPostgres();
  smtp = await startSmtp();
  dir = mkdtempSync(join(tmpdir(), 'frontdesk-claims-'));
  template = buildTemplate(dir);
}, 60_000);

afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
  for (const p of proxies.splice(0)) await p.close();
});

afterAll(async () => {
  await smtp?.close();
  pgServer?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A hub with the template clinic on it. */
async function clinicHub(name: string): Promise<TestHub> {
  const hub = await pgServer.createHub(name);
  await seedHub(template.file, dir, await hub.enroll('Seed desk'));
  return hub;
}

async function deskWithRunner(name: string, hub: TestHub, clock: FixedClock) {
  const proxy = await startTcpProxy(pgServer.port);
  proxies.push(proxy);
  const hubUrl = await hub.enroll(name);
  const d = openDesk(cloneDesk(template.file, dir, name), hubUrl.replace(`:${pgServer.port}/`, `:${proxy.port}/`), { clock });
  open.push(d);
  updateReminderDeliverySettings(d.ctx, { email: { host: '127.0.0.1', port: smtp.port, tls: 'none', from: 'reminders@clinic.example' } });
  const runner = createReminderRunner(
    { core: () => d.ctx, logger: silentLogger, onChanged: () => undefined },
    { random: () => 0.5, smtpTimeoutMs: 5_000, claimer: createHubReminderClaimer(() => d.engine) },
  );
  return { desk: d, runner, proxy };
}

/** Ann's checkup booked on desk A, sent to the hub and pulled by desk B (which arms its own reminder rows). */
async function bookOnAShareWithB(a: Desk, b: Desk, provider: 'smith' | 'jones', startAt: number) {
  const f = template.fixture;
  const visit = book(a.ctx, { patientId: f.patients.ann, providerId: f.providers[provider].id, locationId: f.main.id, typeId: f.types.checkup.id, startAt });
  a.engine.start();
  b.engine.start();
  await drain(a);
  await b.engine.cycle(5_000);
  // Ann's e-mail is entered on each desk after it received the clinic's patients from the hub.
  for (const d of [a, b]) setContact(d.db, f.patients.ann, { email: 'ann@example.org', preferred: 'email' });
  return visit;
}

const stateOf = (d: Desk, appointmentId: string, offsetMin: number) =>
  d.db.prepare(`SELECT state FROM reminders WHERE appointment_id = ? AND offset_min = ? ORDER BY updated_at DESC LIMIT 1`).pluck().get(appointmentId, offsetMin);

describe('reminders with a clinic hub', () => {
  it('two desks running at the same moment send each reminder once; the other desk shows it sent', async () => {
    const hubUrl = await clinicHub('claims1');
    const clock = new FixedClock(NOW);
    const a = await deskWithRunner('a1', hubUrl, clock);
    const b = await deskWithRunner('b1', hubUrl, clock);
    const visit = await bookOnAShareWithB(a.desk, b.desk, 'smith', localInstant('2025-03-05', '10:00'));
    expect(stateOf(b.desk, visit.id, 1440)).toBe('scheduled'); // B pulled the visit and armed its reminders

    const before = smtp.mails.length;
    clock.set(localInstant('2025-03-04', '10:00'));
    const [ra, rb] = await Promise.all([a.runner.runOnce(), b.runner.runOnce()]);
    expect(ra.sent + rb.sent).toBe(1);
    expect(smtp.mails.length - before).toBe(1);
    // The desk that did not send learns it on its next look.
    const other = ra.sent === 1 ? b : a;
    clock.advance(6 * 60_000);
    await other.runner.runOnce();
    expect(stateOf(a.desk, visit.id, 1440)).toBe('sent');
    expect(stateOf(b.desk, visit.id, 1440)).toBe('sent');
    expect(smtp.mails.length - before).toBe(1);
  });

  it('while the hub is away nothing is sent; when it is back the reminder goes out once', async () => {
    const hubUrl = await clinicHub('claims2');
    const clock = new FixedClock(NOW);
    const a = await deskWithRunner('a2', hubUrl, clock);
    const b = await deskWithRunner('b2', hubUrl, clock);
    const visit = await bookOnAShareWithB(a.desk, b.desk, 'jones', localInstant('2025-03-06', '11:00'));

    const before = smtp.mails.length;
    a.proxy.setDown(true);
    b.proxy.setDown(true);
    await Promise.all([a.desk.engine.cycle(3_000), b.desk.engine.cycle(3_000)]);
    clock.set(localInstant('2025-03-05', '11:00'));
    await Promise.all([a.runner.runOnce(), b.runner.runOnce()]);
    expect(smtp.mails.length - before).toBe(0);

    a.proxy.setDown(false);
    b.proxy.setDown(false);
    await Promise.all([a.desk.engine.cycle(5_000), b.desk.engine.cycle(5_000)]);
    clock.advance(6 * 60_000); // the "not ours" recheck has come round
    await Promise.all([a.runner.runOnce(), b.runner.runOnce()]);
    clock.advance(6 * 60_000);
    await Promise.all([a.runner.runOnce(), b.runner.runOnce()]);
    expect(smtp.mails.length - before).toBe(1);
    expect([stateOf(a.desk, visit.id, 1440), stateOf(b.desk, visit.id, 1440)]).toEqual(['sent', 'sent']);
  });
});

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { book, cancel, reschedule } from '@main/core/booking';
import { updateClinicSettings } from '@main/core/clinic';
import { updateReminderDeliverySettings } from '@main/core/reminders/delivery-settings';
import { listRemindersForAppointment } from '@main/core/reminders/queries';
import { claimForSending, recordOutcome, resendReminder, scanDueReminders } from '@main/core/reminders/state';
import type { AppointmentId, EpochMs, PatientId } from '@shared/domain/ids';
import type { UpdateReminderDeliveryInput } from '@shared/schemas/reminders';
import { buildClinic, localInstant, type ClinicFixture } from '../../helpers/clinic-fixture';
import { expectAppError } from '../../helpers/expect-error';
import { openTempDb } from '../../helpers/tempdb';
import { reminderRows, setContact, startGateway, startSmtp, testRunner, type TestGateway, type TestSmtp } from './support';

/**
 * The reminder runner against a real SQLite file, a real SMTP server
 * (smtp-server, mails parsed with mailparser) and a local HTTP server playing
 * the SMS gateway. The clock is pinned and moved by hand: each `runOnce()` is
 * one pass of the runner at that moment.
 */

let t: ReturnType<typeof openTempDb>;
let f: ClinicFixture;
let smtp: TestSmtp;
let gw: TestGateway;

beforeEach(async () => {
  t = openTempDb();
  f = buildClinic(t.db, { openAllDay: true });
  smtp = await startSmtp();
  gw = await startGateway();
});
afterEach(async () => {
  await smtp.close();
  await gw.close();
  t.cleanup();
});

const day = (date: string) => (time: string) => localInstant(date, time);
const tue = day('2025-03-04');
const wed = day('2025-03-05');
const MIN = 60_000;

function configure(extra: UpdateReminderDeliveryInput = {}): void {
  updateReminderDeliverySettings(f.ctx, {
    email: { host: '127.0.0.1', port: smtp.port, tls: 'none', from: 'reminders@clinic.example' },
    sms: { kind: 'twilio', baseUrl: gw.url, accountSid: 'AC123', from: '+15550000' },
    smsToken: 'secret-token',
    ...extra,
  });
}

function bookVisit(patientId: PatientId, startAt: EpochMs, over: { providerId?: string; note?: string } = {}): AppointmentId {
  return book(f.ctx, {
    patientId,
    providerId: (over.providerId ?? f.providers.smith.id) as never,
    locationId: f.main.id,
    typeId: f.types.cleaning.id,
    startAt,
    note: over.note ?? 'Root canal follow-up; very anxious',
  }).id;
}

const FORBIDDEN_WORDS = ['Cleaning', 'Root canal', 'anxious', 'Smith', 'Archer', 'Baker', 'D1110', 'Op 1'];
function expectNeutral(text: string): void {
  for (const w of FORBIDDEN_WORDS) expect(text).not.toContain(w);
}

const attemptsLog = (id: string) =>
  t.db.prepare(`SELECT outcome, reason FROM reminder_attempts WHERE reminder_id = ? ORDER BY id`).all(id) as Array<{ outcome: string; reason: string | null }>;

describe('e-mail reminders over SMTP', () => {
  it('sends the 24 h and the 1 h reminder once each, with neutral content', async () => {
    configure();
    setContact(t.db, f.patients.ann, { email: 'ann@example.org', preferred: 'email' });
    const id = bookVisit(f.patients.ann, wed('10:00'));
    const { runner, changes } = testRunner(f.ctx);

    f.ctx.clock.set(tue('09:59'));
    expect((await runner.runOnce()).sent).toBe(0);
    f.ctx.clock.set(tue('10:00'));
    expect((await runner.runOnce()).sent).toBe(1);
    expect(smtp.mails).toHaveLength(1);
    const mail = smtp.mails[0]!;
    expect(mail.subject).toBe('Appointment reminder: Wednesday, March 5 at 10:00 AM');
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('ann@example.org');
    expect(mail.from?.text).toBe('reminders@clinic.example');
    expect(mail.text?.trim()).toBe(
      'Hello Ann,\n\nThis is a reminder of your appointment on Wednesday, March 5 at 10:00 AM at Main Street.\n\nTo confirm or cancel, please call 555-0100.',
    );
    expectNeutral(`${mail.subject}\n${mail.text}`);
    const [day24, hour1] = reminderRows(t.db, id);
    expect(day24).toMatchObject({ offsetMin: 1440, state: 'sent', channel: 'email', attempts: 1, late: 0 });
    expect(mail.messageId).toBe(`<reminder-${day24!.id}@clinic.example>`);
    expect(hour1).toMatchObject({ offsetMin: 60, state: 'scheduled' });
    expect(changes.flat()).toContain(id);

    expect((await runner.runOnce()).sent).toBe(0); // nothing twice
    f.ctx.clock.set(wed('09:00'));
    await runner.runOnce();
    await runner.runOnce();
    expect(smtp.mails).toHaveLength(2);
    expect(reminderRows(t.db, id).map((r) => r.state)).toEqual(['sent', 'sent']);
    expect(attemptsLog(day24!.id)).toEqual([{ outcome: 'sent', reason: null }]);
  });

  it('records a refused address and a refused sign-in as failed, with reasons that quote no address', async () => {
    configure();
    setContact(t.db, f.patients.ann, { email: 'gone@example.org', preferred: 'email' });
    updateClinicSettings(f.ctx, { reminderOffsetsMin: [60] });
    smtp.reject.add('gone@example.org');
    const id = bookVisit(f.patients.ann, wed('10:00'));
    const { runner } = testRunner(f.ctx);
    f.ctx.clock.set(wed('09:00'));
    await runner.runOnce();
    const [r] = listRemindersForAppointment(t.db, id);
    expect(r).toMatchObject({ state: 'failed', failureReason: "The mail server refused the patient's e-mail address (550)." });
    expect(JSON.stringify(r)).not.toContain('gone@');

    // The desk fixes the address and sends it again.
    smtp.reject.clear();
    expect(resendReminder(f.ctx, { reminderId: r!.id })).toMatchObject({ state: 'scheduled', failureReason: null });
    await runner.runOnce();
    expect(smtp.mails).toHaveLength(1);
    expect(listRemindersForAppointment(t.db, id)[0]).toMatchObject({ state: 'sent', late: false });
    expect(attemptsLog(r!.id).map((a) => a.outcome)).toEqual(['failed', 'resend', 'sent']);
  });

  it('signs in with the stored password and fails clearly with a wrong one', async () => {
    const authed = await startSmtp({ auth: { user: 'desk', pass: 'right' } });
    try {
      updateReminderDeliverySettings(f.ctx, {
        email: { host: '127.0.0.1', port: authed.port, tls: 'none', user: 'desk', from: 'reminders@clinic.example' },
        smtpPassword: 'wrong',
      });
      updateClinicSettings(f.ctx, { reminderOffsetsMin: [60] });
      setContact(t.db, f.patients.ann, { email: 'ann@example.org', preferred: 'email' });
      const id = bookVisit(f.patients.ann, wed('10:00'));
      const { runner } = testRunner(f.ctx);
      f.ctx.clock.set(wed('09:00'));
      await runner.runOnce();
      const [r] = listRemindersForAppointment(t.db, id);
      expect(r?.state).toBe('failed');
      expect(r?.failureReason).toMatch(/refused the sign-in/);

      updateReminderDeliverySettings(f.ctx, { smtpPassword: 'right' });
      resendReminder(f.ctx, { reminderId: r!.id });
      await runner.runOnce();
      expect(authed.mails).toHaveLength(1);
      expect(listRemindersForAppointment(t.db, id)[0]?.state).toBe('sent');
    } finally {
      await authed.close();
    }
  });
});

describe('SMS through the HTTP gateway', () => {
  beforeEach(() => updateClinicSettings(f.ctx, { reminderOffsetsMin: [60] }));

  it('posts a Twilio-style form with basic auth and a neutral body', async () => {
    configure();
    const id = bookVisit(f.patients.bob, wed('10:00'));
    const { runner } = testRunner(f.ctx);
    f.ctx.clock.set(wed('09:00'));
    await runner.runOnce();
    expect(gw.requests).toHaveLength(1);
    const req = gw.requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('/2010-04-01/Accounts/AC123/Messages.json');
    expect(req.headers.authorization).toBe(`Basic ${Buffer.from('AC123:secret-token').toString('base64')}`);
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    const form = new URLSearchParams(req.body);
    expect(form.get('To')).toBe('5550102');
    expect(form.get('From')).toBe('+15550000');
    expect(form.get('Body')).toBe(
      'Hi Bob, a reminder of your appointment on Wednesday, March 5 at 10:00 AM at Main Street. To confirm or cancel, call 555-0100.',
    );
    expectNeutral(req.body);
    expect(reminderRows(t.db, id)[0]).toMatchObject({ state: 'sent', channel: 'sms', attempts: 1 });
  });

  it('retries a failing gateway with backoff, then sends', async () => {
    configure();
    gw.script.push(500, 503);
    const id = bookVisit(f.patients.bob, wed('10:00'));
    const { runner } = testRunner(f.ctx); // random() = 0.5: waits of 30 s, then 60 s
    f.ctx.clock.set(wed('09:00'));
    expect((await runner.runOnce()).retrying).toBe(1);
    let [r] = reminderRows(t.db, id);
    expect(r).toMatchObject({ state: 'scheduled', attempts: 1, lastError: 'The SMS gateway had a problem (500).', nextAttemptAt: wed('09:00') + 30_000 });
    expect(listRemindersForAppointment(t.db, id)[0]?.failureReason).toBe('The SMS gateway had a problem (500).');

    await runner.runOnce(); // still waiting
    expect(gw.requests).toHaveLength(1);
    f.ctx.clock.advance(30_000);
    await runner.runOnce();
    [r] = reminderRows(t.db, id);
    expect(r).toMatchObject({ state: 'scheduled', attempts: 2, nextAttemptAt: wed('09:00') + 30_000 + 60_000 });
    f.ctx.clock.advance(60_000);
    expect((await runner.runOnce()).sent).toBe(1);
    expect(gw.requests).toHaveLength(3);
    expect(reminderRows(t.db, id)[0]).toMatchObject({ state: 'sent', attempts: 3, lastError: null });
    expect(attemptsLog(r!.id).map((a) => a.outcome)).toEqual(['retry', 'retry', 'sent']);
  });

  it('gives up after the last attempt, and fails at once on a refusal that retrying cannot fix', async () => {
    configure();
    gw.fallback = 503;
    const a = bookVisit(f.patients.bob, wed('10:00'));
    const { runner } = testRunner(f.ctx, { retry: { maxAttempts: 2, baseMs: 1_000, capMs: 1_000 } });
    f.ctx.clock.set(wed('09:00'));
    await runner.runOnce();
    f.ctx.clock.advance(1_000);
    await runner.runOnce();
    expect(listRemindersForAppointment(t.db, a)[0]).toMatchObject({
      state: 'failed',
      attempts: 2,
      failureReason: 'The SMS gateway had a problem (503). Gave up after 2 attempts.',
    });

    gw.fallback = 400;
    const b = bookVisit(f.patients.ann, wed('11:00'), { providerId: f.providers.jones.id });
    f.ctx.clock.set(wed('10:00'));
    await runner.runOnce();
    expect(listRemindersForAppointment(t.db, b)[0]).toMatchObject({ state: 'failed', attempts: 1 });
    expect(listRemindersForAppointment(t.db, b)[0]?.failureReason).toMatch(/refused the message \(400\)/);
  });

  it('treats a gateway that does not answer in time as a retry, and waits for a slow one', async () => {
    configure();
    gw.script.push('hang', { status: 201, delayMs: 300 });
    const id = bookVisit(f.patients.bob, wed('10:00'));
    const { runner } = testRunner(f.ctx, { smsTimeoutMs: 1_000 });
    f.ctx.clock.set(wed('09:00'));
    const started = Date.now();
    await runner.runOnce();
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(reminderRows(t.db, id)[0]).toMatchObject({ state: 'scheduled', lastError: 'The SMS gateway did not answer within 1 s.' });
    f.ctx.clock.advance(30_000);
    await runner.runOnce(); // answers after 300 ms: still inside the timeout
    expect(reminderRows(t.db, id)[0]).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('posts JSON to a generic webhook with a bearer token and the same idempotency key on every attempt', async () => {
    configure({ sms: { kind: 'webhook', url: `${gw.url}/hooks/sms`, from: 'CLINIC' }, smsToken: 'hook-token' });
    gw.script.push(502);
    const id = bookVisit(f.patients.bob, wed('10:00'));
    const { runner } = testRunner(f.ctx);
    f.ctx.clock.set(wed('09:00'));
    await runner.runOnce();
    f.ctx.clock.advance(30_000);
    await runner.runOnce();
    expect(gw.requests).toHaveLength(2);
    const [first, second] = gw.requests;
    expect(first!.url).toBe('/hooks/sms');
    expect(first!.headers.authorization).toBe('Bearer hook-token');
    const body = JSON.parse(first!.body) as Record<string, string>;
    const reminderId = reminderRows(t.db, id)[0]!.id;
    expect(body).toEqual({
      to: '5550102',
      from: 'CLINIC',
      body: 'Hi Bob, a reminder of your appointment on Wednesday, March 5 at 10:00 AM at Main Street. To confirm or cancel, call 555-0100.',
      reference: `reminder-${reminderId}`,
    });
    expect(first!.headers['idempotency-key']).toBe(`reminder-${reminderId}`);
    expect(second!.headers['idempotency-key']).toBe(`reminder-${reminderId}`);
    expect(reminderRows(t.db, id)[0]?.state).toBe('sent');
  });
});

describe('who gets what', () => {
  beforeEach(() => updateClinicSettings(f.ctx, { reminderOffsetsMin: [60] }));

  it('honours opt-outs and the preferred channel, falling back to the other channel only when allowed', async () => {
    configure();
    setContact(t.db, f.patients.ann, { email: 'ann@example.org', preferred: 'sms', smsOptOut: true });
    setContact(t.db, f.patients.bob, { email: 'bob@example.org', preferred: 'none' });
    const viaEmail = bookVisit(f.patients.ann, wed('10:00'));
    const none = bookVisit(f.patients.bob, wed('10:00'), { providerId: f.providers.jones.id });
    const nothing = bookVisit(f.patients.cyd, wed('11:00'));
    f.ctx.clock.set(wed('10:00') - 60 * MIN);
    const { runner } = testRunner(f.ctx);
    await runner.runOnce();
    expect(smtp.mails).toHaveLength(1);
    expect(gw.requests).toHaveLength(0);
    expect(reminderRows(t.db, viaEmail)[0]).toMatchObject({ state: 'sent', channel: 'email' });
    expect(listRemindersForAppointment(t.db, none)[0]).toMatchObject({ state: 'skipped', skipReason: 'The patient asked not to receive reminders.' });

    f.ctx.clock.set(wed('10:00'));
    await runner.runOnce();
    expect(listRemindersForAppointment(t.db, nothing)[0]).toMatchObject({
      state: 'skipped',
      skipReason: 'Not sent — no mobile number; no e-mail address.',
    });

    setContact(t.db, f.patients.ann, { emailOptOut: true });
    const optedOut = bookVisit(f.patients.ann, wed('12:00'));
    f.ctx.clock.set(wed('11:00'));
    await runner.runOnce();
    expect(listRemindersForAppointment(t.db, optedOut)[0]?.skipReason).toBe('Not sent — opted out of text messages; opted out of e-mail.');
    expect(smtp.mails).toHaveLength(1);
  });

  it('says so when a channel is not set up', async () => {
    const id = bookVisit(f.patients.bob, wed('10:00'));
    const { runner } = testRunner(f.ctx);
    f.ctx.clock.set(wed('09:00'));
    await runner.runOnce();
    expect(listRemindersForAppointment(t.db, id)[0]?.skipReason).toBe('Not sent — text messages not set up for this clinic; no e-mail address.');
  });

  it('uses an appointment type\'s own cadence for visits booked after it is set', () => {
    updateReminderDeliverySettings(f.ctx, { typeCadences: [{ typeId: f.types.cleaning.id, offsetsMin: [120, 2880] }] });
    const cleaning = bookVisit(f.patients.ann, wed('10:00'));
    const checkup = book(f.ctx, { patientId: f.patients.bob, providerId: f.providers.jones.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: wed('10:00') }).id;
    expect(reminderRows(t.db, cleaning).map((r) => r.offsetMin)).toEqual([2880, 120]);
    expect(reminderRows(t.db, checkup).map((r) => r.offsetMin)).toEqual([60]);
  });
});

describe('quiet hours for text messages (21:00–08:00 at the location)', () => {
  beforeEach(() => updateClinicSettings(f.ctx, { reminderOffsetsMin: [60] }));

  it('holds an SMS until 08:00 unless the visit comes first; e-mail is not held', async () => {
    configure();
    setContact(t.db, f.patients.cyd, { email: 'cyd@example.org', preferred: 'email' });
    const early = bookVisit(f.patients.bob, wed('07:30'));
    const later = bookVisit(f.patients.ann, wed('08:30'), { providerId: f.providers.jones.id });
    const mail = bookVisit(f.patients.cyd, wed('08:30'));
    const { runner } = testRunner(f.ctx);

    f.ctx.clock.set(wed('06:30'));
    await runner.runOnce();
    expect(reminderRows(t.db, early)[0]?.state).toBe('sent'); // the visit comes before quiet hours end
    f.ctx.clock.set(wed('07:30'));
    await runner.runOnce();
    expect(reminderRows(t.db, later)[0]).toMatchObject({ state: 'scheduled', nextAttemptAt: wed('08:00') });
    expect(reminderRows(t.db, mail)[0]?.state).toBe('sent');
    f.ctx.clock.set(wed('07:59'));
    await runner.runOnce();
    expect(gw.requests).toHaveLength(1);
    f.ctx.clock.set(wed('08:00'));
    await runner.runOnce();
    expect(gw.requests).toHaveLength(2);
    expect(reminderRows(t.db, later)[0]).toMatchObject({ state: 'sent', late: 0 });
  });

  it('keeps the 24 h and 1 h windows and quiet hours right across the spring DST change (America/New_York)', async () => {
    configure();
    updateClinicSettings(f.ctx, { reminderOffsetsMin: [1440, 60] });
    f.ctx.clock.set(localInstant('2025-03-07', '12:00'));
    // Sunday 2025-03-09, clocks jump 02:00 EST → 03:00 EDT. Reminders are 24 h / 1 h of real time before
    // the visit, so a Sunday 07:30 visit's "day before" is Saturday 06:30 on the wall clock.
    const sunday = bookVisit(f.patients.bob, localInstant('2025-03-09', '07:30'));
    const night = bookVisit(f.patients.ann, localInstant('2025-03-09', '03:30'), { providerId: f.providers.jones.id });
    const [s24, s1] = reminderRows(t.db, sunday);
    expect(localInstant('2025-03-09', '07:30') - s24!.dueAt).toBe(24 * 60 * MIN);
    expect(s24!.dueAt).toBe(localInstant('2025-03-08', '06:30'));
    expect(s1!.dueAt).toBe(localInstant('2025-03-09', '06:30'));
    const n1 = reminderRows(t.db, night).find((r) => r.offsetMin === 60)!;
    expect(n1.dueAt).toBe(localInstant('2025-03-09', '01:30')); // 03:30 EDT − 1 h = 01:30 EST

    const { runner } = testRunner(f.ctx);
    f.ctx.clock.set(s24!.dueAt); // Saturday 06:30 EST: quiet, and the visit is tomorrow → held until 08:00 EST
    await runner.runOnce();
    expect(reminderRows(t.db, sunday)[0]).toMatchObject({ state: 'scheduled', nextAttemptAt: localInstant('2025-03-08', '08:00') });
    f.ctx.clock.set(localInstant('2025-03-08', '08:00'));
    await runner.runOnce();
    expect(reminderRows(t.db, sunday)[0]).toMatchObject({ state: 'sent', late: 0 });

    f.ctx.clock.set(n1.dueAt); // 01:30 EST, the visit at 03:30 EDT comes before quiet hours end: sent now
    await runner.runOnce();
    expect(reminderRows(t.db, night).find((r) => r.offsetMin === 60)?.state).toBe('sent');
    f.ctx.clock.set(s1!.dueAt); // 06:30 EDT on the DST day; quiet hours end at 08:00 EDT, after the 07:30 visit
    await runner.runOnce();
    expect(reminderRows(t.db, sunday)[1]?.state).toBe('sent');
    const body = new URLSearchParams(gw.requests.at(-1)!.body).get('Body');
    expect(body).toContain('Sunday, March 9 at 7:30 AM');
  });

  it('ends quiet hours at 08:00 local on the autumn DST day too (a 25-hour night)', async () => {
    configure();
    updateClinicSettings(f.ctx, { reminderOffsetsMin: [1440, 60] });
    f.ctx.clock.set(localInstant('2025-10-31', '12:00'));
    const nine = bookVisit(f.patients.bob, localInstant('2025-11-02', '09:00'));
    const early = bookVisit(f.patients.ann, localInstant('2025-11-02', '08:30'), { providerId: f.providers.jones.id });
    const [n24, n1] = reminderRows(t.db, nine);
    expect(n24!.dueAt).toBe(localInstant('2025-11-01', '10:00')); // 24 h before 09:00 EST is 10:00 EDT the day before
    expect(n1!.dueAt).toBe(localInstant('2025-11-02', '08:00'));
    const e1 = reminderRows(t.db, early)[1]!;

    const { runner } = testRunner(f.ctx);
    f.ctx.clock.set(e1.dueAt); // 07:30 EST: quiet, visit at 08:30 → held until 08:00 EST
    await runner.runOnce();
    expect(reminderRows(t.db, early)[1]).toMatchObject({ state: 'scheduled', nextAttemptAt: localInstant('2025-11-02', '08:00') });
    f.ctx.clock.set(localInstant('2025-11-02', '08:00'));
    await runner.runOnce();
    expect(reminderRows(t.db, early)[1]?.state).toBe('sent');
    expect(reminderRows(t.db, nine)[1]?.state).toBe('sent'); // due exactly as quiet hours end
  });
});

describe('cancelled and rescheduled visits', () => {
  it('sends nothing for a cancelled visit, even if the cancellation raced the runner', async () => {
    configure();
    const cancelled = bookVisit(f.patients.bob, wed('10:00'));
    cancel(f.ctx, { id: cancelled, reason: 'Patient called' });
    const raced = bookVisit(f.patients.ann, wed('10:00'));
    // The visit's status changed under a reminder still marked scheduled (another process mid-change).
    t.db.prepare(`UPDATE appointments SET status = 'cancelled' WHERE id = ?`).run(raced);
    const { runner } = testRunner(f.ctx);
    f.ctx.clock.set(wed('09:00'));
    await runner.runOnce();
    expect(gw.requests).toHaveLength(0);
    expect(reminderRows(t.db, cancelled).map((r) => r.state)).toEqual(['cancelled', 'cancelled']);
    expect(reminderRows(t.db, raced).map((r) => r.state)).toEqual(['cancelled', 'cancelled']);
  });

  it('after a reschedule reminds only the new time', async () => {
    configure();
    updateClinicSettings(f.ctx, { reminderOffsetsMin: [60] });
    const id = bookVisit(f.patients.bob, wed('10:00'));
    reschedule(f.ctx, { id, startAt: wed('15:00') });
    const { runner } = testRunner(f.ctx);
    f.ctx.clock.set(wed('09:00'));
    await runner.runOnce();
    expect(gw.requests).toHaveLength(0);
    f.ctx.clock.set(wed('14:00'));
    await runner.runOnce();
    expect(gw.requests).toHaveLength(1);
    expect(new URLSearchParams(gw.requests[0]!.body).get('Body')).toContain('at 3:00 PM');
    expect(reminderRows(t.db, id).map((r) => r.state).sort()).toEqual(['cancelled', 'sent']);
  });
});

describe('the desk was off', () => {
  it('sends a missed reminder late while the visit is still ahead, and says so', async () => {
    configure();
    const id = bookVisit(f.patients.bob, wed('10:00'));
    const { runner } = testRunner(f.ctx);
    f.ctx.clock.set(tue('13:00')); // 3 h after the 24 h moment
    await runner.runOnce();
    const [r24] = listRemindersForAppointment(t.db, id);
    expect(r24).toMatchObject({ offsetMin: 1440, state: 'sent', late: true });
    f.ctx.clock.set(wed('09:02')); // on time (within the tolerance)
    await runner.runOnce();
    expect(listRemindersForAppointment(t.db, id)[1]).toMatchObject({ offsetMin: 60, state: 'sent', late: false });
  });

  it('sends only the latest of several missed reminders, and none once the visit has started', async () => {
    configure();
    const soon = bookVisit(f.patients.bob, wed('10:00'));
    const gone = bookVisit(f.patients.ann, wed('08:00'), { providerId: f.providers.jones.id });
    const { runner } = testRunner(f.ctx);
    f.ctx.clock.set(wed('09:30')); // off through both moments of `soon`, and past `gone` altogether
    await runner.runOnce();
    expect(gw.requests).toHaveLength(1);
    expect(listRemindersForAppointment(t.db, soon).map((r) => [r.offsetMin, r.state, r.late])).toEqual([
      [1440, 'skipped', false],
      [60, 'sent', true],
    ]);
    expect(listRemindersForAppointment(t.db, soon)[0]?.skipReason).toMatch(/later reminder for this visit/);
    expect(listRemindersForAppointment(t.db, gone).map((r) => r.skipReason)).toEqual([
      'The visit time had passed before the reminder could go out.',
      'The visit time had passed before the reminder could go out.',
    ]);
  });
});

describe('crash safety', () => {
  it('takes back a send left mid-way by a crash once its lease has run out, and sends it once', async () => {
    configure();
    updateClinicSettings(f.ctx, { reminderOffsetsMin: [60] });
    const id = bookVisit(f.patients.bob, wed('10:00'));
    // This runner is already running (its first pass, which takes back its own leases, is behind it) …
    const { runner } = testRunner(f.ctx);
    f.ctx.clock.set(wed('08:59'));
    await runner.runOnce();
    f.ctx.clock.set(wed('09:00'));
    // … when a send claimed at this desk (committed) dies before the gateway answered.
    const [due] = scanDueReminders(t.db, f.ctx.clock.now(), 10);
    const [claim] = claimForSending(t.db, f.ctx.clock.now(), 'test-device', 5 * MIN, [{ row: due!, channel: 'sms', late: false }]);
    expect(reminderRows(t.db, id)[0]).toMatchObject({ state: 'sending', attempts: 1, leaseUntil: wed('09:05') });

    f.ctx.clock.set(wed('09:04'));
    await runner.runOnce(); // lease still held: not sent again
    expect(gw.requests).toHaveLength(0);
    f.ctx.clock.set(wed('09:05'));
    const s = await runner.runOnce();
    expect(s).toMatchObject({ recovered: 1, sent: 1 });
    expect(gw.requests).toHaveLength(1);
    const [r] = reminderRows(t.db, id);
    expect(r).toMatchObject({ state: 'sent', attempts: 2, leaseUntil: null });
    expect(attemptsLog(r!.id).map((a) => a.outcome)).toEqual(['interrupted', 'sent']);

    // The dead desk's claim can no longer write anything.
    expect(recordOutcome(t.db, f.ctx.clock.now(), 'test-device', claim!, { kind: 'failed', reason: 'late news' })).toBe(false);
    expect(reminderRows(t.db, id)[0]?.state).toBe('sent');
    await runner.runOnce();
    expect(gw.requests).toHaveLength(1);
  });

  it('stops promptly with a send in flight and leaves it to be sent again', async () => {
    configure();
    updateClinicSettings(f.ctx, { reminderOffsetsMin: [60] });
    gw.script.push('hang');
    const id = bookVisit(f.patients.bob, wed('10:00'));
    const { runner } = testRunner(f.ctx, { smsTimeoutMs: 30_000 });
    f.ctx.clock.set(wed('09:00'));
    const run = runner.runOnce();
    await vi.waitUntil(() => gw.requests.length > 0, { timeout: 5_000, interval: 10 });
    const started = Date.now();
    await runner.stop();
    await run;
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(reminderRows(t.db, id)[0]).toMatchObject({ state: 'scheduled', attempts: 1, lastError: 'Sending was interrupted; it will be tried again.' });
  });
});

describe('without a hub: each desk sends what it booked', () => {
  it('leaves another desk\'s visits alone, and lays them to rest once the visit has passed', async () => {
    configure();
    updateClinicSettings(f.ctx, { reminderOffsetsMin: [60] });
    const otherDesk = { ...f.ctx, actor: { user: 'reception-2', device: 'other-desk' } };
    const theirs = book(otherDesk, {
      patientId: f.patients.bob,
      providerId: f.providers.smith.id,
      locationId: f.main.id,
      typeId: f.types.checkup.id,
      startAt: wed('10:00'),
    }).id;
    const { runner } = testRunner(f.ctx);
    f.ctx.clock.set(wed('09:00'));
    expect(await runner.runOnce()).toMatchObject({ scanned: 1, notOurs: 1, sent: 0 });
    expect(reminderRows(t.db, theirs)[0]).toMatchObject({ state: 'scheduled', nextAttemptAt: wed('09:05') });
    f.ctx.clock.set(wed('10:00'));
    await runner.runOnce();
    expect(gw.requests).toHaveLength(0);
    expect(listRemindersForAppointment(t.db, theirs)[0]?.skipReason).toMatch(/booked at another desk/);
  });

  it('refuses to resend a reminder of a cancelled or past visit', async () => {
    const id = bookVisit(f.patients.cyd, wed('10:00'));
    const { runner } = testRunner(f.ctx);
    f.ctx.clock.set(wed('09:00'));
    await runner.runOnce();
    const r = listRemindersForAppointment(t.db, id).find((x) => x.offsetMin === 60)!;
    expect(r.state).toBe('skipped');
    f.ctx.clock.set(wed('10:00'));
    expectAppError(() => resendReminder(f.ctx, { reminderId: r.id }), 'CONFLICT');
    expectAppError(() => resendReminder(f.ctx, { reminderId: 'nope' }), 'NOT_FOUND');
  });
});

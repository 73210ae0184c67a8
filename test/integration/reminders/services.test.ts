import { signInManager, TEST_SECRET_COST } from '../../helpers/staff';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PushEvent } from '@main/app/event-bus';
import { startAppServices, type AppServices } from '@main/app/services';
import { updatesNotAvailableHere } from '@main/app/updates';
import { book } from '@main/core/booking';
import { updateClinicSettings } from '@main/core/clinic';
import { openDatabase } from '@main/core/db/open';
import { updateReminderDeliverySettings } from '@main/core/reminders/delivery-settings';
import { createAppHandlerTable } from '@main/ipc/app-table';
import { FixedClock } from '@main/platform/clock';
import { buildClinic, localInstant } from '../../helpers/clinic-fixture';
import { tempDbFile } from '../../helpers/tempdb';
import { setContact, silentLogger, startSmtp, type TestSmtp } from './support';

/** The runner inside the app's composition root: opt-in, started once ready, stopped by close(). */

const caller = { id: 'test:1' };
let temp: ReturnType<typeof tempDbFile>;
let smtp: TestSmtp;
let services: AppServices | null = null;
let appointmentId = '';

beforeEach(async () => {
  temp = tempDbFile();
  smtp = await startSmtp();
  const db = openDatabase(temp.file);
  const f = buildClinic(db, { openAllDay: true });
  // This desk is the one that booked the visit (the fixture's device).
  db.prepare(`INSERT INTO settings (key, value) VALUES ('deviceId', '"test-device"')`).run();
  updateClinicSettings(f.ctx, { reminderOffsetsMin: [60] });
  updateReminderDeliverySettings(f.ctx, {
    email: { host: '127.0.0.1', port: smtp.port, tls: 'none', user: 'desk', from: 'reminders@clinic.example' },
    smtpPassword: 'never-shown',
  });
  setContact(db, f.patients.ann, { email: 'ann@example.org', preferred: 'email' });
  appointmentId = book(f.ctx, {
    patientId: f.patients.ann,
    providerId: f.providers.smith.id,
    locationId: f.main.id,
    typeId: f.types.checkup.id,
    startAt: localInstant('2025-03-05', '10:00'),
  }).id;
  db.close();
});

afterEach(async () => {
  await services?.close();
  services = null;
  await smtp.close();
  temp.cleanup();
});

function start(withRunner: boolean) {
  const events: PushEvent[] = [];
  services = startAppServices({
    dbFile: temp.file,
    clock: new FixedClock(localInstant('2025-03-05', '09:00')),
    logger: silentLogger,
    appVersion: 'test',
    user: 'front-desk',
    secretCost: TEST_SECRET_COST,
    demo: null,
    updates: () => updatesNotAvailableHere('not here'),
    ...(withRunner ? { reminders: { intervalMs: 60_000 } } : {}),
  });
  services.events.subscribe((e) => events.push(e));
  return { services, events, table: createAppHandlerTable(services) };
}

describe('the reminder runner in the app', () => {
  it('sends due reminders once the app is ready, pushes reminders/changed, and stops on close', async () => {
    const { services: s, events, table } = start(true);
    await s.started();
    await signInManager(s);
    await expect.poll(() => smtp.mails.length, { timeout: 5_000 }).toBe(1);
    await expect
      .poll(() => events.some((e) => e.name === 'reminders/changed' && e.payload.appointmentIds.includes(appointmentId as never)))
      .toBe(true);
    const settings = await table.invoke('reminders/get-delivery-settings', {}, caller);
    expect(settings).toMatchObject({ ok: true, data: { secrets: { smtpPassword: true, smsToken: false } } });
    expect(JSON.stringify(settings)).not.toContain('never-shown');
    expect(await table.invoke('reminders/resend', { reminderId: 'missing' }, caller)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    expect(await table.invoke('reminders/preview-template', { templates: { emailSubject: '{notes}', emailBody: 'x', smsBody: 'y' } }, caller)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ path: 'templates.emailSubject' }] } },
    });
    await s.close();
    services = null;
  });

  it('does not run unless the app asks for it', async () => {
    const { services: s } = start(false);
    await s.started();
    expect(s.reminders).toBeNull();
    // Over the app's whole life, from ready to closed, the due reminder stays unsent.
    await s.close();
    services = null;
    expect(smtp.mails).toHaveLength(0);
    const db = openDatabase(temp.file);
    expect(db.prepare(`SELECT state, attempts FROM reminders WHERE appointment_id = ?`).all(appointmentId)).toEqual([{ state: 'scheduled', attempts: 0 }]);
    db.close();
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book, getAppointment } from '@main/core/booking';
import { updateAppointmentType, updateClinicSettings } from '@main/core/clinic';
import type { AppointmentsChangedEvent } from '@main/core/events';
import type { BookInput } from '@shared/schemas/booking';
import { buildClinic, localInstant, NOW, rowCounts, type ClinicFixture } from '../../../helpers/clinic-fixture';
import { expectAppError } from '../../../helpers/expect-error';
import { openTempDb } from '../../../helpers/tempdb';

let t: ReturnType<typeof openTempDb>;
let f: ClinicFixture;
beforeEach(() => {
  t = openTempDb();
  f = buildClinic(t.db);
});
afterEach(() => t.cleanup());

const tue = (time: string) => localInstant('2025-03-04', time);
const input = (over: Partial<BookInput> = {}): BookInput => ({
  patientId: f.patients.ann,
  providerId: f.providers.smith.id,
  locationId: f.main.id,
  typeId: f.types.checkup.id,
  startAt: tue('09:00'),
  ...over,
});

describe('book', () => {
  it('writes the visit, its reminders, audit and outbox rows, then tells listeners', () => {
    const events: AppointmentsChangedEvent[] = [];
    let seenInDb = -1;
    const off = f.ctx.events.on('appointments/changed', (e) => {
      events.push(e);
      seenInDb = rowCounts(t.db).appointments; // listeners run after commit
    });
    const before = rowCounts(t.db);
    const a = book(f.ctx, input({ typeId: f.types.cleaning.id, note: 'Prefers the window seat' }));
    off();

    expect(a).toMatchObject({
      patientId: f.patients.ann,
      providerId: f.providers.smith.id,
      locationId: f.main.id,
      roomId: f.rooms.op1.id,
      typeId: f.types.cleaning.id,
      startAt: tue('09:00'),
      endAt: tue('09:45'),
      busyStartAt: tue('08:55'),
      busyEndAt: tue('09:55'),
      status: 'booked',
      cancelReason: null,
      teamId: null,
      note: 'Prefers the window seat',
      version: 1,
      createdAt: NOW,
      updatedAt: NOW,
    });
    expect(getAppointment(t.db, { id: a.id })).toEqual(a);
    expect(rowCounts(t.db)).toEqual({
      appointments: before.appointments + 1,
      reminders: before.reminders + 2,
      audit: before.audit + 1,
      outbox: before.outbox + 1,
    });

    const reminders = t.db
      .prepare(`SELECT offset_min AS offsetMin, due_at AS dueAt, state FROM reminders WHERE appointment_id = ? ORDER BY due_at`)
      .all(a.id);
    expect(reminders).toEqual([
      { offsetMin: 1440, dueAt: tue('09:00') - 86_400_000, state: 'scheduled' },
      { offsetMin: 60, dueAt: tue('08:00'), state: 'scheduled' },
    ]);

    const audit = t.db.prepare(`SELECT * FROM audit_log WHERE entity_id = ?`).get(a.id) as Record<string, unknown>;
    expect(audit).toMatchObject({ action: 'appointment.book', entity_type: 'appointment', actor: 'test-user', device: 'test-device', at: NOW });
    const outbox = t.db.prepare(`SELECT * FROM outbox WHERE entity_id = ?`).get(a.id) as Record<string, string>;
    expect(outbox).toMatchObject({ operation: 'appointment.book', state: 'pending', entity_type: 'appointment' });
    expect(outbox.idempotency_key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
    // For the clinic hub: the whole visit (the clinic's shared record) and the version it changed.
    expect(JSON.parse(outbox.payload!)).toEqual({ ...a, baseVersion: 0 });
    // Names never travel with a visit (the patient record does, on its own); the audit row has ids and facts only.
    expect(outbox.payload).not.toMatch(/Ann|Archer/);
    expect(audit.details).not.toMatch(/window|Ann|Archer/);

    expect(events).toEqual([
      {
        operation: 'appointment.book',
        appointmentIds: [a.id],
        providerIds: [f.providers.smith.id],
        locationIds: [f.main.id],
        dates: ['2025-03-04'],
      },
    ]);
    expect(seenInDb).toBe(before.appointments + 1);
  });

  it('takes the duration from the type unless one is given', () => {
    const typeDefault = book(f.ctx, input());
    expect(typeDefault.endAt - typeDefault.startAt).toBe(30 * 60_000);
    const explicit = book(f.ctx, input({ startAt: tue('10:00'), durationMin: 55 }));
    expect(explicit.endAt).toBe(tue('10:55'));
    const before = rowCounts(t.db);
    for (const durationMin of [7, 0, -5, 2.5, 1000]) {
      expectAppError(() => book(f.ctx, input({ startAt: tue('11:00'), durationMin })), 'VALIDATION');
    }
    expect(rowCounts(t.db)).toEqual(before);
  });

  it('uses the reminder offsets of the clinic settings and skips reminders already due', () => {
    updateClinicSettings(f.ctx, { reminderOffsetsMin: [2880, 120, 30] });
    const a = book(f.ctx, input({ startAt: localInstant('2025-03-03', '09:00') })); // in one hour
    const rows = t.db
      .prepare(`SELECT offset_min AS offsetMin, state FROM reminders WHERE appointment_id = ? ORDER BY offset_min`)
      .all(a.id);
    expect(rows).toEqual([
      { offsetMin: 30, state: 'scheduled' },
      { offsetMin: 120, state: 'skipped' },
      { offsetMin: 2880, state: 'skipped' },
    ]);
  });

  it.each([
    ['an unknown patient', { patientId: 'ghost' }, 'NOT_FOUND'],
    ['an unknown provider', { providerId: 'ghost' }, 'NOT_FOUND'],
    ['an unknown type', { typeId: 'ghost' }, 'NOT_FOUND'],
    ['an unknown location', { locationId: 'ghost' }, 'NOT_FOUND'],
    ['an unknown room', { roomId: 'ghost' }, 'NOT_FOUND'],
    ['a missing patient id', { patientId: '' }, 'VALIDATION'],
    ['a start that is not a number', { startAt: '9am' as unknown as number }, 'VALIDATION'],
    ['a fractional start', { startAt: 1.5 }, 'VALIDATION'],
    ['an unknown field', { colour: 'red' } as Partial<BookInput>, 'VALIDATION'],
    ['a too short override reason', { override: { reason: 'x' } }, 'VALIDATION'],
  ] as const)('refuses %s and writes nothing', (_what, over, code) => {
    const before = rowCounts(t.db);
    expectAppError(() => book(f.ctx, input(over as Partial<BookInput>)), code);
    expect(rowCounts(t.db)).toEqual(before);
  });

  it('refuses an inactive type, an inactive provider and a provider who does not perform the type', () => {
    const before = rowCounts(t.db);
    const inactiveType = expectAppError(() => book(f.ctx, input({ typeId: f.types.old.id })), 'VALIDATION');
    expect(inactiveType.details).toEqual({ typeId: f.types.old.id });
    const inactiveProvider = expectAppError(() => book(f.ctx, input({ providerId: f.providers.retired.id })), 'VALIDATION');
    expect(inactiveProvider.details).toEqual({ providerId: f.providers.retired.id });
    const notAllowed = expectAppError(
      () => book(f.ctx, input({ providerId: f.providers.jones.id, typeId: f.types.surgery.id })),
      'VALIDATION',
    );
    expect(notAllowed.message).toMatch(/does not perform/);
    expect(rowCounts(t.db)).toEqual(before);
    updateAppointmentType(f.ctx, { id: f.types.surgery.id, providerIds: [f.providers.smith.id, f.providers.jones.id] });
    expect(book(f.ctx, input({ providerId: f.providers.jones.id, typeId: f.types.surgery.id })).roomId).toBe(f.rooms.op2.id);
  });

  it('never puts patient names or notes into error details', () => {
    book(f.ctx, input({ note: 'private' }));
    const e = expectAppError(() => book(f.ctx, input({ patientId: f.patients.bob })), 'SLOT_TAKEN');
    expect(JSON.stringify(e.details)).not.toMatch(/Ann|Archer|Bob|Baker|private/);
  });
});

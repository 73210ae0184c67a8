import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book, cancel, checkIn, confirm, getAppointment, reschedule } from '@main/core/booking';
import { createBlockout, setHoursOverride } from '@main/core/clinic';
import type { AppointmentsChangedEvent } from '@main/core/events';
import type { AppointmentDto } from '@shared/domain/booking';
import type { BookInput } from '@shared/schemas/booking';
import { buildClinic, localInstant, rowCounts, type ClinicFixture } from '../../../helpers/clinic-fixture';
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
const wed = (time: string) => localInstant('2025-03-05', time);
const input = (over: Partial<BookInput> = {}): BookInput => ({
  patientId: f.patients.ann,
  providerId: f.providers.smith.id,
  locationId: f.main.id,
  typeId: f.types.checkup.id,
  startAt: tue('09:00'),
  ...over,
});
const reminders = (a: AppointmentDto) =>
  t.db
    .prepare(`SELECT offset_min AS offsetMin, due_at AS dueAt, state FROM reminders WHERE appointment_id = ? ORDER BY state, due_at`)
    .all(a.id);

/** Asserts a refused reschedule left the visit and every related table exactly as they were. */
function refusedMove(a: AppointmentDto, move: () => unknown, code: Parameters<typeof expectAppError>[1]) {
  const before = rowCounts(t.db);
  const stored = getAppointment(t.db, { id: a.id });
  const storedReminders = reminders(a);
  const e = expectAppError(move, code);
  expect(rowCounts(t.db)).toEqual(before);
  expect(getAppointment(t.db, { id: a.id })).toEqual(stored);
  expect(reminders(a)).toEqual(storedReminders);
  return e;
}

describe('reschedule', () => {
  it('moves the visit, bumps the version, re-arms reminders and records both times', () => {
    const a = book(f.ctx, input());
    const events: AppointmentsChangedEvent[] = [];
    const off = f.ctx.events.on('appointments/changed', (e) => events.push(e));
    f.ctx.clock.advance(60_000);
    const moved = reschedule(f.ctx, { id: a.id, startAt: wed('14:00'), expectedVersion: 1 });
    off();
    expect(moved).toMatchObject({
      id: a.id,
      startAt: wed('14:00'),
      endAt: wed('14:30'),
      busyStartAt: wed('14:00'),
      busyEndAt: wed('14:30'),
      status: 'booked',
      version: 2,
      createdAt: a.createdAt,
      updatedAt: a.createdAt + 60_000,
    });
    expect(getAppointment(t.db, { id: a.id })).toEqual(moved);
    expect(reminders(a)).toEqual([
      { offsetMin: 1440, dueAt: tue('09:00') - 86_400_000, state: 'cancelled' },
      { offsetMin: 60, dueAt: tue('08:00'), state: 'cancelled' },
      { offsetMin: 1440, dueAt: tue('14:00'), state: 'scheduled' },
      { offsetMin: 60, dueAt: wed('13:00'), state: 'scheduled' },
    ]);
    const audit = t.db.prepare(`SELECT action, details FROM audit_log WHERE entity_id = ? ORDER BY seq`).all(a.id) as Array<{
      action: string;
      details: string;
    }>;
    expect(audit.map((r) => r.action)).toEqual(['appointment.book', 'appointment.reschedule']);
    expect(JSON.parse(audit[1]!.details)).toMatchObject({
      startAt: wed('14:00'),
      version: 2,
      previous: { startAt: tue('09:00'), providerId: f.providers.smith.id, status: 'booked' },
    });
    const outbox = t.db.prepare(`SELECT operation, payload FROM outbox WHERE entity_id = ? ORDER BY seq`).all(a.id) as Array<{
      operation: string;
      payload: string;
    }>;
    expect(outbox.map((r) => r.operation)).toEqual(['appointment.book', 'appointment.reschedule']);
    expect(JSON.parse(outbox[1]!.payload)).toMatchObject({ id: a.id, startAt: wed('14:00'), version: 2, status: 'booked' });
    expect(events).toEqual([
      {
        operation: 'appointment.reschedule',
        appointmentIds: [a.id],
        providerIds: [f.providers.smith.id],
        locationIds: [f.main.id],
        dates: ['2025-03-04', '2025-03-05'],
        // The old time is given back: the waitlist looks for patients to fill it.
        released: [{ providerId: f.providers.smith.id, locationId: f.main.id, startAt: a.startAt, endAt: a.endAt }],
      },
    ]);
  });

  it('may overlap its own old time, and keeps its length unless told', () => {
    const a = book(f.ctx, input({ durationMin: 60 }));
    const later = reschedule(f.ctx, { id: a.id, startAt: tue('09:15') });
    expect([later.startAt, later.endAt]).toEqual([tue('09:15'), tue('10:15')]);
    const shorter = reschedule(f.ctx, { id: a.id, startAt: tue('09:00'), durationMin: 20 });
    expect(shorter.endAt).toBe(tue('09:20'));
  });

  it('is atomic: when the new time is taken the visit keeps its old time and nothing is written', () => {
    const a = book(f.ctx, input());
    const b = book(f.ctx, input({ patientId: f.patients.bob, startAt: tue('10:00') }));
    const e = refusedMove(a, () => reschedule(f.ctx, { id: a.id, startAt: tue('10:15') }), 'SLOT_TAKEN');
    expect(e.details).toMatchObject({ providerId: f.providers.smith.id, conflictingAppointmentId: b.id });
    // A move is refused in the same words as a booking: the rule and the visit in the way.
    expect(e.message).toBe('Dr. Smith already has the 10:00 AM Checkup (until 10:30 AM) at this time. Choose another time.');
    // The old time is still held: nobody else can take it.
    expectAppError(() => book(f.ctx, input({ patientId: f.patients.cyd })), 'SLOT_TAKEN');
    refusedMove(a, () => reschedule(f.ctx, { id: a.id, startAt: tue('12:15') }), 'OUTSIDE_HOURS');
    refusedMove(a, () => reschedule(f.ctx, { id: a.id, startAt: tue('07:00'), override: { reason: 'no' }, providerId: f.providers.retired.id }), 'VALIDATION');
    f.ctx.clock.set(tue('08:50'));
    refusedMove(a, () => reschedule(f.ctx, { id: a.id, startAt: tue('08:00'), override: { reason: 'late entry' } }), 'IN_PAST');
    createBlockout(f.ctx, { providerId: f.providers.smith.id, startAt: wed('09:00'), endAt: wed('12:00') });
    refusedMove(a, () => reschedule(f.ctx, { id: a.id, startAt: wed('10:00') }), 'BLOCKED');
    refusedMove(a, () => reschedule(f.ctx, { id: a.id, startAt: wed('10:00'), durationMin: 33 }), 'VALIDATION');
    refusedMove(a, () => reschedule(f.ctx, { id: a.id, startAt: wed('10:00'), roomId: 'ghost' }), 'NOT_FOUND');
    expect(reschedule(f.ctx, { id: a.id, startAt: wed('10:00'), override: { reason: 'Doctor agreed' } }).startAt).toBe(wed('10:00'));
  });

  it('can change provider, location and room', () => {
    const a = book(f.ctx, input({ typeId: f.types.cleaning.id }));
    expect(a.roomId).toBe(f.rooms.op1.id);
    const toJones = reschedule(f.ctx, { id: a.id, startAt: tue('10:00'), providerId: f.providers.jones.id });
    expect(toJones).toMatchObject({ providerId: f.providers.jones.id, roomId: f.rooms.op1.id, busyStartAt: tue('09:55') });
    // Smith's old time is free again.
    expect(book(f.ctx, input({ patientId: f.patients.bob })).status).toBe('booked');
    const toOp2 = reschedule(f.ctx, { id: a.id, startAt: tue('10:00'), roomId: f.rooms.op2.id });
    expect(toOp2.roomId).toBe(f.rooms.op2.id);
    // Uptown on Saturday (Chicago time): the room is re-chosen at the new location.
    const sat = localInstant('2025-03-08', '10:00', 'America/Chicago');
    const uptown = reschedule(f.ctx, { id: a.id, startAt: sat, locationId: f.uptown.id });
    expect(uptown).toMatchObject({ locationId: f.uptown.id, roomId: f.rooms.uptown1.id, startAt: sat });
    // A provider who does not perform the type cannot take it over.
    const s = book(f.ctx, input({ typeId: f.types.surgery.id, startAt: tue('14:00') }));
    refusedMove(s, () => reschedule(f.ctx, { id: s.id, startAt: tue('14:00'), providerId: f.providers.jones.id }), 'VALIDATION');
  });

  it('keeps its room when free at the new time, and finds another when it is not', () => {
    const a = book(f.ctx, input({ typeId: f.types.cleaning.id, startAt: tue('09:00') })); // Op 1
    book(f.ctx, input({ typeId: f.types.cleaning.id, providerId: f.providers.jones.id, patientId: f.patients.bob, startAt: tue('11:00'), roomId: f.rooms.op1.id }));
    expect(reschedule(f.ctx, { id: a.id, startAt: tue('10:00') }).roomId).toBe(f.rooms.op1.id);
    expect(reschedule(f.ctx, { id: a.id, startAt: tue('11:00') }).roomId).toBe(f.rooms.op2.id);
    // An explicit room that is taken is refused rather than swapped.
    refusedMove(a, () => reschedule(f.ctx, { id: a.id, startAt: tue('11:00'), roomId: f.rooms.op1.id }), 'ROOM_TAKEN');
    // A visit that needs no room can give its room up with roomId: null.
    const c = book(f.ctx, input({ patientId: f.patients.cyd, startAt: tue('14:00'), roomId: f.rooms.op1.id }));
    book(f.ctx, input({ patientId: f.patients.bob, providerId: f.providers.jones.id, startAt: tue('15:00'), roomId: f.rooms.op1.id }));
    refusedMove(c, () => reschedule(f.ctx, { id: c.id, startAt: tue('15:00') }), 'ROOM_TAKEN');
    expect(reschedule(f.ctx, { id: c.id, startAt: tue('15:00'), roomId: null }).roomId).toBeNull();
  });

  it('sends a confirmed visit back to booked, and refuses visits that are over or off', () => {
    const a = book(f.ctx, input());
    confirm(f.ctx, { id: a.id });
    expect(reschedule(f.ctx, { id: a.id, startAt: tue('10:00') })).toMatchObject({ status: 'booked', version: 3 });
    const c = book(f.ctx, input({ patientId: f.patients.bob, startAt: tue('11:00') }));
    cancel(f.ctx, { id: c.id, reason: 'moved away' });
    const e = refusedMove(c, () => reschedule(f.ctx, { id: c.id, startAt: tue('14:00') }), 'INVALID_TRANSITION');
    expect(e.message).toMatch(/can't move an appointment that is cancelled/);
    f.ctx.clock.set(tue('10:05'));
    checkIn(f.ctx, { id: a.id });
    refusedMove(a, () => reschedule(f.ctx, { id: a.id, startAt: tue('14:00') }), 'INVALID_TRANSITION');
  });

  it('refuses a stale expectedVersion with CONFLICT, and an unknown visit with NOT_FOUND', () => {
    const a = book(f.ctx, input());
    confirm(f.ctx, { id: a.id });
    const e = refusedMove(a, () => reschedule(f.ctx, { id: a.id, startAt: tue('10:00'), expectedVersion: 1 }), 'CONFLICT');
    expect(e.details).toEqual({ appointmentId: a.id, expectedVersion: 1, currentVersion: 2 });
    expectAppError(() => reschedule(f.ctx, { id: 'ghost', startAt: tue('10:00') }), 'NOT_FOUND');
  });

  it('follows special hours on the new date', () => {
    const a = book(f.ctx, input());
    setHoursOverride(f.ctx, { providerId: f.providers.smith.id, locationId: f.main.id, date: '2025-03-05', intervals: [] });
    refusedMove(a, () => reschedule(f.ctx, { id: a.id, startAt: wed('09:00') }), 'OUTSIDE_HOURS');
  });
});

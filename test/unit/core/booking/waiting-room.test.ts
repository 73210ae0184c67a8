import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book, bookTeam, cancel, checkIn, complete, getAppointment, seat, undoChange, waitingRoom } from '@main/core/booking';
import { updateClinicSettings } from '@main/core/clinic';
import type { AppointmentsChangedEvent } from '@main/core/events';
import type { AppointmentDto } from '@shared/domain/booking';
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

function visitAt(time: string, patient: 'ann' | 'bob' | 'cyd' = 'ann', provider: 'smith' | 'jones' = 'smith'): AppointmentDto {
  return book(f.ctx, {
    patientId: f.patients[patient],
    providerId: f.providers[provider].id,
    locationId: f.main.id,
    typeId: f.types.checkup.id,
    startAt: tue(time),
  });
}
const room = () => waitingRoom(t.db, f.ctx.clock.now(), { locationId: f.main.id });
const audited = (action: string) =>
  t.db.prepare(`SELECT details FROM audit_log WHERE action = ? ORDER BY rowid DESC LIMIT 1`).pluck().get(action) as string | undefined;
const outboxOps = (id: string) =>
  t.db.prepare(`SELECT operation FROM outbox WHERE entity_id = ? ORDER BY rowid`).pluck().all(id) as string[];

describe('arrival and the waiting room', () => {
  it('stamps the arrival at check-in, the seat time at Seated and the end at Done; each change audited and queued for the hub', () => {
    const a = visitAt('10:00');
    f.ctx.clock.set(tue('09:52'));
    const arrived = checkIn(f.ctx, { id: a.id });
    expect(arrived).toMatchObject({ status: 'checked_in', arrivedAt: tue('09:52'), seatedAt: null, doneAt: null, version: 2 });

    f.ctx.clock.set(tue('10:04'));
    const seated = seat(f.ctx, { id: a.id, expectedVersion: 2 });
    expect(seated).toMatchObject({ status: 'checked_in', arrivedAt: tue('09:52'), seatedAt: tue('10:04'), version: 3 });
    expect(JSON.parse(audited('appointment.seat')!)).toMatchObject({ status: 'checked_in', arrivedAt: tue('09:52'), seatedAt: tue('10:04') });

    f.ctx.clock.set(tue('10:31'));
    const done = complete(f.ctx, { id: a.id });
    expect(done).toMatchObject({ status: 'completed', arrivedAt: tue('09:52'), seatedAt: tue('10:04'), doneAt: tue('10:31'), version: 4 });
    expect(getAppointment(t.db, { id: a.id })).toEqual(done);
    expect(outboxOps(a.id)).toEqual(['appointment.book', 'appointment.check_in', 'appointment.seat', 'appointment.complete']);
    const payload = JSON.parse(t.db.prepare(`SELECT payload FROM outbox WHERE entity_id = ? ORDER BY rowid DESC LIMIT 1`).pluck().get(a.id) as string);
    expect(payload).toMatchObject({ arrivedAt: tue('09:52'), seatedAt: tue('10:04'), doneAt: tue('10:31'), baseVersion: 3 });
  });

  it('lists who is waiting (longest first) and who is seated, for the location’s today only, with late arrivals marked', () => {
    f.ctx.clock.set(tue('08:00'));
    const early = visitAt('10:00', 'ann', 'smith');
    const late = visitAt('09:30', 'bob', 'jones');
    const notYet = visitAt('11:00', 'cyd', 'smith');
    f.ctx.clock.set(tue('09:41'));
    checkIn(f.ctx, { id: late.id }); // 11 minutes after its start
    f.ctx.clock.set(tue('09:45'));
    checkIn(f.ctx, { id: early.id });
    expect(room().waiting.map((v) => [v.appointmentId, v.lateMin])).toEqual([
      [late.id, 11],
      [early.id, 0],
    ]);
    expect(room()).toMatchObject({ date: '2025-03-04', zone: f.main.zone, waitAlertMin: 15, seated: [], doneToday: 0 });
    expect(room().waiting[0]).toMatchObject({
      patientGivenName: expect.any(String),
      providerIds: [f.providers.jones.id],
      providerNames: ['Dr. Jones'],
      typeName: f.types.checkup.name,
      startAt: tue('09:30'),
      arrivedAt: tue('09:41'),
      seatedAt: null,
    });

    f.ctx.clock.set(tue('09:50'));
    seat(f.ctx, { id: late.id });
    expect(room().waiting.map((v) => v.appointmentId)).toEqual([early.id]);
    expect(room().seated.map((v) => [v.appointmentId, v.seatedAt])).toEqual([[late.id, tue('09:50')]]);
    complete(f.ctx, { id: late.id });
    expect(room()).toMatchObject({ seated: [], doneToday: 1 });
    // Not arrived, or another day: not in today's waiting room.
    expect(room().waiting.map((v) => v.appointmentId)).not.toContain(notYet.id);
    f.ctx.clock.set(localInstant('2025-03-05', '09:00'));
    expect(room()).toMatchObject({ date: '2025-03-05', waiting: [], seated: [], doneToday: 0 });
  });

  it('takes the highlight threshold from the clinic setting', () => {
    updateClinicSettings(f.ctx, { waitAlertMin: 25 });
    expect(room().waitAlertMin).toBe(25);
    expectAppError(() => updateClinicSettings(f.ctx, { waitAlertMin: 0 }), 'VALIDATION');
    expect(room().waitAlertMin).toBe(25);
  });

  it('refuses to seat a patient who has not arrived, twice, or after the visit is over; nothing changes', () => {
    const a = visitAt('10:00');
    const before = rowCounts(t.db);
    expect(expectAppError(() => seat(f.ctx, { id: a.id }), 'INVALID_TRANSITION').message).toBe('Check the patient in before seating them.');
    checkIn(f.ctx, { id: a.id });
    seat(f.ctx, { id: a.id });
    const seated = getAppointment(t.db, { id: a.id });
    const counts = rowCounts(t.db);
    expect(expectAppError(() => seat(f.ctx, { id: a.id }), 'INVALID_TRANSITION').message).toBe('This patient is already seated.');
    expect(getAppointment(t.db, { id: a.id })).toEqual(seated);
    expect(rowCounts(t.db)).toEqual(counts);
    complete(f.ctx, { id: a.id });
    expectAppError(() => seat(f.ctx, { id: a.id }), 'INVALID_TRANSITION');
    const b = visitAt('11:00', 'bob');
    cancel(f.ctx, { id: b.id, reason: 'Called' });
    expect(expectAppError(() => seat(f.ctx, { id: b.id }), 'INVALID_TRANSITION').message).toBe("You can't seat an appointment that is cancelled.");
    expect(before.appointments + 1).toBe(rowCounts(t.db).appointments);
  });

  it('refuses a stale version (another desk moved the patient along meanwhile)', () => {
    const a = visitAt('10:00');
    checkIn(f.ctx, { id: a.id });
    expectAppError(() => seat(f.ctx, { id: a.id, expectedVersion: 1 }), 'CONFLICT');
    expect(getAppointment(t.db, { id: a.id }).seatedAt).toBeNull();
  });

  it('shows a care-team visit once with every provider, and seats the whole team', () => {
    const events: AppointmentsChangedEvent[] = [];
    const off = f.ctx.events.on('appointments/changed', (e) => events.push(e));
    const [lead, member] = bookTeam(f.ctx, {
      patientId: f.patients.ann,
      providerIds: [f.providers.smith.id, f.providers.jones.id],
      locationId: f.main.id,
      typeId: f.types.cleaning.id,
      startAt: tue('09:00'),
    });
    f.ctx.clock.set(tue('08:55'));
    checkIn(f.ctx, { id: member!.id });
    expect(room().waiting).toHaveLength(1);
    expect(room().waiting[0]).toMatchObject({ appointmentId: lead!.id, providerNames: ['Dr. Smith', 'Dr. Jones'], roomName: f.rooms.op1.name });
    f.ctx.clock.set(tue('09:02'));
    seat(f.ctx, { id: lead!.id });
    off();
    expect(getAppointment(t.db, { id: member!.id }).seatedAt).toBe(tue('09:02'));
    expect(events.at(-1)).toMatchObject({ operation: 'appointment.seat', appointmentIds: [lead!.id, member!.id] });
  });

  it('an undone check-in takes the arrival back; an undone Done puts the patient back with the provider', () => {
    const a = visitAt('10:00');
    f.ctx.clock.set(tue('09:50'));
    const arrived = checkIn(f.ctx, { id: a.id });
    const undone = undoChange(f.ctx, { id: a.id, expectedVersion: arrived.version });
    expect(undone).toMatchObject({ status: 'booked', arrivedAt: null, seatedAt: null, doneAt: null });
    expect(room().waiting).toEqual([]);
    checkIn(f.ctx, { id: a.id });
    f.ctx.clock.set(tue('10:02'));
    seat(f.ctx, { id: a.id });
    f.ctx.clock.set(tue('10:30'));
    const done = complete(f.ctx, { id: a.id });
    const back = undoChange(f.ctx, { id: a.id, expectedVersion: done.version });
    expect(back).toMatchObject({ status: 'checked_in', arrivedAt: tue('09:50'), seatedAt: tue('10:02'), doneAt: null });
    expect(room().seated.map((v) => v.appointmentId)).toEqual([a.id]);
  });

  it('counts a visit checked in before arrival times were kept from its last change', () => {
    const a = visitAt('10:00');
    f.ctx.clock.set(tue('09:40'));
    checkIn(f.ctx, { id: a.id });
    t.db.prepare(`UPDATE appointments SET arrived_at = NULL WHERE id = ?`).run(a.id);
    expect(room().waiting[0]).toMatchObject({ appointmentId: a.id, arrivedAt: tue('09:40') });
  });
});

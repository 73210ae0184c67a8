import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book, bookTeam, cancel, checkIn, confirm, getAppointment, markNoShow, reschedule, undoChange } from '@main/core/booking';
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
const visit = (over: Partial<BookInput> = {}): AppointmentDto =>
  book(f.ctx, {
    patientId: f.patients.ann,
    providerId: f.providers.smith.id,
    locationId: f.main.id,
    typeId: f.types.checkup.id,
    startAt: tue('09:00'),
    ...over,
  });
const place = (a: AppointmentDto) => ({
  status: a.status,
  providerId: a.providerId,
  roomId: a.roomId,
  startAt: a.startAt,
  endAt: a.endAt,
  busyStartAt: a.busyStartAt,
  busyEndAt: a.busyEndAt,
});
const lastAudit = (id: string) =>
  t.db
    .prepare(`SELECT action, actor, details FROM audit_log WHERE entity_id = ? ORDER BY seq DESC LIMIT 1`)
    .get(id) as { action: string; actor: string; details: string };
const lastOutbox = (id: string) =>
  t.db.prepare(`SELECT operation, payload FROM outbox WHERE entity_id = ? ORDER BY seq DESC LIMIT 1`).get(id) as {
    operation: string;
    payload: string;
  };
const scheduledReminders = (id: string) =>
  t.db.prepare(`SELECT count(*) FROM reminders WHERE appointment_id = ? AND state = 'scheduled'`).pluck().get(id);

describe('undo of the last change', () => {
  it('puts a moved visit back, audited naming the person and sent to the hub as a move', () => {
    const a = visit();
    const moved = reschedule(f.ctx, { id: a.id, startAt: tue('10:00'), providerId: f.providers.jones.id, expectedVersion: a.version });
    const events: AppointmentsChangedEvent[] = [];
    const off = f.ctx.events.on('appointments/changed', (e) => events.push(e));
    f.ctx.clock.advance(4_000);
    const back = undoChange(f.ctx, { id: a.id, expectedVersion: moved.version });
    off();
    expect(place(back)).toEqual(place(a));
    expect(back.version).toBe(moved.version + 1);
    expect(getAppointment(t.db, { id: a.id })).toMatchObject(place(a));
    const audit = lastAudit(a.id);
    expect(audit.action).toBe('appointment.undo');
    expect(audit.actor).toBe(f.ctx.actor.user);
    expect(JSON.parse(audit.details)).toMatchObject({ undid: 'appointment.reschedule', previous: { startAt: tue('10:00') } });
    const out = lastOutbox(a.id);
    expect(out.operation).toBe('appointment.reschedule');
    expect(JSON.parse(out.payload)).toMatchObject({ startAt: tue('09:00'), version: back.version, baseVersion: moved.version });
    expect(events).toHaveLength(1);
    expect(events[0]!.operation).toBe('appointment.undo');
    expect(events[0]!.providerIds.sort()).toEqual([f.providers.jones.id, f.providers.smith.id].sort());
  });

  it('books a cancelled visit again with its reminders, unless its time was taken meanwhile', () => {
    const a = visit();
    const cancelled = cancel(f.ctx, { id: a.id, reason: 'Called in sick', expectedVersion: a.version });
    expect(scheduledReminders(a.id)).toBe(0);
    const back = undoChange(f.ctx, { id: a.id, expectedVersion: cancelled.version });
    expect(back.status).toBe('booked');
    expect(back.cancelReason).toBeNull();
    expect(scheduledReminders(a.id)).toBeGreaterThan(0);

    const again = cancel(f.ctx, { id: a.id, reason: 'Called again', expectedVersion: back.version });
    visit({ patientId: f.patients.bob, startAt: tue('09:15') });
    const before = rowCounts(t.db);
    const e = expectAppError(() => undoChange(f.ctx, { id: a.id, expectedVersion: again.version }), 'SLOT_TAKEN');
    expect(e.message).toMatch(/already has the 9:15 AM Checkup/);
    expect(rowCounts(t.db)).toEqual(before);
    expect(getAppointment(t.db, { id: a.id }).status).toBe('cancelled');
  });

  it('undoes a no-show or a check-in of a visit that has started (the past does not refuse it)', () => {
    const a = visit();
    f.ctx.clock.set(a.startAt + 5 * 60_000);
    const noShow = markNoShow(f.ctx, { id: a.id, expectedVersion: a.version });
    expect(undoChange(f.ctx, { id: a.id, expectedVersion: noShow.version }).status).toBe('booked');
    const confirmed = confirm(f.ctx, { id: a.id });
    const arrived = checkIn(f.ctx, { id: a.id, expectedVersion: confirmed.version });
    expect(undoChange(f.ctx, { id: a.id, expectedVersion: arrived.version }).status).toBe('confirmed');
  });

  it('is refused after the window, for another person, for a changed visit, and twice', () => {
    const a = visit();
    const c1 = confirm(f.ctx, { id: a.id });
    f.ctx.clock.advance(16_000);
    expect(expectAppError(() => undoChange(f.ctx, { id: a.id, expectedVersion: c1.version }), 'CONFLICT').message).toMatch(/too late/);

    const b = visit({ startAt: tue('11:00') });
    const c2 = confirm(f.ctx, { id: b.id });
    const other = { ...f.ctx, actor: { user: 'someone-else', device: f.ctx.actor.device } };
    expect(expectAppError(() => undoChange(other, { id: b.id, expectedVersion: c2.version }), 'CONFLICT').message).toMatch(/someone else/);
    expectAppError(() => undoChange(f.ctx, { id: b.id, expectedVersion: c2.version - 1 }), 'CONFLICT');
    const undone = undoChange(f.ctx, { id: b.id, expectedVersion: c2.version });
    expect(expectAppError(() => undoChange(f.ctx, { id: b.id, expectedVersion: undone.version }), 'CONFLICT').message).toMatch(/nothing to undo/);

    const booked = visit({ startAt: tue('14:00') });
    expectAppError(() => undoChange(f.ctx, { id: booked.id, expectedVersion: booked.version }), 'CONFLICT');
  });

  it('moves a care team back as a whole', () => {
    const [lead, other] = bookTeam(f.ctx, {
      patientId: f.patients.cyd,
      providerIds: [f.providers.smith.id, f.providers.jones.id],
      locationId: f.main.id,
      typeId: f.types.checkup.id,
      startAt: tue('13:00'),
    });
    const moved = reschedule(f.ctx, { id: lead!.id, startAt: tue('15:00'), expectedVersion: lead!.version });
    undoChange(f.ctx, { id: lead!.id, expectedVersion: moved.version });
    expect(getAppointment(t.db, { id: lead!.id }).startAt).toBe(tue('13:00'));
    expect(getAppointment(t.db, { id: other!.id }).startAt).toBe(tue('13:00'));
  });
});

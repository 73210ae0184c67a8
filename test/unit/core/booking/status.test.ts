import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  book,
  cancel,
  checkIn,
  complete,
  confirm,
  getAppointment,
  markNoShow,
  TRANSITIONS,
} from '@main/core/booking';
import type { CoreContext } from '@main/core/context';
import { APPOINTMENT_STATUSES, type AppointmentDto, type AppointmentStatus } from '@shared/domain/booking';
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
let slot = 0;
/** A fresh visit on Tuesday at the next free half hour. */
function freshVisit(over: Partial<BookInput> = {}): AppointmentDto {
  const startAt = tue('09:00') + (slot++ % 6) * 30 * 60_000;
  return book(f.ctx, {
    patientId: f.patients.ann,
    providerId: slot % 2 ? f.providers.smith.id : f.providers.jones.id,
    locationId: f.main.id,
    typeId: f.types.checkup.id,
    startAt,
    ...over,
  });
}
const reminderStates = (a: AppointmentDto) =>
  t.db.prepare(`SELECT state FROM reminders WHERE appointment_id = ? ORDER BY offset_min`).pluck().all(a.id);

type Verb = (ctx: CoreContext, input: { id: string }) => AppointmentDto;
const VERB_TO: Record<Exclude<AppointmentStatus, 'booked'>, Verb> = {
  confirmed: confirm,
  checked_in: checkIn,
  completed: complete,
  cancelled: (ctx, input) => cancel(ctx, { ...input, reason: 'test' }),
  no_show: markNoShow,
};
/** Drives a fresh visit to `status` along allowed transitions. */
function visitIn(status: AppointmentStatus): AppointmentDto {
  slot = 0;
  t.db.prepare(`UPDATE appointments SET status = 'cancelled' WHERE status <> 'cancelled'`).run(); // free the day
  const a = freshVisit();
  f.ctx.clock.set(a.startAt + 60_000); // started, for no-shows
  const path: Record<AppointmentStatus, AppointmentStatus[]> = {
    booked: [],
    confirmed: ['confirmed'],
    checked_in: ['checked_in'],
    completed: ['checked_in', 'completed'],
    cancelled: ['cancelled'],
    no_show: ['no_show'],
  };
  let cur = a;
  for (const s of path[status]) cur = VERB_TO[s as Exclude<AppointmentStatus, 'booked'>](f.ctx, { id: a.id });
  return cur;
}

describe('status transitions', () => {
  const targets = Object.keys(VERB_TO) as Array<Exclude<AppointmentStatus, 'booked'>>;
  for (const from of APPOINTMENT_STATUSES) {
    for (const to of targets) {
      const allowed = TRANSITIONS[from].includes(to);
      it(`${from} → ${to}: ${allowed ? 'allowed' : 'INVALID_TRANSITION'}`, () => {
        const a = visitIn(from);
        if (allowed) {
          const after = VERB_TO[to](f.ctx, { id: a.id });
          expect(after).toMatchObject({ status: to, version: a.version + 1 });
          expect(getAppointment(t.db, { id: a.id })).toEqual(after);
        } else {
          const before = rowCounts(t.db);
          const e = expectAppError(() => VERB_TO[to](f.ctx, { id: a.id }), 'INVALID_TRANSITION');
          expect(e.details).toMatchObject({ appointmentId: a.id, status: from });
          expect(rowCounts(t.db)).toEqual(before);
          expect(getAppointment(t.db, { id: a.id })).toEqual(a);
        }
      });
    }
  }

  it('the table is the documented life cycle', () => {
    expect(TRANSITIONS).toEqual({
      booked: ['confirmed', 'checked_in', 'cancelled', 'no_show'],
      confirmed: ['checked_in', 'cancelled', 'no_show'],
      checked_in: ['completed'],
      completed: [],
      cancelled: [],
      no_show: [],
    });
  });
});

describe('status changes', () => {
  it('cancel keeps the reason out of the audit trail, shares it only with the clinic hub, cancels pending reminders and frees the time', () => {
    const a = freshVisit({ note: 'bring x-rays' });
    const c = cancel(f.ctx, { id: a.id, reason: 'Patient in hospital', expectedVersion: 1 });
    expect(c).toMatchObject({ status: 'cancelled', cancelReason: 'Patient in hospital', version: 2 });
    expect(reminderStates(a)).toEqual(['cancelled', 'cancelled']);
    const rows = t.db.prepare(`SELECT o.payload, a.details FROM outbox o JOIN audit_log a ON a.entity_id = o.entity_id AND a.action = o.operation WHERE o.operation = 'appointment.cancel'`).all() as Array<{ payload: string; details: string }>;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.details).not.toMatch(/hospital|x-rays/);
    expect(JSON.parse(rows[0]!.payload)).toMatchObject({ id: a.id, status: 'cancelled', version: 2, baseVersion: 1, cancelReason: 'Patient in hospital' });
    expect(JSON.parse(rows[0]!.details)).toMatchObject({ status: 'cancelled', previous: { status: 'booked' } });
    expectAppError(() => cancel(f.ctx, { id: a.id, reason: '' }), 'VALIDATION');
  });

  it('a reminder already sent stays sent when the visit is cancelled', () => {
    const a = freshVisit();
    t.db.prepare(`UPDATE reminders SET state = 'sent' WHERE appointment_id = ? AND offset_min = 1440`).run(a.id);
    cancel(f.ctx, { id: a.id, reason: 'x' });
    expect(reminderStates(a)).toEqual(['cancelled', 'sent']);
  });

  it('no-show only once the visit has started; it cancels pending reminders', () => {
    const a = freshVisit();
    f.ctx.clock.set(a.startAt - 60_000);
    const before = rowCounts(t.db);
    const e = expectAppError(() => markNoShow(f.ctx, { id: a.id }), 'INVALID_TRANSITION');
    expect(e.message).toMatch(/only once its start time has passed/);
    expect(rowCounts(t.db)).toEqual(before);
    f.ctx.clock.set(a.startAt);
    expect(markNoShow(f.ctx, { id: a.id }).status).toBe('no_show');
    expect(reminderStates(a)).toEqual(['cancelled', 'cancelled']);
  });

  it('check-in stops pending reminders; confirm keeps them', () => {
    const a = freshVisit();
    confirm(f.ctx, { id: a.id });
    expect(reminderStates(a)).toEqual(['scheduled', 'scheduled']);
    checkIn(f.ctx, { id: a.id });
    expect(reminderStates(a)).toEqual(['cancelled', 'cancelled']);
  });

  it('every change bumps the version; a stale expectedVersion is a CONFLICT that writes nothing', () => {
    const a = freshVisit();
    const c1 = confirm(f.ctx, { id: a.id, expectedVersion: 1 });
    const before = rowCounts(t.db);
    const e = expectAppError(() => checkIn(f.ctx, { id: a.id, expectedVersion: 1 }), 'CONFLICT');
    expect(e.details).toEqual({ appointmentId: a.id, expectedVersion: 1, currentVersion: 2 });
    expect(rowCounts(t.db)).toEqual(before);
    const c2 = checkIn(f.ctx, { id: a.id, expectedVersion: c1.version });
    expect(complete(f.ctx, { id: a.id, expectedVersion: c2.version }).version).toBe(4);
    const audit = t.db.prepare(`SELECT action FROM audit_log WHERE entity_id = ? ORDER BY seq`).pluck().all(a.id);
    expect(audit).toEqual(['appointment.book', 'appointment.confirm', 'appointment.check_in', 'appointment.complete']);
    const outbox = t.db.prepare(`SELECT operation FROM outbox WHERE entity_id = ? ORDER BY seq`).pluck().all(a.id);
    expect(outbox).toEqual(audit);
  });

  it('unknown visits are NOT_FOUND and bad input is VALIDATION', () => {
    expectAppError(() => confirm(f.ctx, { id: 'ghost' }), 'NOT_FOUND');
    expectAppError(() => confirm(f.ctx, { id: '' }), 'VALIDATION');
    expectAppError(() => confirm(f.ctx, { id: 'x', expectedVersion: 0 }), 'VALIDATION');
    expectAppError(() => confirm(f.ctx, undefined as never), 'VALIDATION');
  });
});

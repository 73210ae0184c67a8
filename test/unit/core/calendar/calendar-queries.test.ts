import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book, cancel, reschedule } from '@main/core/booking';
import { calendarRange } from '@main/core/calendar/range';
import { createBlockout } from '@main/core/clinic';
import {
  listRemindersForAppointment,
  listRemindersForDay,
  reminderSummaries,
} from '@main/core/reminders/queries';
import { buildClinic, localInstant, type ClinicFixture } from '../../../helpers/clinic-fixture';
import { openTempDb } from '../../../helpers/tempdb';

let t: ReturnType<typeof openTempDb>;
let f: ClinicFixture;
beforeEach(() => {
  t = openTempDb();
  f = buildClinic(t.db);
});
afterEach(() => t.cleanup());

const tue = (time: string) => localInstant('2025-03-04', time);

describe('calendar range', () => {
  it('returns visits (cancelled too), blockouts, open hours and reminder summaries of a day', () => {
    const a = book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: tue('10:00') });
    const b = book(f.ctx, { patientId: f.patients.bob, providerId: f.providers.jones.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: tue('09:00') });
    cancel(f.ctx, { id: b.id, reason: 'Patient called' });
    createBlockout(f.ctx, { providerId: f.providers.smith.id, startAt: tue('14:00'), endAt: tue('15:00'), reason: 'Staff meeting' });

    const r = calendarRange(t.db, { from: tue('00:00'), to: localInstant('2025-03-05', '00:00') });
    expect(r.appointments.map((x) => [x.id, x.status])).toEqual([
      [b.id, 'cancelled'],
      [a.id, 'booked'],
    ]);
    // The grid gets what it draws: no private note or cancellation reason in the day's bulk read.
    expect(JSON.stringify(r.appointments)).not.toMatch(/Patient called|note|cancelReason/);
    expect(r.blockouts).toHaveLength(1);
    const smithOpen = r.open.filter((o) => o.providerId === f.providers.smith.id).map((o) => [o.startAt, o.endAt]);
    expect(smithOpen).toEqual([
      [tue('09:00'), tue('12:00')],
      [tue('13:00'), tue('17:00')],
    ]);
    // Retired is inactive: no columns of open time for them.
    expect(r.open.some((o) => o.providerId === f.providers.retired.id)).toBe(false);
    // Each visit carries the reminder state that most needs the desk's eye.
    const stateOf = (id: string) => r.appointments.find((x) => x.id === id)?.reminderState;
    expect(stateOf(a.id)).toBe('scheduled');
    expect(stateOf(b.id)).toBe('cancelled');
    t.db.prepare(`UPDATE reminders SET state = 'sent' WHERE appointment_id = ? AND offset_min = 1440`).run(a.id);
    t.db.prepare(`UPDATE reminders SET state = 'failed' WHERE appointment_id = ? AND offset_min = 60`).run(a.id);
    const again = calendarRange(t.db, { from: tue('00:00'), to: localInstant('2025-03-05', '00:00') });
    expect(again.appointments.find((x) => x.id === a.id)?.reminderState).toBe('failed');
  });

  it('limits to one location and refuses more than a week', () => {
    const sat = localInstant('2025-03-08', '00:00', 'America/Chicago');
    const r = calendarRange(t.db, { from: sat, to: sat + 86_400_000, locationId: f.uptown.id });
    expect(r.open.map((o) => o.providerId)).toEqual([f.providers.jones.id]);
    expect(() => calendarRange(t.db, { from: 0, to: 9 * 86_400_000 })).toThrow(/at most a week/);
  });
});

describe('reminder queries', () => {
  it('lists a visit’s reminders with the failure reason, and a day’s reminders beside their visits', () => {
    const a = book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: tue('10:00') });
    // The 24 h reminder of a visit booked 2 h ahead is skipped, the 1 h one scheduled.
    const soon = book(f.ctx, { patientId: f.patients.bob, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: localInstant('2025-03-03', '10:00') });
    t.db.prepare(`UPDATE reminders SET state = 'failed', attempts = 3, last_error = 'The carrier rejected the number.' WHERE appointment_id = ? AND offset_min = 1440`).run(a.id);

    const rows = listRemindersForAppointment(t.db, a.id);
    expect(rows.map((r) => [r.offsetMin, r.state, r.failureReason])).toEqual([
      [1440, 'failed', 'The carrier rejected the number.'],
      [60, 'scheduled', null],
    ]);
    expect(listRemindersForAppointment(t.db, soon.id).map((r) => r.state)).toEqual(['skipped', 'scheduled']);
    const byVisit = (x: { appointmentId: string }, y: { appointmentId: string }) => (x.appointmentId < y.appointmentId ? -1 : 1);
    expect(reminderSummaries(t.db, [a.id, soon.id]).sort(byVisit)).toEqual(
      [
        { appointmentId: a.id, state: 'failed', total: 2, sent: 0, failed: 1 },
        { appointmentId: soon.id, state: 'scheduled', total: 2, sent: 0, failed: 0 },
      ].sort(byVisit),
    );

    const day = listRemindersForDay(t.db, { date: '2025-03-04' });
    expect(day.map((r) => [r.appointmentId, r.offsetMin, r.patientFamilyName, r.typeName])).toEqual([
      [a.id, 1440, 'Archer', 'Checkup'],
      [a.id, 60, 'Archer', 'Checkup'],
    ]);

    // A reschedule cancels the old reminders and arms new ones; the day list follows the visit.
    reschedule(f.ctx, { id: a.id, startAt: localInstant('2025-03-05', '10:00'), expectedVersion: a.version });
    expect(listRemindersForDay(t.db, { date: '2025-03-04' })).toEqual([]);
    const moved = listRemindersForDay(t.db, { date: '2025-03-05' });
    expect(moved.map((r) => r.state).sort()).toEqual(['cancelled', 'failed', 'scheduled', 'scheduled']);
  });
});

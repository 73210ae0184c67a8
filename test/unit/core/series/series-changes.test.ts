import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book } from '@main/core/booking';
import { bookSeries, cancelSeries, checkSeries, checkSeriesMove, moveSeries, seriesOfAppointment, undoSeriesChange } from '@main/core/series';
import type { AppointmentDto } from '@shared/domain/booking';
import type { CheckSeriesInput } from '@shared/schemas/waitlist';
import { buildClinic, localInstant, rowCounts, ZONE, type ClinicFixture } from '../../../helpers/clinic-fixture';
import { expectAppError } from '../../../helpers/expect-error';
import { openTempDb } from '../../../helpers/tempdb';

/**
 * Changing "this and the following" visits of a series: the check before a
 * move (a trial that writes nothing), a move with the desk's choices for the
 * visits that cannot follow, and the undo of the whole change. Each visit goes
 * through the booking guard, gets its audit row and its outbox row.
 */
const local = (t: number) => DateTime.fromMillis(t, { zone: ZONE }).toFormat('yyyy-MM-dd HH:mm ccc');

describe('changing this and the following visits of a series', () => {
  let t: ReturnType<typeof openTempDb>;
  let f: ClinicFixture;
  beforeEach(() => {
    t = openTempDb();
    f = buildClinic(t.db);
  });
  afterEach(() => t.cleanup());

  const weekly = (count: number): CheckSeriesInput => ({
    patientId: f.patients.bob,
    providerId: f.providers.smith.id,
    locationId: f.main.id,
    typeId: f.types.checkup.id,
    startAt: localInstant('2025-03-04', '10:00'),
    rule: { frequency: 'weekly', interval: 1 },
    end: { kind: 'count', count },
  });
  const bookSix = () => {
    const check = checkSeries(f.ctx, weekly(6));
    return bookSeries(f.ctx, { ...weekly(6), occurrences: check.occurrences.map((o) => ({ occurrence: o.occurrence, startAt: o.startAt })) });
  };
  const statuses = (id: string) => seriesOfAppointment(t.db, { appointmentId: id })!.occurrences.map((o) => o.status);
  const times = (id: string) => seriesOfAppointment(t.db, { appointmentId: id })!.occurrences.map((o) => local(o.startAt));
  const auditOf = (ids: readonly string[], action: string) =>
    t.db.prepare(`SELECT count(*) FROM audit_log WHERE action = ? AND entity_id IN (${ids.map(() => '?').join(',')}) AND actor = ?`).pluck().get(action, ...ids, f.ctx.actor.user);
  const outboxOf = (ids: readonly string[]) =>
    t.db.prepare(`SELECT count(*) FROM outbox WHERE entity_type = 'appointment' AND entity_id IN (${ids.map(() => '?').join(',')})`).pluck().get(...ids) as number;
  const takeAnn = (date: string, time: string) =>
    book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: localInstant(date, time) });

  it('cancelling from visit 4 cancels 4–6 only, each audited and queued for the hub, and the undo brings all three back', () => {
    const s = bookSix();
    const ids = s.occurrences.map((o) => o.appointmentId);
    const outboxBefore = outboxOf(ids);
    const cancelled = cancelSeries(f.ctx, { appointmentId: ids[3]!, scope: 'following', reason: 'Moving away' });
    expect(cancelled.map((a) => a.id)).toEqual(ids.slice(3));
    expect(statuses(ids[0]!)).toEqual(['booked', 'booked', 'booked', 'cancelled', 'cancelled', 'cancelled']);
    expect(auditOf(ids.slice(3), 'appointment.cancel')).toBe(3);
    expect(auditOf(ids.slice(0, 3), 'appointment.cancel')).toBe(0);
    expect(outboxOf(ids) - outboxBefore).toBe(3);

    const undone = undoSeriesChange(f.ctx, { changes: cancelled.map((a) => ({ appointmentId: a.id, expectedVersion: a.version })) });
    expect(undone.map((a) => a.status)).toEqual(['booked', 'booked', 'booked']);
    expect(statuses(ids[0]!)).toEqual(Array(6).fill('booked'));
    expect(auditOf(ids.slice(3), 'appointment.undo')).toBe(3);
    expect(outboxOf(ids) - outboxBefore).toBe(6);
    // The reminders of the visits that are ahead again are armed again.
    expect(t.db.prepare(`SELECT count(*) FROM reminders WHERE appointment_id = ? AND state = 'scheduled'`).pluck().get(ids[5])).toBe(2);
  });

  it('the check of a move refuses a taken new time for the visit asked for, as the move would, and writes nothing', () => {
    const s = bookSix();
    const ids = s.occurrences.map((o) => o.appointmentId);
    takeAnn('2025-03-26', '10:00');
    const before = rowCounts(t.db);
    expectAppError(() => checkSeriesMove(f.ctx, { appointmentId: ids[3]!, scope: 'following', startAt: localInstant('2025-03-26', '10:00') }), 'SLOT_TAKEN');
    expect(rowCounts(t.db)).toEqual(before);
  });

  it('moving 4–6 a day later with one day taken: the check names it with alternatives; the move takes an alternative or leaves it', () => {
    const s = bookSix();
    const ids = s.occurrences.map((o) => o.appointmentId);
    takeAnn('2025-04-02', '10:00');
    const before = rowCounts(t.db);
    const check = checkSeriesMove(f.ctx, { appointmentId: ids[3]!, scope: 'following', startAt: localInstant('2025-03-26', '10:00') });
    expect(rowCounts(t.db)).toEqual(before);
    expect(check.visits.map((v) => [v.occurrence, local(v.fromStartAt), local(v.startAt), v.free])).toEqual([
      [4, '2025-03-25 10:00 Tue', '2025-03-26 10:00 Wed', true],
      [5, '2025-04-01 10:00 Tue', '2025-04-02 10:00 Wed', false],
      [6, '2025-04-08 10:00 Tue', '2025-04-09 10:00 Wed', true],
    ]);
    const taken = check.visits[1]!;
    expect(taken.problem).toMatchObject({ code: 'SLOT_TAKEN' });
    expect(taken.alternatives.length).toBeGreaterThan(0);
    expect(taken.alternatives.every((a) => Math.abs(a.start - taken.startAt) <= 3 * 86_400_000 + 3_600_000)).toBe(true);

    // Without a choice the move is refused, naming the visit, and nothing moves.
    const e = expectAppError(() => moveSeries(f.ctx, { appointmentId: ids[3]!, scope: 'following', startAt: localInstant('2025-03-26', '10:00') }), 'SLOT_TAKEN');
    expect(e.details).toMatchObject({ appointmentId: ids[4] });
    expect(rowCounts(t.db)).toEqual(before);

    // With the nearest free time for visit 5, all three move together.
    const alt = taken.alternatives[0]!.start;
    const moved = moveSeries(f.ctx, {
      appointmentId: ids[3]!,
      scope: 'following',
      startAt: localInstant('2025-03-26', '10:00'),
      exceptions: [{ appointmentId: ids[4]!, startAt: alt }],
    });
    expect(moved.map((a) => local(a.startAt))).toEqual(['2025-03-26 10:00 Wed', local(alt), '2025-04-09 10:00 Wed']);
    expect(times(ids[0]!).slice(0, 3)).toEqual(['2025-03-04 10:00 Tue', '2025-03-11 10:00 Tue', '2025-03-18 10:00 Tue']);
    expect(auditOf(ids.slice(3), 'appointment.reschedule')).toBe(3);

    // The undo puts all three back where they were.
    undoSeriesChange(f.ctx, { changes: moved.map((a) => ({ appointmentId: a.id, expectedVersion: a.version })) });
    expect(times(ids[0]!).slice(3)).toEqual(['2025-03-25 10:00 Tue', '2025-04-01 10:00 Tue', '2025-04-08 10:00 Tue']);
  });

  it('a skipped visit stays where it is while the others move', () => {
    const s = bookSix();
    const ids = s.occurrences.map((o) => o.appointmentId);
    takeAnn('2025-04-02', '10:00');
    const moved = moveSeries(f.ctx, {
      appointmentId: ids[3]!,
      scope: 'following',
      startAt: localInstant('2025-03-26', '10:00'),
      exceptions: [{ appointmentId: ids[4]!, skip: true }],
    });
    expect(moved.map((a) => a.id)).toEqual([ids[3], ids[5]]);
    expect(times(ids[0]!).slice(3)).toEqual(['2025-03-26 10:00 Wed', '2025-04-01 10:00 Tue', '2025-04-09 10:00 Wed']);
  });

  it('moving a week later: each visit takes its sibling’s old time, the check agrees, and the undo goes back in the right order', () => {
    const s = bookSix();
    const ids = s.occurrences.map((o) => o.appointmentId);
    const check = checkSeriesMove(f.ctx, { appointmentId: ids[3]!, scope: 'following', startAt: localInstant('2025-04-01', '10:00') });
    expect(check.visits.every((v) => v.free)).toBe(true);
    const moved = moveSeries(f.ctx, { appointmentId: ids[3]!, scope: 'following', startAt: localInstant('2025-04-01', '10:00') });
    expect(moved.map((a) => local(a.startAt))).toEqual(['2025-04-01 10:00 Tue', '2025-04-08 10:00 Tue', '2025-04-15 10:00 Tue']);
    const undone = undoSeriesChange(f.ctx, { changes: moved.map((a) => ({ appointmentId: a.id, expectedVersion: a.version })) });
    expect(undone.map((a) => local(a.startAt))).toEqual(['2025-03-25 10:00 Tue', '2025-04-01 10:00 Tue', '2025-04-08 10:00 Tue']);
  });

  it('an undo that cannot take one time back undoes nothing; visits of two series or none are refused', () => {
    const s = bookSix();
    const ids = s.occurrences.map((o) => o.appointmentId);
    const cancelled = cancelSeries(f.ctx, { appointmentId: ids[3]!, scope: 'following', reason: 'Moving away' });
    takeAnn('2025-04-08', '10:00');
    const before = rowCounts(t.db);
    const e = expectAppError(
      () => undoSeriesChange(f.ctx, { changes: cancelled.map((a) => ({ appointmentId: a.id, expectedVersion: a.version })) }),
      'SLOT_TAKEN',
    );
    expect(e.message).toMatch(/2025-04-08.*Nothing was undone\.$/);
    expect(rowCounts(t.db)).toEqual(before);
    expect(statuses(ids[0]!).slice(3)).toEqual(['cancelled', 'cancelled', 'cancelled']);

    const single: AppointmentDto = takeAnn('2025-03-05', '10:00');
    expectAppError(() => undoSeriesChange(f.ctx, { changes: [{ appointmentId: single.id, expectedVersion: single.version }] }), 'VALIDATION');
    // A visit named as an exception must be one of the visits that move.
    expectAppError(
      () => moveSeries(f.ctx, { appointmentId: ids[1]!, scope: 'following', startAt: localInstant('2025-03-12', '10:00'), exceptions: [{ appointmentId: ids[0]!, skip: true }] }),
      'VALIDATION',
    );
  });
});

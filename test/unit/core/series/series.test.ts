import { DateTime } from 'luxon';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book } from '@main/core/booking';
import { bookSeries, cancelSeries, checkSeries, moveSeries, occurrencesOf, seriesOfAppointment } from '@main/core/series';
import type { CheckSeriesInput } from '@shared/schemas/waitlist';
import { buildClinic, localInstant, rowCounts, ZONE, type ClinicFixture } from '../../../helpers/clinic-fixture';
import { expectAppError } from '../../../helpers/expect-error';
import { openTempDb } from '../../../helpers/tempdb';

const local = (t: number, zone = ZONE) => DateTime.fromMillis(t, { zone }).toFormat("yyyy-MM-dd HH:mm ccc");

describe('series dates (luxon, location zone)', () => {
  it('weekly keeps the local time across the spring and autumn changes', () => {
    const first = localInstant('2025-02-25', '09:00');
    const list = occurrencesOf(ZONE, first, { frequency: 'weekly', interval: 2 }, { kind: 'count', count: 4 });
    expect(list.map((o) => local(o.startAt))).toEqual(['2025-02-25 09:00 Tue', '2025-03-11 09:00 Tue', '2025-03-25 09:00 Tue', '2025-04-08 09:00 Tue']);
    // 2025-03-09 changed the offset: the same wall time is one hour less apart in real time.
    expect(list[1]!.startAt - list[0]!.startAt).toBe(14 * 86_400_000 - 3_600_000);
    const autumn = occurrencesOf(ZONE, localInstant('2025-10-28', '16:30'), { frequency: 'weekly', interval: 1 }, { kind: 'until', until: '2025-11-11' });
    expect(autumn.map((o) => local(o.startAt))).toEqual(['2025-10-28 16:30 Tue', '2025-11-04 16:30 Tue', '2025-11-11 16:30 Tue']);
  });

  it('a wall time the clocks skip lands just after the jump', () => {
    const list = occurrencesOf('Europe/London', Date.UTC(2025, 2, 23, 1, 30), { frequency: 'weekly', interval: 1 }, { kind: 'count', count: 2 });
    expect(list.map((o) => local(o.startAt, 'Europe/London'))).toEqual(['2025-03-23 01:30 Sun', '2025-03-30 02:30 Sun']);
  });

  it('monthly on the same weekday and ordinal, or the last one; or on the same date, clamped', () => {
    const second = occurrencesOf(ZONE, localInstant('2025-01-14', '10:00'), { frequency: 'monthly', interval: 1, monthlyBy: 'weekday' }, { kind: 'count', count: 4 });
    expect(second.map((o) => local(o.startAt))).toEqual(['2025-01-14 10:00 Tue', '2025-02-11 10:00 Tue', '2025-03-11 10:00 Tue', '2025-04-08 10:00 Tue']);
    const fifth = occurrencesOf(ZONE, localInstant('2025-01-31', '10:00'), { frequency: 'monthly', interval: 1, monthlyBy: 'weekday' }, { kind: 'count', count: 3 });
    expect(fifth.map((o) => local(o.startAt))).toEqual(['2025-01-31 10:00 Fri', '2025-02-28 10:00 Fri', '2025-03-28 10:00 Fri']);
    const dates = occurrencesOf(ZONE, localInstant('2025-01-31', '10:00'), { frequency: 'monthly', interval: 2, monthlyBy: 'date' }, { kind: 'count', count: 3 });
    expect(dates.map((o) => o.date)).toEqual(['2025-01-31', '2025-03-31', '2025-05-31']);
  });

  it('refuses an end before the first visit, a single visit, or more than two years', () => {
    const first = localInstant('2025-03-04', '09:00');
    expectAppError(() => occurrencesOf(ZONE, first, { frequency: 'weekly', interval: 1 }, { kind: 'until', until: '2025-03-01' }), 'VALIDATION');
    expectAppError(() => occurrencesOf(ZONE, first, { frequency: 'weekly', interval: 1 }, { kind: 'until', until: '2025-03-05' }), 'VALIDATION');
    expectAppError(() => occurrencesOf(ZONE, first, { frequency: 'weekly', interval: 1 }, { kind: 'until', until: '2027-06-01' }), 'VALIDATION');
    expectAppError(() => occurrencesOf(ZONE, first, { frequency: 'monthly', interval: 12, monthlyBy: 'date' }, { kind: 'count', count: 4 }), 'VALIDATION');
  });
});

describe('booking a series', () => {
  let t: ReturnType<typeof openTempDb>;
  let f: ClinicFixture;
  beforeEach(() => {
    t = openTempDb();
    f = buildClinic(t.db);
  });
  afterEach(() => t.cleanup());

  const weekly = (over: Partial<CheckSeriesInput> = {}): CheckSeriesInput => ({
    patientId: f.patients.bob,
    providerId: f.providers.smith.id,
    locationId: f.main.id,
    typeId: f.types.checkup.id,
    startAt: localInstant('2025-03-04', '10:00'),
    rule: { frequency: 'weekly', interval: 1 },
    end: { kind: 'count', count: 6 },
    ...over,
  });

  it('checks every visit: a taken week comes with the nearest free times of the same provider', () => {
    book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: localInstant('2025-03-18', '10:00') });
    const before = rowCounts(t.db);
    const check = checkSeries(f.ctx, weekly());
    expect(rowCounts(t.db)).toEqual(before);
    expect(check.occurrences.map((o) => [o.date, o.free])).toEqual([
      ['2025-03-04', true],
      ['2025-03-11', true],
      ['2025-03-18', false],
      ['2025-03-25', true],
      ['2025-04-01', true],
      ['2025-04-08', true],
    ]);
    const taken = check.occurrences[2]!;
    expect(taken.problem).toMatchObject({ code: 'SLOT_TAKEN' });
    expect(taken.alternatives.map((s) => local(s.start))).toEqual(['2025-03-18 09:30 Tue', '2025-03-18 10:30 Tue', '2025-03-18 09:15 Tue']);
  });

  it('books the chosen visits all together, each with its own reminders, and links them', () => {
    const check = checkSeries(f.ctx, weekly({ end: { kind: 'count', count: 3 } }));
    const series = bookSeries(f.ctx, { ...weekly({ end: { kind: 'count', count: 3 } }), occurrences: check.occurrences.map((o) => ({ occurrence: o.occurrence, startAt: o.startAt })) });
    expect(series.occurrences.map((o) => [o.occurrence, local(o.startAt), o.status])).toEqual([
      [1, '2025-03-04 10:00 Tue', 'booked'],
      [2, '2025-03-11 10:00 Tue', 'booked'],
      [3, '2025-03-18 10:00 Tue', 'booked'],
    ]);
    for (const o of series.occurrences) {
      expect(t.db.prepare(`SELECT count(*) FROM reminders WHERE appointment_id = ?`).pluck().get(o.appointmentId)).toBe(2);
    }
    const outbox = t.db.prepare(`SELECT entity_type FROM outbox ORDER BY seq DESC LIMIT 4`).pluck().all();
    expect(outbox).toEqual(['appointment_series', 'appointment', 'appointment', 'appointment']);
    expect(seriesOfAppointment(t.db, { appointmentId: series.occurrences[1]!.appointmentId })?.id).toBe(series.id);
  });

  it('is all or none: one visit taken since the check refuses the series, naming it, and writes nothing', () => {
    const check = checkSeries(f.ctx, weekly());
    book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: localInstant('2025-03-25', '10:00') });
    const before = { ...rowCounts(t.db), series: t.db.prepare(`SELECT count(*) FROM appointment_series`).pluck().get() };
    const e = expectAppError(
      () => bookSeries(f.ctx, { ...weekly(), occurrences: check.occurrences.map((o) => ({ occurrence: o.occurrence, startAt: o.startAt })) }),
      'SLOT_TAKEN',
    );
    expect(e.message).toMatch(/^Visit 4 \(2025-03-25\)/);
    expect(e.details).toMatchObject({ occurrence: 4 });
    expect({ ...rowCounts(t.db), series: t.db.prepare(`SELECT count(*) FROM appointment_series`).pluck().get() }).toEqual(before);
    // A visit far from its place in the rule, or one the rule does not have, is refused at the field.
    expectAppError(() => bookSeries(f.ctx, { ...weekly(), occurrences: [{ occurrence: 9, startAt: localInstant('2025-03-04', '10:00') }] }), 'VALIDATION');
    expectAppError(() => bookSeries(f.ctx, { ...weekly(), occurrences: [{ occurrence: 1, startAt: localInstant('2025-03-14', '10:00') }] }), 'VALIDATION');
  });

  it('cancels one visit or this and the following; moves this and the following by the same local step', () => {
    const check = checkSeries(f.ctx, weekly({ end: { kind: 'count', count: 4 } }));
    const s = bookSeries(f.ctx, { ...weekly({ end: { kind: 'count', count: 4 } }), occurrences: check.occurrences.map((o) => ({ occurrence: o.occurrence, startAt: o.startAt })) });
    const [one, two, three] = s.occurrences;
    // Tuesday 10:00 → Wednesday 11:30 for the second and later.
    const moved = moveSeries(f.ctx, { appointmentId: two!.appointmentId, scope: 'following', startAt: localInstant('2025-03-12', '11:30') });
    expect(moved.map((a) => local(a.startAt))).toEqual(['2025-03-12 11:30 Wed', '2025-03-19 11:30 Wed', '2025-03-26 11:30 Wed']);
    expect(seriesOfAppointment(t.db, { appointmentId: one!.appointmentId })!.occurrences.map((o) => local(o.startAt))[0]).toBe('2025-03-04 10:00 Tue');
    const cancelled = cancelSeries(f.ctx, { appointmentId: three!.appointmentId, scope: 'following', reason: 'Moving away' });
    expect(cancelled.map((a) => a.status)).toEqual(['cancelled', 'cancelled']);
    const after = seriesOfAppointment(t.db, { appointmentId: one!.appointmentId })!;
    expect(after.occurrences.map((o) => o.status)).toEqual(['booked', 'booked', 'cancelled', 'cancelled']);
    expect(t.db.prepare(`SELECT count(*) FROM reminders WHERE appointment_id = ? AND state = 'scheduled'`).pluck().get(three!.appointmentId)).toBe(0);
  });

  it('a later visit that cannot move keeps the whole move from happening', () => {
    const check = checkSeries(f.ctx, weekly({ end: { kind: 'count', count: 3 } }));
    const s = bookSeries(f.ctx, { ...weekly({ end: { kind: 'count', count: 3 } }), occurrences: check.occurrences.map((o) => ({ occurrence: o.occurrence, startAt: o.startAt })) });
    book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: localInstant('2025-03-18', '14:00') });
    const before = rowCounts(t.db);
    const e = expectAppError(() => moveSeries(f.ctx, { appointmentId: s.occurrences[0]!.appointmentId, scope: 'following', startAt: localInstant('2025-03-04', '14:00') }), 'SLOT_TAKEN');
    // Named as the desk reads it, on the location's clock and in the clinic's time format.
    expect(e.message).toMatch(/^The visit of Tue, Mar 18, 2:00 PM cannot move with the others: /);
    expect(rowCounts(t.db)).toEqual(before);
  });
});

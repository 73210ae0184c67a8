import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book, listForDay } from '@main/core/booking';
import { setHoursOverride } from '@main/core/clinic';
import type { AppointmentsChangedEvent } from '@main/core/events';
import type { BookInput } from '@shared/schemas/booking';
import { buildClinic, type ClinicFixture } from '../../../helpers/clinic-fixture';
import { expectAppError } from '../../../helpers/expect-error';
import { openTempDb } from '../../../helpers/tempdb';

/**
 * America/New_York: 2025-03-09 springs forward (02:00 EST → 03:00 EDT, a
 * 23-hour day) and 2025-11-02 falls back (02:00 EDT → 01:00 EST, 25 hours).
 * Instants are written in UTC here so the expectations do not depend on the
 * code under test's own zone arithmetic.
 */
const utc = (iso: string) => Date.parse(iso);

let t: ReturnType<typeof openTempDb>;
let f: ClinicFixture;
beforeEach(() => {
  t = openTempDb();
  f = buildClinic(t.db);
});
afterEach(() => t.cleanup());

const input = (startAt: number, over: Partial<BookInput> = {}): BookInput => ({
  patientId: f.patients.ann,
  providerId: f.providers.smith.id,
  locationId: f.main.id,
  typeId: f.types.checkup.id,
  startAt,
  ...over,
});

describe('booking on DST days in America/New_York', () => {
  it('spring forward: special hours 00:00–06:00 are five real hours', () => {
    setHoursOverride(f.ctx, {
      providerId: f.providers.smith.id,
      locationId: f.main.id,
      date: '2025-03-09',
      intervals: [
        { startMin: 0, endMin: 360 },
        { startMin: 1380, endMin: 1440 },
      ],
    });
    // 01:30 EST for an hour ends at 03:30 EDT: one real hour across the jump.
    const across = book(f.ctx, input(utc('2025-03-09T06:30:00Z'), { durationMin: 60 }));
    expect(across.endAt).toBe(utc('2025-03-09T07:30:00Z'));
    // Closing is 06:00 EDT = 10:00Z.
    expectAppError(() => book(f.ctx, input(utc('2025-03-09T09:45:00Z'), { patientId: f.patients.bob })), 'OUTSIDE_HOURS');
    expect(book(f.ctx, input(utc('2025-03-09T09:30:00Z'))).endAt).toBe(utc('2025-03-09T10:00:00Z'));
    // Opening is 00:00 EST = 05:00Z.
    expectAppError(() => book(f.ctx, input(utc('2025-03-09T04:45:00Z'), { patientId: f.patients.bob })), 'OUTSIDE_HOURS');
    expect(book(f.ctx, input(utc('2025-03-09T05:00:00Z'), { patientId: f.patients.bob })).status).toBe('booked');

    // 24 h before 01:30 EST Sunday is 01:30 EST Saturday: reminders are absolute offsets.
    const due = t.db
      .prepare(`SELECT due_at FROM reminders WHERE appointment_id = ? AND offset_min = 1440`)
      .pluck()
      .get(across.id);
    expect(due).toBe(utc('2025-03-08T06:30:00Z'));

    // The last half hour of the 23-hour day (23:30 EDT = 03:30Z next UTC day) belongs to March 9.
    const events: AppointmentsChangedEvent[] = [];
    const off = f.ctx.events.on('appointments/changed', (e) => events.push(e));
    const late = book(f.ctx, input(utc('2025-03-10T03:30:00Z'), { patientId: f.patients.cyd }));
    off();
    expect(events[0]!.dates).toEqual(['2025-03-09']);
    expect(listForDay(t.db, { locationId: f.main.id, date: '2025-03-09' }).map((a) => a.startAt)).toEqual([
      utc('2025-03-09T05:00:00Z'),
      utc('2025-03-09T06:30:00Z'),
      utc('2025-03-09T09:30:00Z'),
      late.startAt,
    ]);
    expect(listForDay(t.db, { locationId: f.main.id, date: '2025-03-10' })).toEqual([]);
  });

  it('weekly hours keep their wall-clock times across the change', () => {
    // Monday 2025-03-10 09:00 EDT = 13:00Z (a week earlier 09:00 was 14:00Z).
    expect(book(f.ctx, input(utc('2025-03-10T13:00:00Z'))).status).toBe('booked');
    expectAppError(() => book(f.ctx, input(utc('2025-03-10T12:30:00Z'), { patientId: f.patients.bob })), 'OUTSIDE_HOURS');
    expect(book(f.ctx, input(utc('2025-03-10T20:30:00Z'), { patientId: f.patients.bob })).endAt).toBe(utc('2025-03-10T21:00:00Z'));
    expectAppError(() => book(f.ctx, input(utc('2025-03-10T21:30:00Z'), { patientId: f.patients.cyd })), 'OUTSIDE_HOURS');
  });

  it('fall back: the repeated hour can hold two visits, and 00:00–03:00 is four real hours', () => {
    setHoursOverride(f.ctx, {
      providerId: f.providers.smith.id,
      locationId: f.main.id,
      date: '2025-11-02',
      intervals: [{ startMin: 0, endMin: 180 }],
    });
    const firstOneThirty = book(f.ctx, input(utc('2025-11-02T05:30:00Z'))); // 01:30 EDT
    const secondOneThirty = book(f.ctx, input(utc('2025-11-02T06:30:00Z'), { patientId: f.patients.bob })); // 01:30 EST
    expect(secondOneThirty.startAt - firstOneThirty.startAt).toBe(3_600_000);
    // Closing is 03:00 EST = 08:00Z.
    expectAppError(() => book(f.ctx, input(utc('2025-11-02T07:45:00Z'), { patientId: f.patients.cyd })), 'OUTSIDE_HOURS');
    expect(book(f.ctx, input(utc('2025-11-02T07:30:00Z'), { patientId: f.patients.cyd })).endAt).toBe(utc('2025-11-02T08:00:00Z'));
    expect(book(f.ctx, input(utc('2025-11-02T04:00:00Z'), { patientId: f.patients.cyd })).status).toBe('booked'); // 00:00 EDT
    expect(listForDay(t.db, { locationId: f.main.id, date: '2025-11-02' })).toHaveLength(4);
    expect(listForDay(t.db, { locationId: f.main.id, date: '2025-11-01' })).toEqual([]);
  });
});

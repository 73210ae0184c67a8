import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book, cancel } from '@main/core/booking';
import { calendarRange } from '@main/core/calendar/range';
import { packCalendarRange, unpackCalendarRange, type CalendarRangeWire } from '@shared/ipc/calendar-range-wire';
import { buildClinic, localInstant, type ClinicFixture } from '../../helpers/clinic-fixture';
import { openTempDb } from '../../helpers/tempdb';

/**
 * The range read travels with its visits as columns: what the page unpacks is
 * the range main read, field for field, after a real JSON trip, and in far
 * fewer bytes than the visits as objects.
 */
let t: ReturnType<typeof openTempDb>;
let f: ClinicFixture;
beforeEach(() => {
  t = openTempDb();
  f = buildClinic(t.db);
});
afterEach(() => t.cleanup());

const tue = (time: string) => localInstant('2025-03-04', time);
const day = () => calendarRange(t.db, { from: tue('00:00'), to: localInstant('2025-03-05', '00:00') });
const overTheWire = (wire: CalendarRangeWire): CalendarRangeWire => JSON.parse(JSON.stringify(wire)) as CalendarRangeWire;

describe('the calendar range on the wire', () => {
  it('unpacks to the range main read: rooms, buffers, statuses, reminder states and alerts kept, nulls kept null', () => {
    const cleaning = book(f.ctx, {
      patientId: f.patients.ann,
      providerId: f.providers.smith.id,
      locationId: f.main.id,
      typeId: f.types.cleaning.id,
      roomId: f.rooms.op1.id,
      startAt: tue('10:00'),
    });
    const checkup = book(f.ctx, { patientId: f.patients.bob, providerId: f.providers.jones.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: tue('09:00') });
    cancel(f.ctx, { id: checkup.id, reason: 'Patient called' });
    book(f.ctx, { patientId: f.patients.bob, providerId: f.providers.jones.id, locationId: f.main.id, typeId: f.types.checkup.id, startAt: tue('09:00') });
    t.db.prepare(`UPDATE patients SET alert = 'Allergic to latex' WHERE id = ?`).run(f.patients.ann);
    t.db.prepare(`UPDATE reminders SET state = 'failed' WHERE appointment_id = ? AND offset_min = 60`).run(cleaning.id);

    const range = day();
    expect(range.appointments).toHaveLength(3);
    const back = unpackCalendarRange(overTheWire(packCalendarRange(range)));
    expect(back).toEqual(range);
    const cleaningBack = back.appointments.find((a) => a.id === cleaning.id)!;
    // The type's 5 minutes before and 10 after travel as offsets and come back as instants.
    expect([cleaningBack.busyStartAt, cleaningBack.busyEndAt]).toEqual([tue('09:55'), tue('10:55')]);
    expect(cleaningBack).toMatchObject({ roomId: f.rooms.op1.id, patientAlert: true, reminderState: 'failed', teamId: null, inSeries: false });
  });

  it('sends a busy day in well under half the bytes of the visits as objects', () => {
    for (let i = 0; i < 12; i++) {
      book(f.ctx, {
        patientId: [f.patients.ann, f.patients.bob][i % 2]!,
        providerId: [f.providers.smith.id, f.providers.jones.id][i % 2]!,
        locationId: f.main.id,
        typeId: f.types.checkup.id,
        startAt: tue('09:00') + Math.floor(i / 2) * 30 * 60_000,
      });
    }
    const range = day();
    expect(range.appointments).toHaveLength(12);
    const asObjects = JSON.stringify(range.appointments).length;
    const asColumns = JSON.stringify(packCalendarRange(range).visits).length;
    expect(asColumns).toBeLessThan(asObjects * 0.45);
  });

  it('carries an empty range', () => {
    const range = day();
    expect(range.appointments).toEqual([]);
    expect(unpackCalendarRange(overTheWire(packCalendarRange(range)))).toEqual(range);
  });
});

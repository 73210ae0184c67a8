import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book, cancel, createBookingService, getAppointment, listAppointmentsInRange, listForDay } from '@main/core/booking';
import type { BookInput } from '@shared/schemas/booking';
import { buildClinic, localInstant, type ClinicFixture } from '../../../helpers/clinic-fixture';
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

describe('reads for the day grid', () => {
  it('lists a day by start time with names, optionally per provider and with cancellations', () => {
    const a = book(f.ctx, input({ startAt: tue('10:00') }));
    const b = book(f.ctx, input({ providerId: f.providers.jones.id, patientId: f.patients.bob, typeId: f.types.cleaning.id }));
    const c = book(f.ctx, input({ patientId: f.patients.cyd, startAt: tue('11:00') }));
    book(f.ctx, input({ startAt: localInstant('2025-03-05', '09:00') }));
    cancel(f.ctx, { id: c.id, reason: 'x' });

    const day = listForDay(t.db, { locationId: f.main.id, date: '2025-03-04' });
    expect(day.map((x) => x.id)).toEqual([b.id, a.id]);
    expect(day[0]).toMatchObject({
      ...b,
      patientGivenName: 'Bob',
      patientFamilyName: 'Baker',
      typeName: 'Cleaning',
      typeColour: '#17becf',
    });
    expect(listForDay(t.db, { locationId: f.main.id, date: '2025-03-04', providerIds: [f.providers.smith.id] }).map((x) => x.id)).toEqual([a.id]);
    expect(listForDay(t.db, { locationId: f.main.id, date: '2025-03-04', includeCancelled: true }).map((x) => x.id)).toEqual([b.id, a.id, c.id]);
    expect(listForDay(t.db, { locationId: f.uptown.id, date: '2025-03-04' })).toEqual([]);
    expectAppError(() => listForDay(t.db, { locationId: f.main.id, date: '4 March' }), 'VALIDATION');
    expectAppError(() => listForDay(t.db, { locationId: 'ghost', date: '2025-03-04' }), 'NOT_FOUND');
  });

  it('lists visits overlapping a range, including one that started before it', () => {
    const long = book(f.ctx, input({ durationMin: 120 })); // 09:00-11:00
    const range = listAppointmentsInRange(t.db, { from: tue('10:30'), to: tue('10:45') });
    expect(range.map((x) => x.id)).toEqual([long.id]);
    expect(listAppointmentsInRange(t.db, { from: tue('11:00'), to: tue('12:00') })).toEqual([]);
    expect(listAppointmentsInRange(t.db, { from: tue('08:00'), to: tue('09:00') })).toEqual([]);
  });

  it('gets one visit, and the bound service does the same as the functions', () => {
    const svc = createBookingService(f.ctx);
    const a = svc.book(input());
    expect(svc.get({ id: a.id })).toEqual(getAppointment(t.db, { id: a.id }));
    expect(svc.confirm({ id: a.id }).status).toBe('confirmed');
    expect(svc.listForDay({ locationId: f.main.id, date: '2025-03-04' })).toHaveLength(1);
    expectAppError(() => svc.get({ id: 'ghost' }), 'NOT_FOUND');
  });
});

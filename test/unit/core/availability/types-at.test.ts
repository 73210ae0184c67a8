import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { explainTime, typesAtTime } from '@main/core/availability';
import { book, cancel } from '@main/core/booking';
import type { AppointmentTypeId } from '@shared/domain/ids';
import { buildClinic, localInstant, type ClinicFixture } from '../../../helpers/clinic-fixture';
import { expectAppError } from '../../../helpers/expect-error';
import { openTempDb } from '../../../helpers/tempdb';

/** "Now" is Monday 2025-03-03 08:00 New York; Smith works Mon–Fri 09–12 and 13–17 at Main. */
let t: ReturnType<typeof openTempDb>;
let f: ClinicFixture;
beforeEach(() => {
  t = openTempDb();
  f = buildClinic(t.db);
});
afterEach(() => t.cleanup());

const at = (date: string, time: string) => localInstant(date, time);
const visit = (typeId: AppointmentTypeId, startAt: number) =>
  book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, locationId: f.main.id, typeId, startAt });

describe('typesAtTime', () => {
  it('puts the types that fit first, the provider’s most-booked first; cancelled visits do not count', () => {
    visit(f.types.surgery.id, at('2025-03-05', '09:00'));
    const second = visit(f.types.surgery.id, at('2025-03-05', '13:00'));
    visit(f.types.cleaning.id, at('2025-03-06', '09:00'));
    const r = typesAtTime(t.db, f.ctx.clock, { providerId: f.providers.smith.id, start: at('2025-03-04', '09:00') });
    expect(r).toMatchObject({ locationId: f.main.id, zone: 'America/New_York' });
    expect(r.types).toEqual([
      { typeId: f.types.surgery.id, fits: true, booked: 2 },
      { typeId: f.types.cleaning.id, fits: true, booked: 1 },
      { typeId: f.types.checkup.id, fits: true, booked: 0 },
    ]);
    cancel(f.ctx, { id: second.id, reason: 'moved away' });
    // Equal counts keep name order; the inactive "Old type" is never offered.
    expect(typesAtTime(t.db, f.ctx.clock, { providerId: f.providers.smith.id, start: at('2025-03-04', '09:00') }).types.map((x) => x.typeId)).toEqual([
      f.types.cleaning.id,
      f.types.surgery.id,
      f.types.checkup.id,
    ]);
  });

  it('never says a type fits where the slot engine would refuse it: before the lunch break only the short one fits', () => {
    visit(f.types.surgery.id, at('2025-03-05', '09:00'));
    const start = at('2025-03-04', '11:30');
    const r = typesAtTime(t.db, f.ctx.clock, { providerId: f.providers.smith.id, start });
    expect(r.types.map((x) => [x.typeId, x.fits])).toEqual([
      [f.types.checkup.id, true],
      [f.types.surgery.id, false],
      [f.types.cleaning.id, false],
    ]);
    for (const x of r.types) {
      expect(explainTime(t.db, f.ctx.clock, { providerId: f.providers.smith.id, typeId: x.typeId, start }).bookable).toBe(x.fits);
    }
    // Inside a cleaning's clean-up time nothing fits.
    visit(f.types.cleaning.id, at('2025-03-04', '09:00'));
    expect(typesAtTime(t.db, f.ctx.clock, { providerId: f.providers.smith.id, start: at('2025-03-04', '09:45') }).types.some((x) => x.fits)).toBe(false);
  });

  it('refuses an unknown or inactive provider', () => {
    expectAppError(() => typesAtTime(t.db, f.ctx.clock, { providerId: f.providers.retired.id, start: at('2025-03-04', '09:00') }), 'VALIDATION');
    expectAppError(() => typesAtTime(t.db, f.ctx.clock, { providerId: '01a25017-a61e-7051-8329-a5298e21247b', start: at('2025-03-04', '09:00') }), 'NOT_FOUND');
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findSlotsFor } from '@main/core/availability';
import {
  addOpeningHours,
  createAppointmentType,
  createLocation,
  createProvider,
  removeOpeningHours,
  setHoursOverride,
  updateAppointmentType,
  updateLocation,
  updateOpeningHours,
  updateProvider,
} from '@main/core/clinic';
import type { LocationDto, ProviderDto } from '@shared/domain/clinic';
import { openTempDb } from '../../../helpers/tempdb';
import { rowCounts, testContext, type TestContext } from '../../../helpers/clinic-fixture';
import { expectAppError } from '../../../helpers/expect-error';

/** "Now" (fixture): Monday 2025-03-03 08:00 in New York. */
let t: ReturnType<typeof openTempDb>;
let ctx: TestContext;
let main: LocationDto;
let lee: ProviderDto;
let kim: ProviderDto;
beforeEach(() => {
  t = openTempDb();
  ctx = testContext(t.db);
  main = createLocation(ctx, { name: 'Main', zone: 'America/New_York' });
  lee = createProvider(ctx, { name: 'Dr. Lee', colour: '#1f77b4', zone: 'America/New_York' });
  kim = createProvider(ctx, { name: 'Dr. Kim', colour: '#ff7f0e', zone: 'America/New_York' });
});
afterEach(() => t.cleanup());

const hours = (providerId: string, weekday: number, startMin: number, endMin: number) =>
  addOpeningHours(ctx, { providerId, locationId: main.id, weekday, startMin, endMin, effectiveFrom: '2025-01-01' });
const issuePaths = (e: { details?: Record<string, unknown> }) =>
  ((e.details?.issues ?? []) as Array<{ path: string }>).map((i) => i.path);

describe('set-up validation (every caller, nothing saved)', () => {
  it('refuses a time zone that does not exist, at the zone field', () => {
    const before = rowCounts(t.db);
    for (const zone of ['Mars/Olympus_Mons', 'EST5EDT-ish', '', 'America/New York']) {
      expect(issuePaths(expectAppError(() => createLocation(ctx, { name: 'X', zone }), 'VALIDATION'))).toEqual(['zone']);
      expect(issuePaths(expectAppError(() => createProvider(ctx, { name: 'X', colour: '#000000', zone }), 'VALIDATION'))).toEqual(['zone']);
    }
    expectAppError(() => updateLocation(ctx, { id: main.id, zone: 'Europe/Atlantis' }), 'VALIDATION');
    expectAppError(() => updateProvider(ctx, { id: lee.id, zone: 'Nowhere/Town' }), 'VALIDATION');
    expect(rowCounts(t.db)).toEqual(before);
  });

  it('refuses opening hours overlapping the provider’s other hours', () => {
    hours(lee.id, 1, 540, 720);
    const before = rowCounts(t.db);
    const e = expectAppError(() => hours(lee.id, 1, 690, 780), 'VALIDATION');
    expect(e.details?.conflictingOpeningHoursId).toEqual(expect.any(String));
    expect(rowCounts(t.db)).toEqual(before);
    hours(lee.id, 1, 780, 1020); // after a lunch break: fine
  });

  it('refuses an appointment type longer than any opening of its providers, at the duration field', () => {
    hours(lee.id, 1, 540, 600); // 09:00–10:00
    hours(lee.id, 2, 540, 630); // 09:00–10:30
    const before = rowCounts(t.db);
    const e = expectAppError(
      () => createAppointmentType(ctx, { name: 'Crown', durationMin: 120, colour: '#112233', providerIds: [lee.id] }),
      'VALIDATION',
    );
    expect(issuePaths(e)).toEqual(['durationMin']);
    expect(e.message).toContain('longest is 1 h 30 min');
    expect(rowCounts(t.db)).toEqual(before);

    const type = createAppointmentType(ctx, { name: 'Crown', durationMin: 90, colour: '#112233', providerIds: [lee.id] });
    expect(issuePaths(expectAppError(() => updateAppointmentType(ctx, { id: type.id, durationMin: 95 }), 'VALIDATION'))).toEqual(['durationMin']);
    // Hours that touch make one opening: 10:30–12:00 after 09:00–10:30 is three hours.
    hours(lee.id, 2, 630, 720);
    expect(updateAppointmentType(ctx, { id: type.id, durationMin: 180 }).durationMin).toBe(180);
  });

  it('refuses naming a provider with no opening hours once the clinic has hours, at the providers field', () => {
    // Before any hours exist (a clinic being described), types may name anyone.
    const early = createAppointmentType(ctx, { name: 'Check-up', durationMin: 30, colour: '#112233', providerIds: [lee.id, kim.id] });
    hours(lee.id, 1, 540, 720);
    const before = rowCounts(t.db);
    const e = expectAppError(
      () => createAppointmentType(ctx, { name: 'Filling', durationMin: 30, colour: '#112233', providerIds: [lee.id, kim.id] }),
      'VALIDATION',
    );
    expect(issuePaths(e)).toEqual(['providerIds']);
    expect(e.message).toContain('Dr. Kim has no opening hours yet');
    expectAppError(() => updateAppointmentType(ctx, { id: early.id, providerIds: [kim.id] }), 'VALIDATION');
    expect(rowCounts(t.db)).toEqual(before);
    // An inactive provider is not offered anyway: no refusal.
    updateProvider(ctx, { id: kim.id, active: false });
    createAppointmentType(ctx, { name: 'Filling', durationMin: 30, colour: '#112233', providerIds: [lee.id, kim.id] });
  });
});

describe('opening-hours changes reach the slot engine at once', () => {
  it('adds, moves, closes and removes hours, and the next search follows each change', () => {
    const type = createAppointmentType(ctx, { name: 'Check-up', durationMin: 30, colour: '#112233', providerIds: [lee.id] });
    const find = () =>
      findSlotsFor(t.db, ctx.clock, { typeId: type.id, who: { kind: 'provider', providerId: lee.id }, fromDate: '2025-03-10', toDate: '2025-03-10' }).slots.length;
    expect(find()).toBe(0);
    const rule = hours(lee.id, 1, 540, 600); // Monday 09:00–10:00: 09:00, 09:15, 09:30
    expect(find()).toBe(3);
    updateOpeningHours(ctx, { id: rule.id, endMin: 660 }); // until 11:00
    expect(find()).toBe(7);
    setHoursOverride(ctx, { providerId: lee.id, locationId: main.id, date: '2025-03-10', intervals: [] }); // closed that day
    expect(find()).toBe(0);
    setHoursOverride(ctx, { providerId: lee.id, locationId: main.id, date: '2025-03-10', intervals: [{ startMin: 840, endMin: 900 }] });
    expect(find()).toBe(3);
    removeOpeningHours(ctx, { id: rule.id });
    expect(find()).toBe(3); // the special hours of that date still stand
  });
});

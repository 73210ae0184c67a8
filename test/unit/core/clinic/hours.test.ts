import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addOpeningHours,
  createLocation,
  createProvider,
  listHoursOverrides,
  listOpeningHours,
  loadLocationHours,
  removeHoursOverride,
  removeOpeningHours,
  setHoursOverride,
  updateOpeningHours,
} from '@main/core/clinic';
import { openIntervals } from '@main/core/slots/hours';
import type { LocationDto, ProviderDto } from '@shared/domain/clinic';
import { openTempDb } from '../../../helpers/tempdb';
import { localInstant, rowCounts, testContext, type TestContext } from '../../../helpers/clinic-fixture';
import { expectAppError } from '../../../helpers/expect-error';

let t: ReturnType<typeof openTempDb>;
let ctx: TestContext;
let main: LocationDto;
let other: LocationDto;
let dr: ProviderDto;
beforeEach(() => {
  t = openTempDb();
  ctx = testContext(t.db);
  main = createLocation(ctx, { name: 'Main', zone: 'America/New_York' });
  other = createLocation(ctx, { name: 'Other', zone: 'America/New_York' });
  dr = createProvider(ctx, { name: 'Dr', colour: '#000000', zone: 'America/New_York' });
});
afterEach(() => t.cleanup());

const rule = (over: Partial<Parameters<typeof addOpeningHours>[1]> = {}) => ({
  providerId: dr.id,
  locationId: main.id,
  weekday: 1,
  startMin: 540,
  endMin: 720,
  effectiveFrom: '2025-01-01',
  ...over,
});

describe('weekly opening hours', () => {
  it('accepts breaks, other weekdays and consecutive effective ranges', () => {
    addOpeningHours(ctx, rule());
    addOpeningHours(ctx, rule({ startMin: 780, endMin: 1020 })); // after lunch
    addOpeningHours(ctx, rule({ startMin: 720, endMin: 780, weekday: 2 }));
    const ending = addOpeningHours(ctx, rule({ weekday: 3, effectiveUntil: '2025-03-31' }));
    addOpeningHours(ctx, rule({ weekday: 3, effectiveFrom: '2025-04-01', startMin: 600 }));
    expect(listOpeningHours(t.db, dr.id, main.id).map((r) => [r.weekday, r.startMin, r.endMin])).toEqual([
      [1, 540, 720],
      [1, 780, 1020],
      [2, 720, 780],
      [3, 540, 720],
      [3, 600, 720],
    ]);
    expect(ending.effectiveUntil).toBe('2025-03-31');
  });

  it.each([
    ['same times', {}],
    ['partly overlapping times', { startMin: 700, endMin: 800 }],
    ['at another location (one provider, one place)', { locationId: 'OTHER' }],
    ['a later open-ended rule over an open-ended one', { effectiveFrom: '2026-01-01' }],
    ['a bounded rule inside an open-ended one', { effectiveFrom: '2025-02-01', effectiveUntil: '2025-02-28' }],
  ])('rejects %s and writes nothing', (_name, over) => {
    const first = addOpeningHours(ctx, rule());
    const before = rowCounts(t.db);
    const o = { ...over } as Record<string, unknown>;
    if (o.locationId === 'OTHER') o.locationId = other.id;
    const e = expectAppError(() => addOpeningHours(ctx, rule(o)), 'VALIDATION');
    expect(e.details).toEqual({ conflictingOpeningHoursId: first.id });
    expect(rowCounts(t.db)).toEqual(before);
    expect(listOpeningHours(t.db, dr.id)).toHaveLength(1);
  });

  it('accepts a rule ending before an existing one starts', () => {
    addOpeningHours(ctx, rule({ effectiveFrom: '2025-06-01' }));
    addOpeningHours(ctx, rule({ effectiveFrom: '2025-01-01', effectiveUntil: '2025-05-31' }));
    expect(listOpeningHours(t.db, dr.id)).toHaveLength(2);
  });

  it.each([
    [{ startMin: 600, endMin: 600 }],
    [{ startMin: 600, endMin: 500 }],
    [{ endMin: 1441 }],
    [{ weekday: 0 }],
    [{ weekday: 8 }],
    [{ effectiveFrom: '2025-02-30' }],
    [{ effectiveFrom: '2025-05-01', effectiveUntil: '2025-04-30' }],
  ])('rejects the invalid rule %j', (over) => {
    expectAppError(() => addOpeningHours(ctx, rule(over)), 'VALIDATION');
    expect(listOpeningHours(t.db, dr.id)).toEqual([]);
  });

  it('updates a rule (its own old span does not count) but not into another rule', () => {
    const a = addOpeningHours(ctx, rule());
    const b = addOpeningHours(ctx, rule({ startMin: 780, endMin: 1020 }));
    expect(updateOpeningHours(ctx, { id: a.id, startMin: 480 })).toMatchObject({ id: a.id, startMin: 480, endMin: 720 });
    expectAppError(() => updateOpeningHours(ctx, { id: b.id, startMin: 700 }), 'VALIDATION');
    expectAppError(() => updateOpeningHours(ctx, { id: b.id, endMin: 700 }), 'VALIDATION'); // end before start once merged
    expectAppError(() => updateOpeningHours(ctx, { id: 'ghost', endMin: 700 }), 'NOT_FOUND');
    removeOpeningHours(ctx, { id: a.id });
    expect(listOpeningHours(t.db, dr.id).map((r) => r.id)).toEqual([b.id]);
  });

  it('checks that the provider and the location exist', () => {
    expectAppError(() => addOpeningHours(ctx, rule({ providerId: 'ghost' })), 'NOT_FOUND');
    expectAppError(() => addOpeningHours(ctx, rule({ locationId: 'ghost' })), 'NOT_FOUND');
  });
});

describe('date overrides and loadLocationHours', () => {
  it('replace the weekly hours of one date, and are removed again', () => {
    addOpeningHours(ctx, rule()); // Mondays 09:00-12:00
    addOpeningHours(ctx, rule({ locationId: other.id, weekday: 2 }));
    setHoursOverride(ctx, { providerId: dr.id, locationId: main.id, date: '2025-03-10', intervals: [] });
    setHoursOverride(ctx, {
      providerId: dr.id,
      locationId: main.id,
      date: '2025-03-17',
      intervals: [
        { startMin: 900, endMin: 960 },
        { startMin: 600, endMin: 660 },
      ],
    });
    expect(listHoursOverrides(t.db, dr.id, main.id)).toEqual([
      { providerId: dr.id, locationId: main.id, date: '2025-03-10', intervals: [] },
      {
        providerId: dr.id,
        locationId: main.id,
        date: '2025-03-17',
        intervals: [
          { startMin: 600, endMin: 660 },
          { startMin: 900, endMin: 960 },
        ],
      },
    ]);

    const hours = loadLocationHours(t.db, dr.id, main.id);
    expect(hours.zone).toBe('America/New_York');
    expect(hours.weekly).toEqual([{ weekday: 1, startMin: 540, endMin: 720, effectiveFrom: '2025-01-01', effectiveUntil: null }]);
    const day = (d: string) =>
      openIntervals(hours, localInstant(d, '00:00'), localInstant(d, '23:59')).map((i) => [i.start, i.end]);
    expect(day('2025-03-03')).toEqual([[localInstant('2025-03-03', '09:00'), localInstant('2025-03-03', '12:00')]]);
    expect(day('2025-03-10')).toEqual([]);
    expect(day('2025-03-17')).toEqual([
      [localInstant('2025-03-17', '10:00'), localInstant('2025-03-17', '11:00')],
      [localInstant('2025-03-17', '15:00'), localInstant('2025-03-17', '16:00')],
    ]);

    // Setting a date again replaces it; removing returns it to the weekly hours.
    setHoursOverride(ctx, { providerId: dr.id, locationId: main.id, date: '2025-03-17', intervals: [{ startMin: 480, endMin: 540 }] });
    expect(listHoursOverrides(t.db, dr.id, main.id, { fromDate: '2025-03-11' })).toEqual([
      { providerId: dr.id, locationId: main.id, date: '2025-03-17', intervals: [{ startMin: 480, endMin: 540 }] },
    ]);
    removeHoursOverride(ctx, { providerId: dr.id, locationId: main.id, date: '2025-03-10' });
    expect(day('2025-03-10')).toEqual([]); // still the cached `hours`
    const reloaded = loadLocationHours(t.db, dr.id, main.id);
    expect(openIntervals(reloaded, localInstant('2025-03-10', '00:00'), localInstant('2025-03-11', '00:00'))).toHaveLength(1);
    expect(loadLocationHours(t.db, dr.id, other.id).weekly).toHaveLength(1);
  });

  it('loads only what a date range needs when given one', () => {
    addOpeningHours(ctx, rule()); // Mondays
    addOpeningHours(ctx, rule({ weekday: 2, effectiveUntil: '2025-03-31' })); // Tuesdays until March
    addOpeningHours(ctx, rule({ weekday: 2, effectiveFrom: '2025-04-01', startMin: 600 }));
    addOpeningHours(ctx, rule({ weekday: 7 }));
    setHoursOverride(ctx, { providerId: dr.id, locationId: main.id, date: '2025-03-04', intervals: [] });
    setHoursOverride(ctx, { providerId: dr.id, locationId: main.id, date: '2025-03-11', intervals: [] });
    const pick = (fromDate: string, toDate: string) => {
      const h = loadLocationHours(t.db, dr.id, main.id, { fromDate, toDate });
      return { weekly: h.weekly.map((r) => [r.weekday, r.startMin]), overrides: h.overrides.map((o) => o.date) };
    };
    expect(pick('2025-03-04', '2025-03-04')).toEqual({ weekly: [[2, 540]], overrides: ['2025-03-04'] });
    expect(pick('2025-03-31', '2025-04-01')).toEqual({ weekly: [[1, 540], [2, 540], [2, 600]], overrides: [] });
    expect(pick('2025-03-08', '2025-03-10')).toEqual({ weekly: [[1, 540], [7, 540]], overrides: [] }); // Sat..Mon wraps
    expect(pick('2025-03-01', '2025-03-31').weekly).toHaveLength(3);
    expect(pick('2025-03-01', '2025-03-31').overrides).toEqual(['2025-03-04', '2025-03-11']);
    expect(loadLocationHours(t.db, dr.id, main.id).weekly).toHaveLength(4);
  });

  it('rejects overlapping special intervals and unknown locations', () => {
    const before = rowCounts(t.db);
    expectAppError(
      () =>
        setHoursOverride(ctx, {
          providerId: dr.id,
          locationId: main.id,
          date: '2025-03-17',
          intervals: [
            { startMin: 600, endMin: 700 },
            { startMin: 650, endMin: 800 },
          ],
        }),
      'VALIDATION',
    );
    expectAppError(() => setHoursOverride(ctx, { providerId: dr.id, locationId: 'ghost', date: '2025-03-17', intervals: [] }), 'NOT_FOUND');
    expectAppError(() => loadLocationHours(t.db, dr.id, 'ghost' as LocationDto['id']), 'NOT_FOUND');
    expect(rowCounts(t.db)).toEqual(before);
  });
});

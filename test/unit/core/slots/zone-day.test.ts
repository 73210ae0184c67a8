import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { openIntervals } from '@main/core/slots/hours';
import {
  addDays,
  dayNumOf,
  instantToLocalDate,
  isValidZone,
  isoOfDayNum,
  isoWeekday,
  localDayOf,
  localMinuteToInstant,
  offsetAt,
} from '@main/core/slots/zone-day';
import { at, everyDay, hm } from './support/build';
import { WallTable } from './support/wall-table';

const DAY = 86_400_000;
const MIN = 60_000;
const ZONES = [
  'America/New_York',
  'Europe/London',
  'Europe/Dublin', // negative DST in the tz database
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'Asia/Tehran',
  'Australia/Lord_Howe', // 30-minute DST
  'Pacific/Chatham',
  'America/Santiago', // transitions at midnight
  'America/Havana',
  'America/St_Johns',
  'Pacific/Apia',
  'UTC',
];

describe('zone-day conversions against luxon, minute by minute', () => {
  /** Local days on which `zone` changes offset, 2020–2030 (found day by day with luxon). */
  function transitionDays(zone: string): number[] {
    const out: number[] = [];
    for (let day = dayNumOf('2020-01-01'); day <= dayNumOf('2030-12-31'); day++) {
      const noon = (d: number) => DateTime.fromMillis(d * DAY + 12 * 3_600_000, { zone }).offset;
      if (noon(day) !== noon(day - 1)) out.push(day - 1, day);
    }
    return out;
  }
  const nearTransitions = new Map(ZONES.map((z) => [z, transitionDays(z)]));

  it('localMinuteToInstant: first pass in a fold, second with laterInFold, the transition in a gap', () => {
    const day = fc.oneof(
      fc.integer({ min: dayNumOf('2020-01-01'), max: dayNumOf('2030-12-31') }).map((d) => ({ pick: d })),
      fc.nat().map((i) => ({ transition: i })),
    );
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), day, fc.integer({ min: 0, max: 1440 }), fc.boolean(), (zone, d, minute, later) => {
        const candidates = nearTransitions.get(zone)!;
        const dayNum = 'pick' in d || candidates.length === 0 ? ('pick' in d ? d.pick : dayNumOf('2026-06-01')) : candidates[d.transition % candidates.length]!;
        const table = new WallTable(zone, dayNum * DAY - 16 * 3_600_000, dayNum * DAY + 40 * 3_600_000);
        const wall = dayNum * DAY + minute * MIN;
        const expected = later ? table.last(wall) : table.first(wall);
        expect(localMinuteToInstant(zone, isoOfDayNum(dayNum), minute, later)).toBe(expected);
      }),
      { numRuns: 80 },
    );
  });

  it('starts every local day of 2026 at its first instant, in every zone', () => {
    const wallOf = (zone: string, t: number) => t + DateTime.fromMillis(t, { zone }).offset * MIN;
    for (const zone of ZONES) {
      for (let day = dayNumOf('2026-01-01'); day <= dayNumOf('2026-12-31'); day++) {
        const date = isoOfDayNum(day);
        // luxon resolves an ambiguous midnight to either pass; the day starts at the first one.
        const luxon = DateTime.fromISO(date, { zone }).toMillis();
        const first = [luxon - 60 * MIN, luxon - 30 * MIN, luxon].find((t) => wallOf(zone, t) === day * DAY) ?? luxon;
        expect(localMinuteToInstant(zone, date, 0), `${zone} ${date}`).toBe(first);
      }
    }
  });

  it('localDayOf / instantToLocalDate agree with luxon', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(2020, 0, 1) / MIN, max: Date.UTC(2031, 0, 1) / MIN }),
        (zone, minute) => {
          const t = minute * MIN;
          const local = DateTime.fromMillis(t, { zone });
          expect(instantToLocalDate(zone, t)).toBe(local.toISODate());
          expect(localDayOf(zone, t)).toBe(dayNumOf(local.toISODate()!));
          expect(offsetAt(zone, t)).toBe(local.offset * MIN);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('calendar helpers', () => {
    expect(isoWeekday('2026-03-09')).toBe(1);
    expect(isoWeekday('2026-03-08')).toBe(7);
    expect(isoWeekday('1969-12-31')).toBe(3);
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(() => dayNumOf('2026-02-30')).toThrow(RangeError);
    expect(() => dayNumOf('26-1-1')).toThrow(RangeError);
    expect(isValidZone('Asia/Kolkata')).toBe(true);
    expect(isValidZone('Mars/Olympus_Mons')).toBe(false);
    expect(() => localMinuteToInstant('Mars/Olympus_Mons', '2026-01-01', 0)).toThrow(/Unknown time zone/);
  });
});

describe('openIntervals (shared with the booking guard)', () => {
  const zone = 'America/New_York';

  it('turns weekly hours into instants, clipped to the range', () => {
    const hours = { zone, weekly: everyDay(hm('09:00'), hm('17:00')), overrides: [] };
    const from = at(zone, '2026-06-01', '12:00');
    const to = at(zone, '2026-06-03', '10:00');
    expect(openIntervals(hours, from, to)).toEqual([
      { start: from, end: at(zone, '2026-06-01', '17:00') },
      { start: at(zone, '2026-06-02', '09:00'), end: at(zone, '2026-06-02', '17:00') },
      { start: at(zone, '2026-06-03', '09:00'), end: to },
    ]);
  });

  it('applies overrides, effective dates, split days and openings across midnight', () => {
    const hours = {
      zone,
      weekly: [
        ...everyDay(hm('09:00'), hm('12:00')),
        ...everyDay(hm('13:00'), hm('17:00')),
        { weekday: 2, startMin: hm('20:00'), endMin: 1440, effectiveFrom: '2026-06-01', effectiveUntil: '2026-06-30' },
        { weekday: 3, startMin: 0, endMin: hm('02:00'), effectiveFrom: '2026-06-01', effectiveUntil: '2026-06-30' },
      ],
      overrides: [{ date: '2026-06-04', kind: 'closed' as const }],
    };
    const day = (d: string) => openIntervals(hours, at(zone, d, '00:00'), at(zone, addDays(d, 1), '00:00'));
    expect(day('2026-06-02').map((x) => x.end - x.start)).toEqual([3, 4, 4].map((h) => h * 3_600_000)); // Tue evening runs on
    expect(openIntervals(hours, at(zone, '2026-06-02', '19:00'), at(zone, '2026-06-03', '08:00'))).toEqual([
      { start: at(zone, '2026-06-02', '20:00'), end: at(zone, '2026-06-03', '02:00') },
    ]);
    expect(day('2026-06-04')).toEqual([]);
    expect(day('2026-07-01')).toHaveLength(2); // the Wednesday night row has expired
  });

  it('keeps all three real hours of 00:00–02:00 on fall-back day and ends a 01:00–02:30 opening at the spring jump', () => {
    const fallBack = { zone, weekly: [], overrides: [{ date: '2026-11-01', kind: 'special' as const, startMin: 0, endMin: 120 }] };
    const [fb] = openIntervals(fallBack, at(zone, '2026-10-31', '12:00'), at(zone, '2026-11-02', '00:00'));
    expect(fb!.end - fb!.start).toBe(3 * 3_600_000);
    const spring = { zone, weekly: [], overrides: [{ date: '2026-03-08', kind: 'special' as const, startMin: 60, endMin: 150 }] };
    const [sp] = openIntervals(spring, at(zone, '2026-03-07', '12:00'), at(zone, '2026-03-09', '00:00'));
    expect(sp).toEqual({ start: at(zone, '2026-03-08', '01:00'), end: at(zone, '2026-03-08', '03:00') });
  });
});

/** fast-check generators for random schedules around DST transitions and odd offsets. */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { AppointmentId, BlockoutId, ProviderId, RoomId } from '@shared/domain/ids';
import type { HoursOverride, WeeklyHoursRule } from '@main/core/slots/hours';
import type { ProviderAgenda, RoomAgenda, SlotMethod, SlotQuery } from '@main/core/slots/types';

const MIN = 60_000;
const DAY = 86_400_000;

/** Zones and dates worth testing: both DST directions, 30-min DST, :30 and :45 offsets, transitions at midnight, no DST. */
const SCENES: ReadonlyArray<readonly [string, string]> = [
  ['America/New_York', '2026-03-08'],
  ['America/New_York', '2026-11-01'],
  ['America/Los_Angeles', '2026-03-08'],
  ['America/Los_Angeles', '2026-11-01'],
  ['Europe/London', '2026-03-29'],
  ['Europe/London', '2026-10-25'],
  ['Asia/Kolkata', '2026-06-15'],
  ['Australia/Lord_Howe', '2026-04-05'],
  ['Australia/Lord_Howe', '2026-10-04'],
  ['Pacific/Chatham', '2026-04-05'],
  ['America/Santiago', '2026-04-05'],
  ['America/Santiago', '2026-09-06'],
  ['UTC', '2026-01-10'],
];
const ZONES = [...new Set(SCENES.map(([z]) => z))];

function isoPlus(date: string, days: number): string {
  return new Date(Date.parse(date + 'T00:00:00Z') + days * DAY).toISOString().slice(0, 10);
}

const minuteOfDay = (stepMin: number) => fc.integer({ min: 0, max: 1440 / stepMin }).map((k) => k * stepMin);

const weeklyRule = (date: string): fc.Arbitrary<WeeklyHoursRule> =>
  fc
    .record({
      weekday: fc.integer({ min: 1, max: 7 }),
      a: minuteOfDay(5),
      b: minuteOfDay(5),
      from: fc.constantFrom('2000-01-01', isoPlus(date, -1), date, isoPlus(date, 1)),
      until: fc.constantFrom(null, isoPlus(date, 1), isoPlus(date, 3)),
    })
    .filter((r) => r.a !== r.b)
    .map((r) => ({
      weekday: r.weekday,
      startMin: Math.min(r.a, r.b),
      endMin: Math.max(r.a, r.b),
      effectiveFrom: r.from,
      effectiveUntil: r.until,
    }));

/** Hours that are open on most days of the scene, with random extra rows and overrides. */
const hours = (date: string) =>
  fc.record({
    base: fc.option(
      fc.oneof(
        { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 0, max: 48 }), fc.integer({ min: 48, max: 96 })).map(([a, b]) => [a * 15, b * 15] as const) },
        // Night hours on a 5-minute grid, where DST transitions happen: openings and closings inside folds and gaps.
        { weight: 3, arbitrary: fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 12, max: 66 })).map(([a, b]) => [a * 5, b * 5] as const) },
      ),
      { freq: 6, nil: null },
    ),
    extra: fc.array(weeklyRule(date), { maxLength: 4 }),
    overrides: fc.array(
      fc.record({
        date: fc.constantFrom(isoPlus(date, -1), date, isoPlus(date, 1)),
        closed: fc.boolean(),
        a: minuteOfDay(5),
        b: minuteOfDay(5),
      }),
      { maxLength: 2 },
    ),
  });

const span = (from: number, lengthMin: number) =>
  fc.tuple(fc.integer({ min: 0, max: Math.floor((3 * DAY) / MIN) }), fc.integer({ min: 5, max: lengthMin })).map(([s, len]) => ({
    start: from + s * MIN,
    end: from + (s + len) * MIN,
  }));

/** The agenda without its empty lists (the weekly rows stay: they are required). */
function withoutEmptyLists<T extends object>(x: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(x)) {
    if (Array.isArray(v) && v.length === 0 && k !== 'weekly') continue;
    out[k] = k === 'hours' ? withoutEmptyLists(v as object) : v;
  }
  return out as T;
}

export interface Scenario {
  query: SlotQuery;
  zone: string;
  date: string;
}

export const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    scene: fc.constantFrom(...SCENES),
    method: fc.constantFrom<SlotMethod>('single', 'collective', 'any'),
    teamSize: fc.integer({ min: 1, max: 3 }),
    mixedZones: fc.boolean(),
    otherZones: fc.array(fc.constantFrom(...ZONES), { minLength: 3, maxLength: 3 }),
    windowOffsetMin: fc.integer({ min: 0, max: 1440 }),
    windowLengthMin: fc.integer({ min: 6 * 60, max: 2 * 1440 }),
    durationMin: fc.integer({ min: 1, max: 24 }).map((k) => k * 5),
    explicitDuration: fc.option(fc.integer({ min: 1, max: 12 }).map((k) => k * 5), { nil: undefined }),
    intervalMin: fc.option(fc.constantFrom(5, 10, 15, 20, 25, 30, 45, 60, 7), { nil: undefined }),
    roundToMin: fc.option(fc.constantFrom(5, 10, 15, 30, 60), { nil: undefined }),
    bufferBeforeMin: fc.constantFrom(0, 0, 5, 10, 15),
    bufferAfterMin: fc.constantFrom(0, 0, 5, 10, 20),
    noticeMin: fc.integer({ min: -120, max: 240 }),
    horizonDays: fc.option(fc.constantFrom(0, 1, 2, 3), { freq: 2, nil: null }),
    openEnded: fc.boolean(),
    allFree: fc.boolean(),
    leaveOutEmpty: fc.boolean(),
    nowOffsetMin: fc.integer({ min: -2 * 1440, max: 240 }),
    needsRoom: fc.boolean(),
    roomCount: fc.constantFrom(0, 1, 1, 2, 3),
  })
  .chain((r) => {
    const [zone, date] = r.scene;
    const dayStart = DateTime.fromISO(isoPlus(date, -1), { zone }).toMillis();
    const from = dayStart - 12 * 60 * MIN;
    const size = r.method === 'single' ? 1 : r.teamSize;
    const zoneOf = (i: number) => (i > 0 && r.mixedZones ? r.otherZones[i]! : zone);
    const providerArbs = Array.from({ length: size }, (_, i) =>
      fc
        .record({
          hours: hours(date),
          appointments: fc.array(span(from, 120), { maxLength: 10 }),
          blockouts: fc.array(span(from, 240), { maxLength: 2 }),
          external: fc.array(span(from, 180), { maxLength: 2 }),
        })
        .map(
          (p): ProviderAgenda => ({
            id: `p-${String.fromCharCode(99 - i)}` as ProviderId, // p-c, p-b, p-a: ids not in query order
            hours: {
              zone: zoneOf(i),
              weekly: [
                ...(p.hours.base === null
                  ? []
                  : [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
                      weekday,
                      startMin: Math.min(...p.hours.base!),
                      endMin: Math.max(...p.hours.base!),
                      effectiveFrom: '2000-01-01',
                      effectiveUntil: null,
                    }))),
                ...p.hours.extra,
              ],
              overrides: p.hours.overrides
                .filter((o) => o.closed || o.a !== o.b)
                .map(
                  (o): HoursOverride =>
                    o.closed
                      ? { date: o.date, kind: 'closed' }
                      : { date: o.date, kind: 'special', startMin: Math.min(o.a, o.b), endMin: Math.max(o.a, o.b) },
                ),
            },
            appointments: p.appointments.map((s, k) => ({ id: `a-${i}-${k}` as AppointmentId, ...s })),
            blockouts: p.blockouts.map((s, k) => ({ id: `b-${i}-${k}` as BlockoutId, ...s })),
            externalBusy: p.external.map((s, k) => ({ id: `x-${i}-${k}`, ...s })),
          }),
        ),
    );
    const roomArbs = Array.from({ length: r.roomCount }, (_, i) =>
      fc
        .record({
          appointments: fc.array(span(from, 120), { maxLength: 6 }),
          blockouts: fc.array(span(from, 240), { maxLength: 1 }),
          name: fc.option(fc.constantFrom('Op 1', 'Op 2', 'Op 10'), { nil: undefined }),
        })
        .map(
          (x): RoomAgenda => ({
            id: `r-${String.fromCharCode(122 - i)}` as RoomId,
            ...(x.name === undefined ? {} : { name: x.name }),
            appointments: x.appointments.map((s, k) => ({ id: `ra-${i}-${k}` as AppointmentId, ...s })),
            blockouts: x.blockouts.map((s, k) => ({ id: `rb-${i}-${k}` as BlockoutId, ...s })),
          }),
        ),
    );
    return fc.tuple(fc.tuple(...providerArbs), fc.tuple(...roomArbs)).map(([fullProviders, fullRooms]): Scenario => {
      const windowStart = dayStart + r.windowOffsetMin * MIN;
      // Lists left out count as empty: sometimes say so by leaving them out.
      const providers = r.leaveOutEmpty ? fullProviders.map(withoutEmptyLists) : fullProviders;
      const rooms = r.leaveOutEmpty ? fullRooms.map(withoutEmptyLists) : fullRooms;
      const openEnded = r.openEnded && r.horizonDays !== null;
      const query: SlotQuery = {
        window: openEnded ? { start: windowStart } : { start: windowStart, end: windowStart + r.windowLengthMin * MIN },
        type: {
          durationMin: r.durationMin,
          bufferBeforeMin: r.bufferBeforeMin,
          bufferAfterMin: r.bufferAfterMin,
          needsRoom: r.needsRoom,
        },
        ...(r.explicitDuration === undefined ? {} : { durationMin: r.explicitDuration }),
        ...(r.intervalMin === undefined ? {} : { intervalMin: r.intervalMin }),
        ...(r.roundToMin === undefined ? {} : { roundToMin: r.roundToMin }),
        minNoticeMin: r.noticeMin,
        horizonDays: r.horizonDays,
        now: windowStart + r.nowOffsetMin * MIN,
        method: r.method,
        ...(r.method === 'any' && r.allFree ? { allFree: true } : {}),
        providers,
        ...(r.leaveOutEmpty && rooms.length === 0 ? {} : { rooms }),
      };
      return { query, zone, date };
    });
  });

/**
 * Deterministic clinic schedules for the slot benchmarks (and the tests that
 * check the benchmark baseline): opening hours 09:00–17:00 local every day, a
 * 30-minute type on a 15-minute grid, busy blocks packed into each day.
 */
import { DateTime } from 'luxon';
import type { AppointmentId, ProviderId } from '@shared/domain/ids';
import type { BookedSpan, ProviderAgenda, SlotMethod, SlotQuery } from '@main/core/slots/types';

const MIN = 60_000;
const OPEN_MIN = 9 * 60;
const CLOSE_MIN = 17 * 60;

/** mulberry32: a tiny seeded PRNG, so every run benchmarks the same schedules. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rand: () => number, lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));

/** Splits `total` (a multiple of 5) into `parts` random multiples of 5. */
function split5(rand: () => number, total: number, parts: number): number[] {
  const cuts = Array.from({ length: parts - 1 }, () => int(rand, 0, total / 5) * 5).sort((a, b) => a - b);
  return [...cuts, total].map((c, i) => c - (i === 0 ? 0 : cuts[i - 1]!));
}

/** Busy blocks with the given lengths, in order, separated by random gaps that fill the rest of the day. */
function packDay(rand: () => number, dayStart: number, lengths: number[], freeMin: number): Array<[number, number]> {
  const gaps = split5(rand, freeMin, lengths.length + 1);
  const out: Array<[number, number]> = [];
  let m = OPEN_MIN;
  lengths.forEach((len, i) => {
    m += gaps[i]!;
    out.push([dayStart + m * MIN, dayStart + (m + len) * MIN]);
    m += len;
  });
  return out;
}

type Fill =
  /** 20 busy blocks of 5–25 minutes per day, at random. */
  | 'busy20'
  /** 97 % booked: 15 free minutes a day in 5-minute gaps, so no 30-minute visit fits. */
  | 'nearlyFull';

export interface BenchScenario {
  providers: number;
  /** Days of schedule data from the first day. */
  days: number;
  fill: Fill;
  method: SlotMethod;
  /** Days the query window spans (defaults to `days`). */
  windowDays?: number;
  seed?: number;
  zone?: string;
  firstDate?: string;
}

export function benchQuery(s: BenchScenario): SlotQuery {
  const zone = s.zone ?? 'America/New_York';
  const first = DateTime.fromISO(s.firstDate ?? '2026-06-01', { zone });
  const rand = prng(s.seed ?? 42);
  const dayStarts = Array.from({ length: s.days }, (_, d) => first.plus({ days: d }).toMillis());
  const providers: ProviderAgenda[] = Array.from({ length: s.providers }, (_, i) => {
    const id = `prov-${String(i).padStart(4, '0')}`;
    const appointments: BookedSpan[] = [];
    for (const dayStart of dayStarts) {
      const blocks =
        s.fill === 'busy20'
          ? (() => {
              const lengths = Array.from({ length: 20 }, () => int(rand, 1, 5) * 5);
              return packDay(rand, dayStart, lengths, CLOSE_MIN - OPEN_MIN - lengths.reduce((a, b) => a + b, 0));
            })()
          : packDay(rand, dayStart, split5(rand, CLOSE_MIN - OPEN_MIN - 15, 14).filter((x) => x > 0), 15);
      for (const [start, end] of blocks) {
        appointments.push({ id: `${id}-a${appointments.length}` as AppointmentId, start, end });
      }
    }
    return {
      id: id as ProviderId,
      hours: {
        zone,
        weekly: [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({
          weekday,
          startMin: OPEN_MIN,
          endMin: CLOSE_MIN,
          effectiveFrom: '2026-01-01',
          effectiveUntil: null,
        })),
        overrides: [],
      },
      appointments,
      blockouts: [],
      externalBusy: [],
    };
  });
  const windowStart = first.toMillis();
  return {
    window: { start: windowStart, end: first.plus({ days: s.windowDays ?? s.days }).toMillis() },
    type: { durationMin: 30, bufferBeforeMin: 0, bufferAfterMin: 0, needsRoom: false },
    intervalMin: 15,
    minNoticeMin: 0,
    horizonDays: null,
    now: windowStart - 60 * MIN,
    method: s.method,
    providers: s.method === 'single' ? providers.slice(0, 1) : providers,
    rooms: [],
  };
}

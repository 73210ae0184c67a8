/**
 * Slot engine benchmarks (issue 3). Scenario: 14 days, 09:00–17:00 local
 * (America/New_York), a 30-minute type on a 15-minute grid, 20 busy blocks of
 * 5–25 minutes per provider per day. Ratios are baseline_ms / engine_ms, the
 * baseline being a straightforward minute-array search with the same rules
 * (test/unit/core/slots/support/minute-array.ts), measured in the same run;
 * both are checked to return the same slots before they are timed.
 */
import { isDeepStrictEqual } from 'node:util';
import { findSlots, nextAvailable } from '../../src-main/core/slots';
import type { SlotQuery } from '../../src-main/core/slots/types';
import { benchQuery } from '../unit/core/slots/support/bench-scenario';
import { minuteArraySlots } from '../unit/core/slots/support/minute-array';
import { medianMs, round, type BenchResult } from './lib';

/** Timed runs for a search over this many providers, after WARMUP untimed runs that let the JIT settle. */
function runsFor(providers: number): number {
  return providers >= 200 ? 21 : 41;
}
const WARMUP = 10;

function compared(name: string, q: SlotQuery, floors: Record<string, number> = {}): BenchResult[] {
  const engine = findSlots(q);
  if (!isDeepStrictEqual(minuteArraySlots(q), engine)) throw new Error(`${name}: baseline and engine disagree`);
  const runs = runsFor(q.providers.length);
  const engineMs = medianMs(() => findSlots(q), runs, WARMUP);
  const baselineMs = medianMs(() => minuteArraySlots(q), runs, WARMUP);
  const baseline = `${name}.minute-array`;
  const info = { providers: q.providers.length, method: q.method, slots: engine.length, runs, ...floors };
  return [
    { name, value: round(engineMs), unit: 'ms', baseline, ratio: round(baselineMs / engineMs, 2), info },
    { name: baseline, value: round(baselineMs), unit: 'ms', info: { providers: q.providers.length, runs } },
  ];
}

/** Three weeks 97 % booked, then free: the first ten slots are in week four. */
function nextTen(): BenchResult {
  const full = benchQuery({ providers: 500, days: 21, fill: 'nearlyFull', method: 'any', windowDays: 56 });
  const next = nextAvailable(full, 10);
  if (next.length !== 10) throw new Error('slots.next10.500: expected 10 slots');
  return {
    name: 'slots.next10.500',
    value: round(medianMs(() => nextAvailable(full, 10), 21, WARMUP)),
    unit: 'ms',
    info: { providers: 500, fullDays: 21, floorMs: 20, firstSlot: new Date(next[0]!.start).toISOString() },
  };
}

function collectiveFive(): BenchResult {
  const team = benchQuery({ providers: 5, days: 14, fill: 'busy20', method: 'collective' });
  return {
    name: 'slots.collective5x14',
    value: round(medianMs(() => findSlots(team), 41, WARMUP)),
    unit: 'ms',
    info: { providers: 5, slots: findSlots(team).length },
  };
}

export default function slotsBench(): BenchResult[] {
  // The engine-only measurements run first, before the baselines fill the heap with garbage.
  const next = nextTen();
  const team = collectiveFive();
  return [
    ...compared('slots.1x14', benchQuery({ providers: 1, days: 14, fill: 'busy20', method: 'single' })),
    ...compared('slots.200x14.any', benchQuery({ providers: 200, days: 14, fill: 'busy20', method: 'any' })),
    ...compared('slots.500x14.any', benchQuery({ providers: 500, days: 14, fill: 'busy20', method: 'any' }), {
      floorMs: 25,
      floorRatio: 3,
    }),
    team,
    next,
  ];
}

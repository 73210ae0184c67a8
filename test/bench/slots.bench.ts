/**
 * Slot engine benchmarks. Scenario: 14 days, 09:00–17:00 local
 * (America/New_York), a 30-minute type on a 15-minute grid, 20 busy blocks of
 * 5–25 minutes per provider per day. Every baseline is measured in the same
 * run on the same input, and checked to return the same slots first.
 * - slots.1x14, .200x14.any, .500x14.any: ratio = baseline_ms / engine_ms, the
 *   baseline a straightforward minute-array search with the same rules
 *   (test/unit/core/slots/support/minute-array.ts).
 * - slots.500x14.dense: ratio = engine_ms / floor_ms (target ≤ 2), the floor the
 *   fastest hand-written integer-minute search we could write
 *   (test/unit/core/slots/support/integer-floor.ts), timed in alternation.
 * - slots.next10.500: ratio = next10_ms / full_ms (target ≤ 0.4), full being
 *   findSlots on the same query.
 */
import { isDeepStrictEqual } from 'node:util';
import { findSlots, nextAvailable } from '../../src-main/core/slots';
import type { SlotQuery } from '../../src-main/core/slots/types';
import { benchQuery } from '../unit/core/slots/support/bench-scenario';
import { integerFloorSlots } from '../unit/core/slots/support/integer-floor';
import { minuteArraySlots } from '../unit/core/slots/support/minute-array';
import { medianMs, pairedMedianMs, round, type BenchResult } from './lib';

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
function nextTen(): BenchResult[] {
  const full = benchQuery({ providers: 500, days: 21, fill: 'nearlyFull', method: 'any', windowDays: 56 });
  const next = nextAvailable(full, 10);
  if (!isDeepStrictEqual(next, findSlots(full).slice(0, 10)) || next.length !== 10) {
    throw new Error('slots.next10.500: expected the first 10 of findSlots');
  }
  const [nextMs, fullMs] = pairedMedianMs(() => nextAvailable(full, 10), () => findSlots(full), 21, WARMUP);
  const info = { providers: 500, fullDays: 21, windowDays: 56, floorMs: 20, target: 'ratio ≤ 0.4' };
  return paired(
    ['slots.next10.500', nextMs, { ...info, firstSlot: new Date(next[0]!.start).toISOString() }],
    ['slots.next10.500.full', fullMs, { providers: 500, slots: findSlots(full).length }],
  );
}

/** A measurement and its same-run baseline; ratio = measured / baseline. */
function paired(
  [name, ms, info]: [string, number, Record<string, unknown>],
  [baseline, baselineMs, baselineInfo]: [string, number, Record<string, unknown>],
): BenchResult[] {
  return [
    { name, value: round(ms), unit: 'ms', baseline, ratio: round(ms / baselineMs, 2), info },
    { name: baseline, value: round(baselineMs), unit: 'ms', info: baselineInfo },
  ];
}

/** The dense day against the integer-minute floor, timed in alternation on the same input. */
function denseAgainstFloor(): BenchResult[] {
  const q = benchQuery({ providers: 500, days: 14, fill: 'busy20', method: 'any' });
  const engine = findSlots(q);
  if (!isDeepStrictEqual(integerFloorSlots(q), engine)) throw new Error('slots.500x14.dense: floor and engine disagree');
  const [engineMs, floorMs] = pairedMedianMs(() => findSlots(q), () => integerFloorSlots(q), 21, WARMUP);
  return paired(
    ['slots.500x14.dense', engineMs, { providers: 500, days: 14, slots: engine.length, target: 'ratio ≤ 2 (engine / floor)' }],
    ['slots.500x14.dense.floor', floorMs, { providers: 500, days: 14 }],
  );
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
  const dense = denseAgainstFloor();
  const team = collectiveFive();
  return [
    ...dense,
    ...compared('slots.1x14', benchQuery({ providers: 1, days: 14, fill: 'busy20', method: 'single' })),
    ...compared('slots.200x14.any', benchQuery({ providers: 200, days: 14, fill: 'busy20', method: 'any' })),
    ...compared('slots.500x14.any', benchQuery({ providers: 500, days: 14, fill: 'busy20', method: 'any' }), {
      floorMs: 25,
      floorRatio: 3,
    }),
    team,
    ...next,
  ];
}

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { explain, findSlots, nextAvailable } from '@main/core/slots';
import { scenario } from './support/arbitraries';
import { oracleSlots } from './support/oracle';

const MIN = 60_000;
const DAY = 86_400_000;

describe('slot engine against the minute-by-minute wall-clock oracle', () => {
  it('offers exactly the oracle’s slots for random hours (inside folds and gaps too), busy sets, buffers, rooms, horizons and methods', () => {
    fc.assert(
      fc.property(scenario, ({ query }) => {
        expect(findSlots(query)).toEqual(oracleSlots(query));
      }),
      { numRuns: Number(process.env.SLOT_PROPERTY_RUNS ?? 400) },
    );
  }, 240_000); // the oracle reads every minute of every scenario: slow by design, slower on a busy machine

  it('nextAvailable(q, n) is the first n of findSlots(q)', () => {
    fc.assert(
      fc.property(scenario, fc.integer({ min: 0, max: 12 }), ({ query }, n) => {
        expect(nextAvailable(query, n)).toEqual(findSlots(query).slice(0, n));
      }),
      { numRuns: 150 },
    );
  });

  it('explain gives no reason exactly for the times that are offered', () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 20 }), ({ query }, picks) => {
        const slots = findSlots(query);
        const offered = new Set(slots.map((s) => s.start));
        const end = query.window.end ?? query.window.start + 3 * DAY;
        const span = Math.max(1, Math.floor((end - query.window.start) / MIN));
        const times = [
          ...slots.slice(0, 5).map((s) => s.start),
          ...picks.map((k) => Math.ceil(query.window.start / MIN) * MIN + (k % span) * MIN),
        ].filter((t) => t < end);
        for (const t of times) {
          const reasons = explain(query, t);
          expect(reasons.length === 0, `${new Date(t).toISOString()}: ${JSON.stringify(reasons)}`).toBe(offered.has(t));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('never mutates its inputs', () => {
    fc.assert(
      fc.property(scenario, ({ query }) => {
        const before = structuredClone(query);
        findSlots(query);
        nextAvailable(query, 3);
        explain(query, query.window.start);
        expect(query).toEqual(before);
      }),
      { numRuns: 50 },
    );
  });
});

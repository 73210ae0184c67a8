import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Spans, intersectSpans, joinTouching, mergeBusy, subtractSpans, unionLengthWithin } from '@main/core/slots/spans';

const list = (xs: Spans) => Array.from(xs.data.subarray(0, xs.length));
const spanArb = fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 40 })).map(([s, len]) => ({ start: s, end: s + len }));

/** Minute-set model: which integer points a list of [start, end) covers. */
function covered(xs: Array<{ start: number; end: number }>, lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let t = lo; t < hi; t++) if (xs.some((x) => x.start <= t && t < x.end)) out.push(t);
  return out;
}
const pointsOf = (xs: Spans) => {
  const spans: Array<{ start: number; end: number }> = [];
  for (let i = 0; i < xs.length; i += 2) spans.push({ start: xs.data[i]!, end: xs.data[i + 1]! });
  return spans;
};

describe('Spans', () => {
  it('grows past its storage, even from an empty slice of an arena', () => {
    const xs = new Spans(new Float64Array(0));
    for (let i = 0; i < 20; i++) xs.push(i * 10, i * 10 + 5);
    expect(xs.length).toBe(40);
    expect(list(xs).slice(0, 4)).toEqual([0, 5, 10, 15]);
  });

  it('subtract, intersect and join agree with a point-set model', () => {
    fc.assert(
      fc.property(fc.array(spanArb, { maxLength: 8 }), fc.array(spanArb, { maxLength: 8 }), (a, b) => {
        const A = mergeBusy([a], 0, 0, -Infinity, Infinity, new Spans()).busy;
        const B = mergeBusy([b], 0, 0, -Infinity, Infinity, new Spans()).busy;
        const inA = covered(a, 0, 260);
        const inB = new Set(covered(b, 0, 260));
        expect(covered(pointsOf(A), 0, 260)).toEqual(inA);
        expect(covered(pointsOf(subtractSpans(A, B, new Spans())), 0, 260)).toEqual(inA.filter((t) => !inB.has(t)));
        expect(covered(pointsOf(intersectSpans(A, B, new Spans())), 0, 260)).toEqual(inA.filter((t) => inB.has(t)));
        expect(list(joinTouching(A, new Spans()))).toEqual(list(A));
      }),
    );
  });
});

describe('mergeBusy', () => {
  it('widens, merges, clips to the range and measures the first list’s union, sorted or not, without touching the input', () => {
    fc.assert(
      fc.property(
        fc.array(spanArb, { maxLength: 10 }),
        fc.array(spanArb, { maxLength: 4 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        (appts, blocks, before, after) => {
          const frozen = JSON.stringify([appts, blocks]);
          const sorted = (xs: typeof appts) => [...xs].sort((x, y) => x.start - y.start);
          const r1 = mergeBusy([appts, blocks], before, after, 50, 150, new Spans(), { start: 20, end: 180 });
          const r2 = mergeBusy([sorted(appts), sorted(blocks)], before, after, 50, 150, new Spans(), { start: 20, end: 180 });
          expect(JSON.stringify([appts, blocks])).toBe(frozen);
          expect(list(r1.busy)).toEqual(list(r2.busy));
          expect(r1.unionMs).toBe(r2.unionMs);
          expect(r1.unionMs).toBe(covered(appts, 20, 180).length);
          // Widened spans that reach into [50, 150), joined where they touch.
          const widened = [...appts, ...blocks]
            .filter((x) => x.end > x.start)
            .map((x) => ({ start: x.start - before, end: x.end + after }))
            .filter((x) => x.end > 50 && x.start < 150);
          expect(covered(pointsOf(r1.busy), -20, 300)).toEqual(covered(widened, -20, 300));
          expect(unionLengthWithin(appts, 20, 180)).toBe(r1.unionMs);
        },
      ),
    );
  });
});

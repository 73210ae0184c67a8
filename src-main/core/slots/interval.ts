import type { EpochMs } from '@shared/domain/ids';

/** A half-open interval [start, end) of epoch milliseconds. */
export interface Interval {
  start: EpochMs;
  end: EpochMs;
}

/** Sorts by start and merges overlapping or touching intervals. Does not mutate its input. */
export function mergeIntervals(xs: readonly Interval[]): Interval[] {
  const sorted = xs.filter((x) => x.end > x.start).sort((a, b) => a.start - b.start);
  const out: Interval[] = [];
  for (const x of sorted) {
    const last = out[out.length - 1];
    if (last && x.start <= last.end) {
      if (x.end > last.end) last.end = x.end;
    } else {
      out.push({ start: x.start, end: x.end });
    }
  }
  return out;
}

export function overlaps(a: Interval, b: Interval): boolean {
  return a.start < b.end && b.start < a.end;
}

/** True when [start, end) lies entirely inside one of the merged, sorted intervals. */
export function coveredBy(merged: readonly Interval[], x: Interval): boolean {
  // Binary search for the last interval starting at or before x.start.
  let lo = 0;
  let hi = merged.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (merged[mid]!.start <= x.start) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found >= 0 && merged[found]!.end >= x.end;
}

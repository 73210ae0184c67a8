import type { EpochMs } from '@shared/domain/ids';

/**
 * Sorted half-open intervals packed flat in a reusable Float64Array:
 * [s0, e0, s1, e1, …], `length` numbers in use. The engine's hot loops use
 * these instead of one object per interval (500 providers × 14 days × 20 busy
 * blocks is 140,000 intervals per search), and keep them in storage that is
 * reused or shared, so the garbage collector stays out of the way.
 */
export class Spans {
  data: Float64Array;
  /** Numbers in use: twice the number of spans. */
  length = 0;

  /** A capacity (numbers) for new storage, or storage to write into (e.g. a slice of a shared arena). */
  constructor(storage: number | Float64Array = 64) {
    this.data = typeof storage === 'number' ? new Float64Array(storage) : storage;
  }

  static of(...bounds: number[]): Spans {
    const xs = new Spans(Math.max(2, bounds.length));
    for (let i = 0; i + 1 < bounds.length; i += 2) xs.push(bounds[i]!, bounds[i + 1]!);
    return xs;
  }

  clear(): this {
    this.length = 0;
    return this;
  }

  push(start: EpochMs, end: EpochMs): void {
    if (this.length + 2 > this.data.length) this.grow();
    this.data[this.length] = start;
    this.data[this.length + 1] = end;
    this.length += 2;
  }

  /** Appends a span that starts at or after the last one's start, joining it to the last when they touch or overlap. */
  join(start: EpochMs, end: EpochMs): void {
    const n = this.length;
    if (n > 0 && start <= this.data[n - 1]!) {
      if (end > this.data[n - 1]!) this.data[n - 1] = end;
    } else {
      this.push(start, end);
    }
  }

  /** Makes room for at least `capacity` numbers (keeping those in use). */
  reserve(capacity: number): void {
    if (this.data.length >= capacity) return;
    const bigger = new Float64Array(capacity);
    bigger.set(this.data.subarray(0, this.length));
    this.data = bigger;
  }

  copyFrom(other: Spans): this {
    this.length = 0;
    for (let i = 0; i < other.length; i += 2) this.push(other.data[i]!, other.data[i + 1]!);
    return this;
  }

  private grow(): void {
    const bigger = new Float64Array(Math.max(16, this.data.length * 2));
    bigger.set(this.data);
    this.data = bigger;
  }
}

export interface TimeSpan {
  start: EpochMs;
  end: EpochMs;
}

/** Length of the union of spans fed in ascending start order, counted inside [from, to). */
class UnionLength {
  private total = 0;
  private runStart = 0;
  private runEnd = -Infinity;

  constructor(
    readonly from: EpochMs,
    readonly to: EpochMs,
  ) {}

  add(start: EpochMs, end: EpochMs): void {
    const s = start > this.from ? start : this.from;
    const e = end < this.to ? end : this.to;
    if (e <= s) return;
    if (s > this.runEnd) {
      if (this.runEnd > this.runStart) this.total += this.runEnd - this.runStart;
      this.runStart = s;
      this.runEnd = e;
    } else if (e > this.runEnd) {
      this.runEnd = e;
    }
  }

  get ms(): number {
    return this.total + (this.runEnd > this.runStart ? this.runEnd - this.runStart : 0);
  }
}

export interface MergedBusy {
  busy: Spans;
  /** Length of the union of the first list's spans (unwidened) inside `unionWithin`; 0 without it. */
  unionMs: number;
}

/**
 * Writes to `out` the lists' spans widened to [start − widenStart, end + widenEnd)
 * and merged, keeping what reaches into [from, to). One pass over the data
 * (at 140,000 appointments, passes over the data are where the time goes)
 * also checks each list is sorted by start — rows usually come ordered from
 * the database; otherwise sorted copies are merged — and measures the first
 * list's union inside `unionWithin`. Inputs are not mutated.
 */
export function mergeBusy(
  lists: ReadonlyArray<readonly TimeSpan[]>,
  widenStart: number,
  widenEnd: number,
  from: EpochMs,
  to: EpochMs,
  out: Spans,
  unionWithin?: { start: EpochMs; end: EpochMs },
): MergedBusy {
  let union = unionWithin ? new UnionLength(unionWithin.start, unionWithin.end) : null;
  if (!mergeIfSorted(lists, widenStart, widenEnd, from, to, out, union)) {
    union = unionWithin ? new UnionLength(unionWithin.start, unionWithin.end) : null;
    const sorted = lists.map((xs) => [...xs].sort((a, b) => a.start - b.start));
    mergeIfSorted(sorted, widenStart, widenEnd, from, to, out, union);
  }
  return { busy: out, unionMs: union ? union.ms : 0 };
}

/** The merge of mergeBusy; false as soon as a list turns out not to be sorted. */
function mergeIfSorted(
  lists: ReadonlyArray<readonly TimeSpan[]>,
  widenStart: number,
  widenEnd: number,
  from: EpochMs,
  to: EpochMs,
  out: Spans,
  union: UnionLength | null,
): boolean {
  out.clear();
  // Usually only appointments are non-empty: no head selection then.
  const nonEmpty = lists.filter((l) => l.length > 0);
  if (nonEmpty.length <= 1) {
    const items = nonEmpty[0] ?? [];
    return mergeOneSorted(items, items === lists[0] ? union : null, widenStart, widenEnd, from, to, out);
  }
  const heads = lists.map(() => 0);
  const lastStart = lists.map(() => -Infinity);
  for (;;) {
    let best = -1;
    let bestStart = Infinity;
    for (let k = 0; k < lists.length; k++) {
      const items = lists[k]!;
      const h = heads[k]!;
      if (h < items.length && items[h]!.start < bestStart) {
        best = k;
        bestStart = items[h]!.start;
      }
    }
    if (best < 0) return true;
    const x = lists[best]![heads[best]!]!;
    heads[best]!++;
    if (x.start < lastStart[best]!) return false;
    lastStart[best] = x.start;
    if (best === 0) union?.add(x.start, x.end);
    addWidened(out, x, widenStart, widenEnd, from, to);
  }
}

/**
 * mergeIfSorted for a single list, in one tight pass: at 140,000 appointments
 * per search this loop is where a search spends most of its time, so it keeps
 * everything in locals and writes straight into the storage.
 */
function mergeOneSorted(
  items: readonly TimeSpan[],
  union: UnionLength | null,
  widenStart: number,
  widenEnd: number,
  from: EpochMs,
  to: EpochMs,
  out: Spans,
): boolean {
  out.reserve(2 * items.length);
  const data = out.data;
  let n = 0;
  let last = -Infinity;
  for (let i = 0; i < items.length; i++) {
    const x = items[i]!;
    const start = x.start;
    const end = x.end;
    if (start < last) return false;
    last = start;
    if (union !== null) union.add(start, end);
    if (end <= start) continue;
    const s = start - widenStart;
    const e = end + widenEnd;
    if (e <= from || s >= to) continue;
    if (n > 0 && s <= data[n - 1]!) {
      if (e > data[n - 1]!) data[n - 1] = e;
    } else {
      data[n] = s;
      data[n + 1] = e;
      n += 2;
    }
  }
  out.length = n;
  return true;
}

/** Adds one widened span (spans come by ascending start) when it reaches into [from, to). */
function addWidened(out: Spans, x: TimeSpan, widenStart: number, widenEnd: number, from: EpochMs, to: EpochMs): void {
  const s = x.start - widenStart;
  const e = x.end + widenEnd;
  // An empty span keeps nobody busy.
  if (x.end > x.start && e > from && s < to) out.join(s, e);
}

/** Length of the union of the spans inside [from, to). */
export function unionLengthWithin(xs: readonly TimeSpan[], from: EpochMs, to: EpochMs): number {
  return mergeBusy([xs], 0, 0, from, to, new Spans(), { start: from, end: to }).unionMs;
}

/** Index (even) of the first span in `xs` ending after `t`. Ends of disjoint sorted spans ascend. */
export function firstEndingAfter(xs: Spans, t: EpochMs): number {
  const d = xs.data;
  let lo = 0;
  let hi = xs.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (d[2 * mid + 1]! <= t) lo = mid + 1;
    else hi = mid;
  }
  return 2 * lo;
}

/** Writes `base` minus `minus` (both disjoint and sorted) to `out`. */
export function subtractSpans(base: Spans, minus: Spans, out: Spans): Spans {
  out.clear();
  if (base.length === 0) return out;
  const b = base.data;
  const m = minus.data;
  let j = firstEndingAfter(minus, b[0]!);
  for (let i = 0; i < base.length; i += 2) {
    let cursor = b[i]!;
    const end = b[i + 1]!;
    while (j < minus.length && m[j + 1]! <= cursor) j += 2;
    // Walk the busy spans inside this base span; the last one may reach into the next.
    let k = j;
    while (k < minus.length && m[k]! < end) {
      if (m[k]! > cursor) out.push(cursor, m[k]!);
      if (m[k + 1]! > cursor) cursor = m[k + 1]!;
      if (cursor >= end) break;
      k += 2;
    }
    if (cursor < end) out.push(cursor, end);
    j = k;
  }
  return out;
}

/**
 * Walks two sorted lists of disjoint spans packed flat with `strideA` / `strideB`
 * numbers per span ([start, end, …]) and calls `meet` with each piece where
 * both hold and the offsets of the two spans it lies in. Pieces are not joined.
 */
export function sweepIntersection(
  x: Float64Array,
  lengthA: number,
  strideA: number,
  y: Float64Array,
  lengthB: number,
  strideB: number,
  meet: (start: EpochMs, end: EpochMs, i: number, j: number) => void,
): void {
  let i = 0;
  let j = 0;
  while (i < lengthA && j < lengthB) {
    const s = Math.max(x[i]!, y[j]!);
    const e = Math.min(x[i + 1]!, y[j + 1]!);
    if (e > s) meet(s, e, i, j);
    if (x[i + 1]! < y[j + 1]!) i += strideA;
    else j += strideB;
  }
}

/** Writes where both `a` and `b` hold to `out`; pieces are not joined, so block boundaries survive. */
export function intersectSpans(a: Spans, b: Spans, out: Spans): Spans {
  out.clear();
  sweepIntersection(a.data, a.length, 2, b.data, b.length, 2, (s, e) => out.push(s, e));
  return out;
}

/** Writes sorted spans that may touch or overlap, joined, to `out`. */
export function joinTouching(xs: Spans, out: Spans): Spans {
  out.clear();
  for (let i = 0; i < xs.length; i += 2) out.join(xs.data[i]!, xs.data[i + 1]!);
  return out;
}

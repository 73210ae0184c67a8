/**
 * The speed floor for "any" searches: the fastest straightforward hand-written
 * implementation we could write, in integer minutes. It keeps only what a
 * plain clinic day needs — one zone and no offset change inside the window
 * (so local minute m of day d is the instant base + (d × 1440 + m) minutes),
 * weekly hours and date overrides, buffers, notice, no rooms and no rounding —
 * and refuses anything else. Per provider: booked minutes for fairness and the
 * busy spans as minute offsets (widened by the buffers) in one pass; then
 * providers fairest first, each day's free gaps swept against the written grid,
 * and the first provider to reach a start keeps it. The benchmark checks it
 * returns exactly the engine's slots before timing either.
 */
import { DateTime } from 'luxon';
import type { Slot, SlotQuery } from '@main/core/slots/types';

const MIN = 60_000;
const DAY_MIN = 1440;

export function integerFloorSlots(q: SlotQuery): Slot[] {
  if (q.method !== 'any' || q.type.needsRoom || q.roundToMin !== undefined || q.horizonDays != null) {
    throw new Error('integer floor: any-provider searches without rooms, rounding or horizon only');
  }
  const zone = q.providers[0]!.hours.zone;
  if (q.providers.some((p) => p.hours.zone !== zone)) throw new Error('integer floor: one zone only');
  const windowEnd = q.window.end!;
  const D = q.durationMin ?? q.type.durationMin;
  const step = q.intervalMin ?? 15;
  const before = q.type.bufferBeforeMin;
  const after = q.type.bufferAfterMin;

  // Local days of the window; refuse any with an offset change.
  const first = DateTime.fromMillis(q.window.start, { zone }).startOf('day');
  const base = first.toMillis();
  const days: string[] = [];
  const weekdays: number[] = [];
  for (let d = first; d.toMillis() < windowEnd; d = d.plus({ days: 1 })) {
    if (d.plus({ days: 1 }).toMillis() - d.toMillis() !== DAY_MIN * MIN) throw new Error('integer floor: no DST days');
    days.push(d.toISODate()!);
    weekdays.push(d.weekday);
  }
  const nDays = days.length;
  const size = nDays * DAY_MIN;
  const lo = Math.max(0, Math.ceil((Math.max(q.window.start, q.now + (q.minNoticeMin ?? 0) * MIN) - base) / MIN));
  const hi = Math.min(size, Math.ceil((windowEnd - base) / MIN));
  const winLo = q.window.start - base;
  const winHi = windowEnd - base;

  // Pass 1, per provider and in one pass over the lists: booked minutes in the window (fairness)
  // and the busy spans as minute offsets, widened by the buffers and merged.
  const n = q.providers.length;
  const booked = new Float64Array(n);
  const busy: Int32Array[] = [];
  const busyLength = new Int32Array(n);
  for (let p = 0; p < n; p++) {
    const a = q.providers[p]!;
    const appointments = a.appointments ?? [];
    const others = [...(a.blockouts ?? []), ...(a.externalBusy ?? [])];
    const out = new Int32Array(2 * (appointments.length + others.length));
    let len = 0;
    /** Appends a widened busy span (they come by ascending start), joined to the last when they meet. */
    const add = (x: { start: number; end: number }): void => {
      const bs = (x.start - base) / MIN - after;
      const be = (x.end - base) / MIN + before;
      if (len > 0 && bs <= out[len - 1]!) {
        if (be > out[len - 1]!) out[len - 1] = be;
      } else {
        out[len] = bs;
        out[len + 1] = be;
        len += 2;
      }
    };
    let runS = 0;
    let runE = -Infinity;
    let total = 0;
    let last = -Infinity;
    let sorted = true;
    for (let i = 0; i < appointments.length; i++) {
      const x = appointments[i]!;
      if (x.start < last) sorted = false;
      last = x.start;
      const s = x.start - base;
      const e = x.end - base;
      const ws = s > winLo ? s : winLo;
      const we = e < winHi ? e : winHi;
      if (we > ws) {
        if (ws > runE) {
          if (runE > runS) total += runE - runS;
          runS = ws;
          runE = we;
        } else if (we > runE) runE = we;
      }
      if (e > s) add(x);
    }
    if (runE > runS) total += runE - runS;
    booked[p] = total;
    if (!sorted || others.length > 0) {
      // Rare: blockouts, external busy time or unsorted rows. Merge everything again, sorted.
      len = 0;
      for (const x of [...appointments, ...others].sort((u, v) => u.start - v.start)) if (x.end > x.start) add(x);
    }
    busy.push(out);
    busyLength[p] = len;
  }

  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => {
    const d = booked[x]! - booked[y]!;
    if (d !== 0) return d;
    const ix = q.providers[x]!.id;
    const iy = q.providers[y]!.id;
    return ix < iy ? -1 : ix > iy ? 1 : 0;
  });

  // Pass 2: fairest first, sweep each day's free gaps against its written grid; first to reach a start keeps it.
  const claims = new Int32Array(size);
  for (const p of order) {
    const hours = q.providers[p]!.hours;
    const b = busy[p]!;
    const bl = busyLength[p]!;
    let c = 0;
    for (let d = 0; d < nDays; d++) {
      const dayBase = d * DAY_MIN;
      if (dayBase >= hi) break;
      if (dayBase + DAY_MIN <= lo) continue;
      for (const [s, e] of rangesOn(hours, days[d]!, weekdays[d]!)) {
        const open = dayBase + s;
        const close = dayBase + e;
        while (c < bl && b[c + 1]! <= open) c += 2;
        let cursor = open;
        let k = c;
        for (;;) {
          const gapEnd = k < bl && b[k]! < close ? b[k]! : close;
          if (gapEnd - cursor >= D) {
            // Grid starts g = open + j × step with cursor ≤ g, g + D ≤ gapEnd, inside [lo, hi).
            let g = open + Math.ceil((Math.max(cursor, lo) - open) / step) * step;
            const last = Math.min(gapEnd - D, hi - 1);
            for (; g <= last; g += step) if (claims[g] === 0) claims[g] = p + 1;
          }
          if (gapEnd >= close) break;
          cursor = b[k + 1]!;
          k += 2;
          if (cursor >= close) break;
        }
      }
    }
  }

  const out: Slot[] = [];
  for (let m = lo; m < hi; m++) {
    const holder = claims[m]!;
    if (holder !== 0) {
      const start = base + m * MIN;
      out.push({ start, end: start + D * MIN, providerIds: [q.providers[holder - 1]!.id], roomId: null });
    }
  }
  return out;
}

/** The written ranges of a date: its overrides, else the weekly rows in force (assumed disjoint). */
function rangesOn(hours: SlotQuery['providers'][number]['hours'], date: string, weekday: number): Array<readonly [number, number]> {
  const overrides = hours.overrides ?? [];
  if (overrides.length > 0 && overrides.some((o) => o.date === date)) {
    return overrides.flatMap((o) => (o.date === date && o.kind === 'special' ? [[o.startMin, o.endMin] as const] : []));
  }
  const out: Array<readonly [number, number]> = [];
  for (const r of hours.weekly) {
    if (r.weekday === weekday && r.effectiveFrom <= date && (r.effectiveUntil === null || date <= r.effectiveUntil)) {
      out.push([r.startMin, r.endMin]);
    }
  }
  return out.length > 1 ? out.sort((x, y) => x[0] - y[0]) : out;
}

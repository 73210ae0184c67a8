import type { EpochMs } from '@shared/domain/ids';
import type { Spans} from './spans';
import { mergeBusy, subtractSpans, type TimeSpan } from './spans';
import type { FullAgenda } from './types';

/**
 * A provider's free time and booked time in one pass over their rows — the
 * `any` search reads every row of every provider (the fairness of each pick
 * depends on all of them), so this loop is where it spends its time.
 *
 * Writes to `out` the open time `coverage` minus the provider's busy spans
 * widened by the new visit's buffers ([x − after, y + before): "the visit
 * [s, s + D) avoids it" then means "its busy span avoids the original"), and
 * returns the length of the union of their appointments inside `window`.
 */
export function freeAndBookedTime(
  agenda: FullAgenda,
  coverage: Spans,
  widenStart: number,
  widenEnd: number,
  window: { start: EpochMs; end: EpochMs },
  out: Spans,
  scratch: Spans,
): number {
  out.clear();
  if (agenda.blockouts.length === 0 && agenda.externalBusy.length === 0) {
    const booked = freeFromSorted(agenda.appointments, coverage, widenStart, widenEnd, window.start, window.end, out);
    if (booked >= 0) return booked;
  }
  // Blockouts or external busy time too, or rows out of order: merge them first.
  const lists = [agenda.appointments, agenda.blockouts, agenda.externalBusy];
  const from = coverage.length > 0 ? coverage.data[0]! : 0;
  const to = coverage.length > 0 ? coverage.data[coverage.length - 1]! : 0;
  const { busy, unionMs } = mergeBusy(lists, widenStart, widenEnd, from, to, scratch, window);
  subtractSpans(coverage, busy, out);
  return unionMs;
}

/**
 * The single sorted list case of freeAndBookedTime, fused: -1 (with `out`
 * unfinished) as soon as the list turns out not to be sorted by start.
 */
function freeFromSorted(
  items: readonly TimeSpan[],
  coverage: Spans,
  widenStart: number,
  widenEnd: number,
  uFrom: EpochMs,
  uTo: EpochMs,
  out: Spans,
): number {
  const cov = coverage.data;
  const covLength = coverage.length;
  // Each busy span cuts at most one free piece in two: room for every piece, written directly.
  out.reserve(covLength + 2 * items.length);
  const data = out.data;
  let n = 0;
  // The current coverage span [cs, ce) (index c), and `cur`: free time is written up to cur.
  let c = 0;
  let cs = covLength > 0 ? cov[0]! : Infinity;
  let ce = covLength > 0 ? cov[1]! : Infinity;
  let cur = cs;
  // The union of the rows inside [uFrom, uTo): finished runs in `total`, the open one in [runStart, runEnd).
  let total = 0;
  let runStart = 0;
  let runEnd = -Infinity;
  let last = -Infinity;
  for (let i = 0; i < items.length; i++) {
    const x = items[i]!;
    const start = x.start;
    const end = x.end;
    if (start < last) return -1;
    last = start;
    const us = start > uFrom ? start : uFrom;
    const ue = end < uTo ? end : uTo;
    if (ue > us) {
      if (us > runEnd) {
        if (runEnd > runStart) total += runEnd - runStart;
        runStart = us;
        runEnd = ue;
      } else if (ue > runEnd) {
        runEnd = ue;
      }
    }
    if (end <= start || c >= covLength) continue;
    const s = start - widenStart;
    // Free time of the coverage before this busy span: whole spans that end by s, then up to s.
    while (ce <= s) {
      if (ce > cur) {
        data[n] = cur;
        data[n + 1] = ce;
        n += 2;
      }
      c += 2;
      if (c >= covLength) break;
      cs = cov[c]!;
      ce = cov[c + 1]!;
      if (cur < cs) cur = cs;
    }
    if (c >= covLength) continue;
    if (s > cur) {
      data[n] = cur;
      data[n + 1] = s;
      n += 2;
    }
    const e = end + widenEnd;
    if (e > cur) cur = e;
  }
  for (; c < covLength; c += 2) {
    cs = cov[c]!;
    ce = cov[c + 1]!;
    if (cur < cs) cur = cs;
    if (ce > cur) {
      data[n] = cur;
      data[n + 1] = ce;
      n += 2;
    }
  }
  out.length = n;
  return total + (runEnd > runStart ? runEnd - runStart : 0);
}

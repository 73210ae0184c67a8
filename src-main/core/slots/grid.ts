import type { EpochMs } from '@shared/domain/ids';
import type { Blocks } from './blocks';
import type { Spans } from './spans';
import { localDayOf, zoneDay } from './zone-day';

/**
 * The slot grid — when a visit may start.
 *
 * The written hours are the grid: starts are the opening time + n × interval
 * in local wall-clock minutes, for each of a day's (merged) written opening
 * ranges — or, with roundTo, from the opening time rounded up to a multiple of
 * roundTo wall minutes after local midnight. So 09:00–17:00 with a 15-minute
 * interval gives 09:00, 09:15, …; an opening at 09:10 gives 09:10, 09:25, …
 * (or 09:15, 09:30, … with roundTo 15). A care team's grid starts at the
 * latest of its members' openings (where everyone is in) and is read in the
 * first member's zone.
 *
 * Read on the clock: on a spring-forward night the times that do not exist
 * are simply missing (02:30–04:00 on a 20-minute interval offers 03:10 and
 * 03:30, not a grid restarted at 03:00); on a fall-back night each repeated
 * written time inside the hours is offered once per real occurrence, and
 * nothing the hours do not cover. Each block (see Blocks) has one offset, so
 * its starts are simply anchor + n × step in instants.
 */
export interface GridBlock {
  start: EpochMs;
  end: EpochMs;
  /** The block's grid phase: its starts are anchor + n × step, n ≥ 0. */
  anchor: EpochMs;
}

function mod(x: number, m: number): number {
  const r = x % m;
  return r < 0 ? r + m : r;
}

/**
 * Grid blocks for the blocks that overlap [lo, hi). Blocks are taken whole,
 * never clipped; with roundTo, each anchor is rounded up in `zone`'s wall time
 * (every block lies within one local day of `zone` and one offset).
 */
export function gridBlocks(blocks: Blocks, zone: string, roundToMs: number | null, lo: EpochMs, hi: EpochMs): GridBlock[] {
  const out: GridBlock[] = [];
  const d = blocks.data;
  for (let i = 0; i < blocks.length; i += 3) {
    const start = d[i]!;
    const end = d[i + 1]!;
    if (end <= lo || start >= hi) continue;
    let anchor = d[i + 2]!;
    if (roundToMs !== null) {
      const zd = zoneDay(zone, localDayOf(zone, start));
      const offset = start < zd.transition ? zd.offsetBefore : zd.offsetAfter;
      const wall = anchor + offset;
      anchor = zd.wallBase + Math.ceil((wall - zd.wallBase) / roundToMs) * roundToMs - offset;
    }
    if (anchor < end) out.push({ start, end, anchor });
  }
  return out;
}

/** Receives grid starts in ascending order. */
export type StartVisitor = (start: EpochMs) => void;

/** Visits the block's grid starts inside [from, to), ascending. */
export function visitGridStarts(b: GridBlock, from: EpochMs, to: EpochMs, step: number, visit: StartVisitor): void {
  const lo = Math.max(from, b.start, b.anchor);
  const hi = Math.min(to, b.end);
  for (let t = lo + mod(b.anchor - lo, step); t < hi; t += step) visit(t);
}

/**
 * Visits the starts s on the grid with s in [lo, hi) and the visit [s, s + duration)
 * inside one free span, ascending. Blocks and free spans are sorted.
 */
export function visitFittingStarts(
  blocks: readonly GridBlock[],
  free: Spans,
  lo: EpochMs,
  hi: EpochMs,
  durationMs: number,
  stepMs: number,
  visit: StartVisitor,
): void {
  let i = 0;
  let j = 0;
  while (i < free.length && j < blocks.length) {
    // Starts that fit this free span: [free start, free end − duration].
    const fitFrom = free.data[i]!;
    const fitTo = free.data[i + 1]! - durationMs + 1;
    const b = blocks[j]!;
    const from = Math.max(fitFrom, lo);
    const to = Math.min(fitTo, hi);
    if (to > from) visitGridStarts(b, from, to, stepMs, visit);
    if (fitTo < b.end) i += 2;
    else j++;
  }
}

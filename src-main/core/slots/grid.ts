import type { EpochMs } from '../../../src-shared/domain/ids';
import type { Spans } from './spans';
import { DAY_MS, localDayOf, wallToInstant, zoneDay } from './zone-day';

/**
 * The slot grid — when a visit may start.
 *
 * An opening block is one local day's merged opening range (for a care team:
 * where all members' blocks overlap, cut at the alignment zone's midnights).
 * Starts step by `interval` local wall-clock minutes from the block's first
 * start: the block's opening time, rounded up to a multiple of `roundTo` wall
 * minutes after local midnight when roundTo is given. So 09:00–17:00 with a
 * 15-minute interval gives 09:00, 09:15, …; an opening at 09:10 gives 09:10,
 * 09:25, … (or 09:15, 09:30, … with roundTo 15).
 *
 * Stepping in wall minutes is what a receptionist reads on the clock: on a
 * spring-forward day there is no 02:30 (that wall time does not exist); on a
 * fall-back day both 01:15s are offered, each once, because both real
 * instants read 01:15. Formally: t is a grid start of a block iff
 * first ≤ t < end and wall(t) − anchorWall is a multiple of the interval,
 * with wall(t) = t + offset(t).
 */
export interface GridBlock {
  start: EpochMs;
  end: EpochMs;
  /** The earliest start in the block. */
  first: EpochMs;
  /** Wall time (local ms read as UTC) of `first`: the grid's phase. */
  anchorWall: number;
  /** The zone's offset change near this block (Infinity when none), and the offsets around it. */
  transition: EpochMs;
  offsetBefore: number;
  offsetAfter: number;
}

function mod(x: number, m: number): number {
  const r = x % m;
  return r < 0 ? r + m : r;
}

/**
 * Grid blocks for the sorted, disjoint open pieces that overlap [lo, hi), cut
 * at local midnights of `zone`. Pieces are skipped whole, never clipped:
 * clipping would move the anchor.
 */
export function gridBlocks(pieces: Spans, zone: string, roundToMs: number | null, lo: EpochMs, hi: EpochMs): GridBlock[] {
  const out: GridBlock[] = [];
  for (let i = 0; i < pieces.length; i += 2) {
    let start = pieces.data[i]!;
    const end = pieces.data[i + 1]!;
    if (end <= lo || start >= hi) continue;
    while (start < end) {
      const zd = zoneDay(zone, localDayOf(zone, start));
      const pieceEnd = Math.min(end, zd.end);
      const wall = start + (start < zd.transition ? zd.offsetBefore : zd.offsetAfter);
      let anchorWall = wall;
      let first = start;
      if (roundToMs !== null) {
        anchorWall = zd.wallBase + Math.ceil((wall - zd.wallBase) / roundToMs) * roundToMs;
        // The rounded wall time may fall in a fold's first pass, before this piece.
        first = anchorWall === wall ? start : Math.max(start, wallToInstant(zd, anchorWall));
      }
      const { transition, offsetBefore, offsetAfter } = zd;
      if (first < pieceEnd) out.push({ start, end: pieceEnd, first, anchorWall, transition, offsetBefore, offsetAfter });
      // A piece never spans more than a day plus a DST hour; the guard keeps the loop finite regardless.
      start = pieceEnd > start ? pieceEnd : start + DAY_MS;
    }
  }
  return out;
}

/** Receives grid starts in ascending order. */
export type StartVisitor = (start: EpochMs) => void;

function visitSegment(from: EpochMs, to: EpochMs, phase: number, step: number, visit: StartVisitor): void {
  for (let t = from + mod(phase - from, step); t < to; t += step) visit(t);
}

/** Visits the block's grid starts inside [from, to) (clipped to the block by the caller), ascending. */
export function visitGridStarts(b: GridBlock, from: EpochMs, to: EpochMs, step: number, visit: StartVisitor): void {
  // One constant offset on each side of the transition: t ≡ anchorWall − offset (mod step).
  if (from < b.transition) visitSegment(from, Math.min(to, b.transition), b.anchorWall - b.offsetBefore, step, visit);
  if (to > b.transition) visitSegment(Math.max(from, b.transition), to, b.anchorWall - b.offsetAfter, step, visit);
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
    const from = Math.max(fitFrom, b.first, lo);
    const to = Math.min(fitTo, b.end, hi);
    if (to > from) visitGridStarts(b, from, to, stepMs, visit);
    if (fitTo < b.end) i += 2;
    else j++;
  }
}

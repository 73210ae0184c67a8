import type { EpochMs } from '@shared/domain/ids';
import { Spans, sweepIntersection } from './spans';

/**
 * Opening blocks: sorted, disjoint instant spans, each carrying the anchor of
 * its slot grid, packed flat as [start, end, anchor, …].
 *
 * A block is the part of one local day's written opening range during which
 * the zone's UTC offset does not change. Its anchor is the instant the range's
 * written opening time would have at that offset: the block's own start
 * usually, but earlier when the block is the second pass of a fall-back hour
 * or the part after a spring-forward gap. Starts are then anchor + n × step,
 * which is the day's written grid read on the clock (opening time + n × step
 * in wall minutes), whatever the clocks did in between.
 */
export class Blocks {
  data: Float64Array;
  /** Numbers in use: three per block. */
  length = 0;

  constructor(capacity = 48) {
    this.data = new Float64Array(capacity);
  }

  get count(): number {
    return this.length / 3;
  }

  push(start: EpochMs, end: EpochMs, anchor: EpochMs): void {
    if (this.length + 3 > this.data.length) {
      const bigger = new Float64Array(Math.max(48, this.data.length * 2));
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length] = start;
    this.data[this.length + 1] = end;
    this.data[this.length + 2] = anchor;
    this.length += 3;
  }

  clear(): this {
    this.length = 0;
    return this;
  }

  /** Where the blocks are open: their spans, touching ones joined. */
  coverage(out: Spans = new Spans()): Spans {
    out.clear();
    for (let i = 0; i < this.length; i += 3) out.join(this.data[i]!, this.data[i + 1]!);
    return out;
  }
}

/**
 * Where both block lists are open, written to `out`. Each piece keeps the
 * later of the two anchors: a care team's grid starts at the latest of its
 * members' written openings. Pieces are not joined, so block boundaries (and
 * with them local midnights and offset changes) survive.
 */
export function intersectBlocks(a: Blocks, b: Blocks, out: Blocks): Blocks {
  out.clear();
  const x = a.data;
  const y = b.data;
  sweepIntersection(x, a.length, 3, y, b.length, 3, (s, e, i, j) => out.push(s, e, Math.max(x[i + 2]!, y[j + 2]!)));
  return out;
}

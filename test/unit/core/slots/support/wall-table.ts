/**
 * Wall readings of every minute, from luxon, with the first and last instant
 * that reads a given wall time: a model of the zone-day conversions
 * (first pass in a fold, second with laterInFold, the jump in a gap).
 */
import { DateTime } from 'luxon';

const MIN = 60_000;

/** Wall readings (local time read as UTC, ms) of every minute instant in [from, to), from luxon. */
export class WallTable {
  readonly wall: number[] = [];
  private readonly firstAt = new Map<number, number>();
  private readonly lastAt = new Map<number, number>();
  constructor(
    readonly zone: string,
    readonly from: number,
    readonly to: number,
  ) {
    for (let t = from; t < to; t += MIN) {
      const w = t + DateTime.fromMillis(t, { zone }).offset * MIN;
      this.wall.push(w);
      if (!this.firstAt.has(w)) this.firstAt.set(w, t);
      this.lastAt.set(w, t);
    }
  }
  covers(from: number, to: number): boolean {
    return this.from <= from && to <= this.to;
  }
  private index(t: number): number {
    if (t < this.from || t >= this.to) throw new Error('oracle table too short');
    return (t - this.from) / MIN;
  }
  wallOf(t: number): number {
    return this.wall[this.index(t)]!;
  }
  /** The local date: the calendar date of the wall reading. */
  dateOf(t: number): string {
    return new Date(this.wallOf(t)).toISOString().slice(0, 10);
  }
  /** First instant reading `w`; when none does (a spring-forward gap), the first reading later than `w`. */
  first(w: number): number {
    const hit = this.firstAt.get(w);
    if (hit !== undefined) return hit;
    for (let i = 0; i < this.wall.length; i++) {
      if (this.wall[i]! > w) {
        this.firstAt.set(w, this.from + i * MIN);
        return this.from + i * MIN;
      }
    }
    throw new Error('oracle table too short');
  }
  /** Last instant reading `w` (the fold's second pass); in a gap, as first(). */
  last(w: number): number {
    return this.lastAt.get(w) ?? this.first(w);
  }
}

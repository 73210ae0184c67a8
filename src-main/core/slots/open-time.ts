import type { EpochMs } from '@shared/domain/ids';
import { Blocks } from './blocks';
import { gridBlocks, type GridBlock } from './grid';
import { appendOpenBlocks, compileHours, type CompiledHours, type LocationHours } from './hours';
import { Spans } from './spans';
import { localDayOf } from './zone-day';

/** When a provider is open around one stretch of candidate starts. */
export interface OpenTime {
  /** Opening blocks, with their grid anchors. */
  blocks: Blocks;
  /** The blocks joined: where a visit may run. */
  coverage: Spans;
  /** The provider's own grid over the blocks that can hold a start. */
  grid: GridBlock[];
}

/** A cheap fingerprint of the rows' numbers; sameHours settles collisions. */
function hoursHash(h: LocationHours): number {
  let x = h.weekly.length * 7919 + h.overrides.length;
  for (const r of h.weekly) x = (Math.imul(x, 31) + r.weekday * 2_074_081 + r.startMin * 1441 + r.endMin) | 0;
  return x;
}

function sameHours(a: LocationHours, b: LocationHours): boolean {
  if (a === b) return true;
  const ao = a.overrides;
  const bo = b.overrides;
  if (a.zone !== b.zone || a.weekly.length !== b.weekly.length || ao.length !== bo.length) return false;
  for (let i = 0; i < a.weekly.length; i++) {
    const x = a.weekly[i]!;
    const y = b.weekly[i]!;
    if (
      x.weekday !== y.weekday ||
      x.startMin !== y.startMin ||
      x.endMin !== y.endMin ||
      x.effectiveFrom !== y.effectiveFrom ||
      x.effectiveUntil !== y.effectiveUntil
    ) {
      return false;
    }
  }
  for (let i = 0; i < ao.length; i++) {
    const x = ao[i]!;
    const y = bo[i]!;
    if (x.date !== y.date || x.kind !== y.kind) return false;
    if (x.kind === 'special' && y.kind === 'special' && (x.startMin !== y.startMin || x.endMin !== y.endMin)) return false;
  }
  return true;
}

/**
 * Compiled hours and open time for one search. Providers with identical
 * hours (most of a clinic shares a template) share both, so hours are
 * turned into instants once per template per stretch, not once per provider.
 */
export class OpenTimeBook {
  /** Distinct hours seen so far (a clinic has a handful of templates) by fingerprint, with their compiled form. */
  private readonly compiled = new Map<number, Array<{ source: LocationHours; hours: CompiledHours }>>();
  private readonly stretch = new Map<CompiledHours, OpenTime>();
  private stretchLo = NaN;
  private stretchHi = NaN;

  constructor(
    private readonly durationMs: number,
    private readonly roundToMs: number | null,
  ) {}

  compile(hours: LocationHours): CompiledHours {
    const hash = hoursHash(hours);
    const seen = this.compiled.get(hash) ?? [];
    const same = seen.find((x) => sameHours(x.source, hours));
    if (same) return same.hours;
    const compiled = compileHours(hours);
    seen.push({ source: hours, hours: compiled });
    this.compiled.set(hash, seen);
    return compiled;
  }

  /** Open time for visits starting in [lo, hi); kept until another stretch is asked for. */
  openTime(hours: CompiledHours, lo: EpochMs, hi: EpochMs): OpenTime {
    if (lo !== this.stretchLo || hi !== this.stretchHi) {
      this.stretch.clear();
      this.stretchLo = lo;
      this.stretchHi = hi;
    }
    let open = this.stretch.get(hours);
    if (!open) {
      const blocks = new Blocks();
      // A start's block lies in the start's local day; a visit can run into the next days.
      appendOpenBlocks(hours, localDayOf(hours.zone, lo), localDayOf(hours.zone, hi + this.durationMs), blocks);
      const grid = gridBlocks(blocks, hours.zone, this.roundToMs, lo, hi);
      open = { blocks, coverage: blocks.coverage(new Spans(Math.max(2, (2 * blocks.length) / 3))), grid };
      this.stretch.set(hours, open);
    }
    return open;
  }
}

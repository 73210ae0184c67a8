import type { EpochMs } from '@shared/domain/ids';
import { Blocks, intersectBlocks } from './blocks';
import type { FairnessKey } from './fairness';
import type { CompiledHours } from './hours';
import type { Interval } from './interval';
import type { OpenTime, OpenTimeBook } from './open-time';
import type { SlotRules } from './rules';
import { Spans, intersectSpans, mergeBusy, subtractSpans } from './spans';
import type { FullAgenda } from './types';

/**
 * A provider's inputs made ready for window queries: hours compiled, busy
 * time merged, and (as a FairnessKey) booked time in the query window.
 */
export interface PreparedProvider extends FairnessKey {
  agenda: FullAgenda;
  hours: CompiledHours;
  /**
   * Everything that keeps the provider busy — appointments' busy spans,
   * blockouts, external busy time — over the search range, widened by the new
   * visit's buffers, so that "the visit [s, s + D) avoids it" means "its busy
   * span avoids the originals":
   * [s − before, s + D + after) meets [x, y) ⇔ [s, s + D) meets [x − after, y + before).
   */
  busy: Spans;
}

/**
 * One typed array holding every provider's busy spans (a slice each, sized
 * for the worst case), instead of hundreds of arrays the garbage collector
 * would copy around while a search runs.
 */
export class BusyArena {
  private readonly data: Float64Array;
  private readonly offsets: number[] = [0];

  constructor(agendas: readonly FullAgenda[]) {
    for (const a of agendas) {
      const spans = a.appointments.length + a.blockouts.length + a.externalBusy.length;
      this.offsets.push(this.offsets[this.offsets.length - 1]! + 2 * spans);
    }
    this.data = new Float64Array(this.offsets[this.offsets.length - 1]!);
  }

  /** Storage for provider `i`'s merged busy spans. */
  slice(i: number): Float64Array {
    return this.data.subarray(this.offsets[i]!, this.offsets[i + 1]!);
  }
}

/** Merges the provider's busy lists, keeping what visits starting in `range` can meet, and measures booked time. */
export function prepareProvider(
  agenda: FullAgenda,
  rules: SlotRules,
  range: Interval,
  window: Interval,
  book: OpenTimeBook,
  storage: Float64Array,
): PreparedProvider {
  const { busy, unionMs } = mergeBusy(
    [agenda.appointments, agenda.blockouts, agenda.externalBusy],
    rules.bufferAfterMs,
    rules.bufferBeforeMs,
    range.start,
    range.end + rules.durationMs,
    new Spans(storage),
    window,
  );
  return { id: agenda.id, agenda, hours: book.compile(agenda.hours), busy, bookedMs: unionMs };
}

/** Open time and free time for visits starting in one stretch of time. */
export interface ProviderWindow {
  open: OpenTime;
  /** Open and not busy. */
  free: Spans;
}

/** Open and free time for visits starting in [lo, hi); `free` is written into `into` (new by default). */
export function providerWindow(
  p: PreparedProvider,
  book: OpenTimeBook,
  lo: EpochMs,
  hi: EpochMs,
  into: Spans = new Spans(),
): ProviderWindow {
  const open = book.openTime(p.hours, lo, hi);
  return { open, free: subtractSpans(open.coverage, p.busy, into) };
}

/** Where a whole care team is open together (blocks, each anchored at the latest member's opening) and free together. */
export function teamWindow(windows: readonly ProviderWindow[]): { blocks: Blocks; free: Spans } {
  const first = windows[0];
  let blocks = first ? first.open.blocks : new Blocks();
  let free = first ? new Spans().copyFrom(first.free) : new Spans();
  for (let k = 1; k < windows.length; k++) {
    blocks = intersectBlocks(blocks, windows[k]!.open.blocks, new Blocks(blocks.length + 3));
    free = intersectSpans(free, windows[k]!.free, new Spans(free.length + 2));
  }
  return { blocks, free };
}

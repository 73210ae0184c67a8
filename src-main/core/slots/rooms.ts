import type { EpochMs, RoomId } from '@shared/domain/ids';
import type { Interval } from './interval';
import type { SlotRules } from './rules';
import { Spans, firstEndingAfter, mergeBusy } from './spans';
import type { FullRoom } from './types';

/**
 * SQLite's BINARY collation: UTF-8 bytes, i.e. code points. JavaScript's `<`
 * compares UTF-16 units, which differs only when a character beyond U+FFFF
 * (a surrogate pair) meets one in U+E000–U+FFFF.
 */
export function binaryOrder(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    const xSurrogate = x >= 0xd800 && x <= 0xdfff;
    const ySurrogate = y >= 0xd800 && y <= 0xdfff;
    if (xSurrogate !== ySurrogate) return xSurrogate ? 1 : -1;
    return x - y;
  }
  return a.length - b.length;
}

/** Rooms in the order the booking guard tries them: `ORDER BY name, id` (rooms without a name: by id). */
export function roomsInGuardOrder<T extends { id: RoomId; name?: string }>(rooms: readonly T[]): T[] {
  return [...rooms].sort((a, b) => binaryOrder(a.name ?? '', b.name ?? '') || binaryOrder(a.id, b.id));
}

/**
 * Picks the first free eligible room (in guard order) for visits asked in ascending start
 * order. Each room's busy time is widened by the visit's buffers like a
 * provider's, and a cursor per room makes a whole search linear.
 */
export class RoomPicker {
  private readonly ids: RoomId[];
  private readonly busy: Spans[];
  private readonly cursors: number[];

  constructor(
    rooms: readonly FullRoom[],
    private readonly rules: SlotRules,
    range: Interval,
  ) {
    const ordered = roomsInGuardOrder(rooms);
    this.ids = ordered.map((r) => r.id);
    // Starts lie in `range`: busy time up to its end plus one visit matters.
    this.busy = ordered.map(
      (r) =>
        mergeBusy(
          [r.appointments, r.blockouts],
          rules.bufferAfterMs,
          rules.bufferBeforeMs,
          range.start,
          range.end + rules.durationMs,
          new Spans(),
        ).busy,
    );
    this.cursors = ordered.map(() => 0);
  }

  /** Whether room `r` is free for a visit starting at `start` (any order of calls). */
  private freeAt(r: number, start: EpochMs): boolean {
    const busy = this.busy[r]!;
    const c = firstEndingAfter(busy, start);
    return c >= busy.length || busy.data[c]! >= start + this.rules.durationMs;
  }

  /** Whether some room is free for a visit starting at `start`, in any order of calls. */
  anyFree(start: EpochMs): boolean {
    return this.ids.some((_, r) => this.freeAt(r, start));
  }

  /** Every free room for a visit starting at `start`, in guard order (the first is what pick() gives). Any order of calls. */
  allFree(start: EpochMs): RoomId[] {
    return this.ids.filter((_, r) => this.freeAt(r, start));
  }

  /** The room for a visit starting at `start`; null when none is free. Starts must not decrease between calls. */
  pick(start: EpochMs): RoomId | null {
    const end = start + this.rules.durationMs;
    for (let r = 0; r < this.ids.length; r++) {
      const busy = this.busy[r]!;
      let c = this.cursors[r]!;
      while (c < busy.length && busy.data[c + 1]! <= start) c += 2;
      this.cursors[r] = c;
      if (c >= busy.length || busy.data[c]! >= end) return this.ids[r]!;
    }
    return null;
  }
}

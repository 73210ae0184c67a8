import type { EpochMs } from '@shared/domain/ids';
import { mergeRanges } from '@shared/time';
import { Blocks } from './blocks';
import type { Interval } from './interval';
import { MINUTE_MS, dayNumOf, isoWeekday, localDayOf, weekdayOfDayNum, zoneDay } from './zone-day';

/** One weekly opening row: on `weekday`, local [startMin, endMin), between the effective dates (inclusive). */
export interface WeeklyHoursRule {
  /** ISO weekday of the local date: 1 = Monday, 2 = Tuesday, … 7 = Sunday (never 0). */
  weekday: number;
  /** Written opening time, in minutes after local midnight (0 … 1439). */
  startMin: number;
  /** Written closing time, in minutes after local midnight (startMin < endMin ≤ 1440; 1440 is the next midnight). */
  endMin: number;
  /** First local date the row applies to (YYYY-MM-DD). */
  effectiveFrom: string;
  /** Last local date the row applies to (YYYY-MM-DD), or null for no end. */
  effectiveUntil: string | null;
}

/** A date override replaces the weekly rules for that date: closed, or special intervals. */
export type HoursOverride =
  | { date: string; kind: 'closed' }
  | { date: string; kind: 'special'; startMin: number; endMin: number };

/**
 * A provider's opening hours at one location, written in that location's zone.
 * The written wall-clock times are what count: a time is open when the clock
 * in `zone` reads a time inside the hours of that local date.
 */
export interface LocationHours {
  /** IANA zone name, e.g. America/New_York. */
  zone: string;
  weekly: readonly WeeklyHoursRule[];
  /** Dates whose hours differ from the weekly rows. */
  overrides: readonly HoursOverride[];
}

/** LocationHours as a slot query may give them: without overrides when there are none. */
export type HoursInput = Omit<LocationHours, 'overrides'> & { overrides?: readonly HoursOverride[] };

/** Local wall minutes [start, end) of one day. */
type MinuteRange = readonly [number, number];

/** Local [startMin, endMin) intervals open on one local date, before zone conversion. */
export function openMinutesOn(hours: LocationHours, isoDate: string): Array<[number, number]> {
  const dayOverrides = hours.overrides.filter((o) => o.date === isoDate);
  if (dayOverrides.length > 0) {
    return dayOverrides.flatMap((o) => (o.kind === 'special' ? [[o.startMin, o.endMin] as [number, number]] : []));
  }
  const wd = isoWeekday(isoDate);
  return hours.weekly
    .filter(
      (r) =>
        r.weekday === wd && r.effectiveFrom <= isoDate && (r.effectiveUntil === null || isoDate <= r.effectiveUntil),
    )
    .map((r) => [r.startMin, r.endMin] as [number, number]);
}

interface CompiledRule {
  /** The rule's own range, shared (never mutated) when it is the day's only one. */
  range: readonly MinuteRange[];
  fromDay: number;
  untilDay: number;
}

/** LocationHours with dates turned into day numbers, indexed for per-day lookups without string work. */
export interface CompiledHours {
  readonly zone: string;
  /** Index = ISO weekday (1..7); index 0 is unused. */
  readonly weekly: ReadonlyArray<readonly CompiledRule[]>;
  /** Day number → that date's special ranges, merged ([] when closed). A date listed here ignores the weekly rules. */
  readonly overrides: ReadonlyMap<number, readonly MinuteRange[]>;
}

const NOTHING: readonly MinuteRange[] = [];

export function compileHours(hours: LocationHours): CompiledHours {
  const weekly: CompiledRule[][] = [[], [], [], [], [], [], [], []];
  for (const r of hours.weekly) {
    weekly[r.weekday]?.push({
      range: r.endMin > r.startMin ? [[r.startMin, r.endMin]] : NOTHING,
      fromDay: dayNumOf(r.effectiveFrom),
      untilDay: r.effectiveUntil === null ? Infinity : dayNumOf(r.effectiveUntil),
    });
  }
  const specials = new Map<number, MinuteRange[]>();
  for (const o of hours.overrides) {
    const day = dayNumOf(o.date);
    const ranges = specials.get(day) ?? [];
    if (o.kind === 'special') ranges.push([o.startMin, o.endMin]);
    specials.set(day, ranges);
  }
  const overrides = new Map<number, readonly MinuteRange[]>();
  for (const [day, ranges] of specials) overrides.set(day, mergeRanges(ranges));
  return { zone: hours.zone, weekly, overrides };
}

/** The open wall-minute ranges of local day `dayNum`, sorted and merged. Allocates nothing in the usual one-row case. */
function openMinutesOnDay(hours: CompiledHours, dayNum: number): readonly MinuteRange[] {
  const special = hours.overrides.get(dayNum);
  if (special) return special;
  let only: CompiledRule | null = null;
  let several: MinuteRange[] | null = null;
  for (const r of hours.weekly[weekdayOfDayNum(dayNum)] ?? NOTHING_RULES) {
    if (r.fromDay > dayNum || dayNum > r.untilDay) continue;
    if (only === null) only = r;
    else (several ??= [...only.range]).push(...r.range);
  }
  if (several) return mergeRanges(several);
  return only === null ? NOTHING : only.range;
}

const NOTHING_RULES: readonly CompiledRule[] = [];

/**
 * Appends the opening blocks of local days firstDay..lastDay (inclusive) to
 * `out`, in order (see Blocks). A day's written range [s, e) is open at every
 * instant whose wall-clock reading on that date lies in [s, e): with one
 * offset change near the day, that is the instants before the change reading
 * [s, e) at the offset before, then those from the change on reading [s, e) at
 * the offset after. So a fall-back hour inside the range is open twice (both
 * passes), one outside it never, and a spring-forward gap simply has no
 * instants. Blocks of one day never leave it; blocks of consecutive days may
 * touch.
 */
export function appendOpenBlocks(hours: CompiledHours, firstDay: number, lastDay: number, out: Blocks): void {
  for (let day = firstDay; day <= lastDay; day++) {
    const ranges = openMinutesOnDay(hours, day);
    if (ranges.length === 0) continue;
    const zd = zoneDay(hours.zone, day);
    const t = zd.transition;
    // Before the change (or all day without one): one offset, in range order.
    for (const [s, e] of ranges) {
      const start = zd.wallBase + s * MINUTE_MS - zd.offsetBefore;
      const end = Math.min(zd.wallBase + e * MINUTE_MS - zd.offsetBefore, t);
      if (end > start) out.push(start, end, start);
    }
    if (t === Infinity) continue;
    // From the change on: the other offset; every such instant is later than all of the above.
    for (const [s, e] of ranges) {
      const anchor = zd.wallBase + s * MINUTE_MS - zd.offsetAfter;
      const start = Math.max(anchor, t);
      const end = zd.wallBase + e * MINUTE_MS - zd.offsetAfter;
      if (end > start) out.push(start, end, anchor);
    }
  }
}

/**
 * The instants a provider is open at a location within [from, to): weekly
 * rules and date overrides turned into merged, sorted, clipped intervals.
 */
export function openIntervals(hours: LocationHours, from: EpochMs, to: EpochMs): Interval[] {
  if (to <= from) return [];
  const blocks = new Blocks();
  // One day of slack on each side covers openings that cross a day boundary.
  appendOpenBlocks(compileHours(hours), localDayOf(hours.zone, from) - 1, localDayOf(hours.zone, to) + 1, blocks);
  const open = blocks.coverage();
  const out: Interval[] = [];
  for (let i = 0; i < open.length; i += 2) {
    const start = Math.max(from, open.data[i]!);
    const end = Math.min(to, open.data[i + 1]!);
    if (end > start) out.push({ start, end });
  }
  return out;
}

import type { EpochMs } from '../../../src-shared/domain/ids';
import type { Interval } from './interval';
import { Spans, joinTouching } from './spans';
import {
  MINUTE_MS,
  dayNumOf,
  isoWeekday,
  localDayOf,
  wallToInstant,
  weekdayOfDayNum,
  zoneDay,
} from './zone-day';

/** One weekly opening row: on `weekday`, local [startMin, endMin), between the effective dates (inclusive). */
export interface WeeklyHoursRule {
  weekday: number; // ISO 1 = Monday … 7 = Sunday
  startMin: number;
  endMin: number;
  effectiveFrom: string; // YYYY-MM-DD
  effectiveUntil: string | null;
}

/** A date override replaces the weekly rules for that date: closed, or special intervals. */
export type HoursOverride =
  | { date: string; kind: 'closed' }
  | { date: string; kind: 'special'; startMin: number; endMin: number };

/** A provider's opening hours at one location, in that location's zone. */
export interface LocationHours {
  zone: string;
  weekly: readonly WeeklyHoursRule[];
  overrides: readonly HoursOverride[];
}

/** Local wall minutes [start, end) of one day. */
export type MinuteRange = readonly [number, number];

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

/** Sorted, merged (touching ranges join) copy of wall-minute ranges. */
function mergeRanges(ranges: readonly MinuteRange[]): MinuteRange[] {
  const merged: Array<[number, number]> = [];
  for (const [s, e] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else if (e > s) merged.push([s, e]);
  }
  return merged;
}

/** The open wall-minute ranges of local day `dayNum`, sorted and merged. Allocates nothing in the usual one-row case. */
export function openMinutesOnDay(hours: CompiledHours, dayNum: number): readonly MinuteRange[] {
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
 * `out` as Spans, in order: each block is one day's merged opening range as
 * instants, so it never crosses the local midnight it ends at. Blocks of
 * consecutive days may touch; joined, they are the opening intervals.
 */
export function appendOpenBlocks(hours: CompiledHours, firstDay: number, lastDay: number, out: Spans): void {
  for (let day = firstDay; day <= lastDay; day++) {
    const ranges = openMinutesOnDay(hours, day);
    if (ranges.length === 0) continue;
    const zd = zoneDay(hours.zone, day);
    const firstOfDay = out.length;
    for (const [s, e] of ranges) {
      const start = wallToInstant(zd, zd.wallBase + s * MINUTE_MS);
      // An end in a fold is its second occurrence, but never past the day's end.
      const end = Math.min(zd.end, wallToInstant(zd, zd.wallBase + e * MINUTE_MS, true));
      if (end <= start) continue;
      // Disjoint wall ranges can overlap as instants on a fall-back day: join them (within the day only).
      if (out.length > firstOfDay) out.join(start, end);
      else out.push(start, end);
    }
  }
}

/**
 * The instants a provider is open at a location within [from, to): weekly
 * rules and date overrides turned into merged, sorted, clipped intervals.
 */
export function openIntervals(hours: LocationHours, from: EpochMs, to: EpochMs): Interval[] {
  if (to <= from) return [];
  const blocks = new Spans();
  // One day of slack on each side covers openings that cross a day boundary.
  appendOpenBlocks(compileHours(hours), localDayOf(hours.zone, from) - 1, localDayOf(hours.zone, to) + 1, blocks);
  const open = joinTouching(blocks, new Spans());
  const out: Interval[] = [];
  for (let i = 0; i < open.length; i += 2) {
    const start = Math.max(from, open.data[i]!);
    const end = Math.min(to, open.data[i + 1]!);
    if (end > start) out.push({ start, end });
  }
  return out;
}

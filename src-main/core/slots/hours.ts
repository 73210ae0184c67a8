import type { EpochMs } from '../../../src-shared/domain/ids';
import { mergeIntervals, type Interval } from './interval';
import { addDays, instantToLocalDate, isoWeekday, localMinuteToInstant } from './zone-day';

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

/**
 * The instants a provider is open at a location within [from, to): weekly
 * rules and date overrides turned into merged, sorted, clipped intervals.
 */
export function openIntervals(hours: LocationHours, from: EpochMs, to: EpochMs): Interval[] {
  if (to <= from) return [];
  const out: Interval[] = [];
  // One day of slack on each side covers zones far from UTC.
  const last = addDays(instantToLocalDate(hours.zone, to), 1);
  for (let d = addDays(instantToLocalDate(hours.zone, from), -1); d <= last; d = addDays(d, 1)) {
    for (const [s, e] of openMinutesOn(hours, d)) {
      const start = Math.max(from, localMinuteToInstant(hours.zone, d, s));
      const end = Math.min(to, localMinuteToInstant(hours.zone, d, e, true));
      if (end > start) out.push({ start, end });
    }
  }
  return mergeIntervals(out);
}

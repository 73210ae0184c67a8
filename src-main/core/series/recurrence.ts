import { DateTime } from 'luxon';
import { AppError } from '@shared/domain/errors';
import type { EpochMs } from '@shared/domain/ids';
import { MAX_SERIES_OCCURRENCES, MAX_SERIES_YEARS, type SeriesEnd, type SeriesRule } from '@shared/schemas/waitlist';

/**
 * The dates of a recurring visit, in the location's zone, with luxon: every
 * visit keeps the first visit's local time of day across daylight-saving
 * changes (a time the clocks skip lands just after the jump, as luxon and the
 * grid place it). Pure: no database, no clock.
 *
 * - weekly: every N weeks on the first visit's weekday;
 * - monthly by date: the same day of the month every N months; a month
 *   without that day (the 31st in April) takes its last day;
 * - monthly by weekday: the same weekday and ordinal ("2nd Tuesday"); a
 *   first visit in the 5th week of its month repeats on the last such weekday.
 */

export interface Occurrence {
  /** 1-based position in the rule. */
  occurrence: number;
  startAt: EpochMs;
  /** Local date in the zone. */
  date: string;
}

const field = (path: string, message: string): AppError => new AppError('VALIDATION', message, { issues: [{ path, message }] });

function nthWeekdayOf(month: DateTime, weekday: number, ordinal: number | 'last'): number {
  const first = 1 + ((weekday - month.weekday + 7) % 7);
  if (ordinal === 'last') return first + 7 * Math.floor(((month.daysInMonth ?? 28) - first) / 7);
  return first + 7 * (ordinal - 1);
}

/** The local start of the k-th repeat (k = 0 is the first visit). */
function repeat(first: DateTime, rule: SeriesRule, k: number): DateTime {
  if (rule.frequency === 'weekly') return first.plus({ weeks: rule.interval * k });
  // luxon keeps the day of month when it exists and clamps to the month's last day otherwise.
  if (rule.monthlyBy === 'date') return first.plus({ months: rule.interval * k });
  const ordinal = Math.ceil(first.day / 7);
  const month = first.startOf('month').plus({ months: rule.interval * k });
  const day = nthWeekdayOf(month, first.weekday, ordinal >= 5 ? 'last' : ordinal);
  return DateTime.fromObject({ year: month.year, month: month.month, day, hour: first.hour, minute: first.minute }, { zone: first.zone });
}

/** Every visit of a series; VALIDATION at the field when the end is before the first visit or too far away. */
export function occurrencesOf(zone: string, firstStartAt: EpochMs, rule: SeriesRule, end: SeriesEnd): Occurrence[] {
  const first = DateTime.fromMillis(firstStartAt, { zone });
  const firstDate = first.toISODate()!;
  const lastAllowed = first.plus({ years: MAX_SERIES_YEARS }).toISODate()!;
  if (end.kind === 'until') {
    if (end.until < firstDate) throw field('end.until', 'The last date is before the first visit.');
    if (end.until > lastAllowed) throw field('end.until', `A series can run at most ${MAX_SERIES_YEARS} years.`);
  }
  const out: Occurrence[] = [];
  for (let k = 0; out.length < MAX_SERIES_OCCURRENCES; k++) {
    if (end.kind === 'count' && k >= end.count) break;
    const at = repeat(first, rule, k);
    const date = at.toISODate()!;
    if (end.kind === 'until' && date > end.until) break;
    if (date > lastAllowed) throw field('end.count', `A series can run at most ${MAX_SERIES_YEARS} years.`);
    out.push({ occurrence: k + 1, startAt: at.toMillis(), date });
  }
  if (out.length < 2) throw field(end.kind === 'count' ? 'end.count' : 'end.until', 'A series has at least 2 visits: choose a later last date.');
  return out;
}

/**
 * Where a later visit goes when one visit of the series moves "with the
 * following ones": the same number of local days later or earlier, at the
 * moved visit's new local time of day.
 */
export function shiftedStart(zone: string, from: { before: EpochMs; after: EpochMs }, start: EpochMs): EpochMs {
  const before = DateTime.fromMillis(from.before, { zone });
  const after = DateTime.fromMillis(from.after, { zone });
  const days = Math.round(after.startOf('day').diff(before.startOf('day'), 'days').days);
  const t = DateTime.fromMillis(start, { zone }).plus({ days });
  return DateTime.fromObject({ year: t.year, month: t.month, day: t.day, hour: after.hour, minute: after.minute }, { zone }).toMillis();
}

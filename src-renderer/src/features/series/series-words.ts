import type { SeriesDto } from '@shared/domain/waitlist';
import { localDateIn } from '@shared/time';

/**
 * How the desk speaks of a recurring series: which visit this is ("Visit 3
 * of 6") and the rule ("every 2 weeks until Mar 4, 2026"). Which visits a
 * change of "this and the following" reaches is the shared `followingVisits`.
 * Pure, so it is tested alone.
 */

/** "Visit 3 of 6": the visit's place among the series' visits in time order. */
export function positionOf(series: Pick<SeriesDto, 'occurrences'>, appointmentId: string): { at: number; of: number } | null {
  const i = series.occurrences.findIndex((o) => o.appointmentId === appointmentId);
  return i < 0 ? null : { at: i + 1, of: series.occurrences.length };
}

const ORDINALS = ['1st', '2nd', '3rd', '4th'] as const;

function partsIn(zone: string, t: number): { day: number; weekday: string } {
  const day = Number(new Intl.DateTimeFormat('en-US', { timeZone: zone, day: 'numeric' }).format(new Date(t)));
  const weekday = new Intl.DateTimeFormat('en-US', { timeZone: zone, weekday: 'long' }).format(new Date(t));
  return { day, weekday };
}

const nth = (n: number): string => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
};

/**
 * "every week", "every 2 weeks", "every month on the 2nd Tuesday", "every 3
 * months on the 31st", followed by "until <last date>": the rule's last date,
 * or the last visit's for a series booked by count. `date` formats a local date.
 */
export function describeRule(
  series: Pick<SeriesDto, 'frequency' | 'interval' | 'monthlyBy' | 'untilDate' | 'firstStartAt' | 'occurrences'>,
  zone: string,
  date: (localDate: string) => string,
): string {
  const n = series.interval;
  let every: string;
  if (series.frequency === 'weekly') every = n === 1 ? 'every week' : `every ${n} weeks`;
  else {
    const { day, weekday } = partsIn(zone, series.firstStartAt);
    const ordinal = Math.ceil(day / 7);
    const on = series.monthlyBy === 'date' ? `the ${nth(day)}` : `the ${ordinal >= 5 ? 'last' : ORDINALS[ordinal - 1]} ${weekday}`;
    every = `${n === 1 ? 'every month' : `every ${n} months`} on ${on}`;
  }
  const last = series.occurrences[series.occurrences.length - 1];
  const until = series.untilDate ?? (last ? localDateIn(zone, last.startAt) : null);
  return until ? `${every} until ${date(until)}` : every;
}

import { DAY_MS, isoOfDayNum, offsetAt, zoneDay } from '../slots/zone-day';

/** Local wall-clock parts of an instant in a zone (offsets cached per zone and day: no date library per row). */
export interface LocalParts {
  /** YYYY-MM-DD */
  date: string;
  /** HH:mm (24 h) */
  time: string;
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  /** UTC offset in minutes east, e.g. -300 for EST. */
  offsetMin: number;
}

const pad = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** "HH:mm" for each minute of a day, and ISO dates per day number: built once, not per row. */
const HHMM = Array.from({ length: 1440 }, (_, m) => `${pad(Math.floor(m / 60))}:${pad(m % 60)}`);
const isoDates = new Map<number, string>();
function isoDate(dayNum: number): string {
  let s = isoDates.get(dayNum);
  if (s === undefined) {
    if (isoDates.size > 50_000) isoDates.clear();
    isoDates.set(dayNum, (s = isoOfDayNum(dayNum)));
  }
  return s;
}

/** The local date (YYYY-MM-DD) of an instant in a zone. */
export function localDate(zone: string, t: number): string {
  return isoDate(Math.floor((t + offsetAt(zone, t)) / DAY_MS));
}

/** The local wall time (HH:mm, 24 h) of an instant in a zone. */
export function localTime(zone: string, t: number): string {
  const wall = t + offsetAt(zone, t);
  return HHMM[Math.floor((wall - Math.floor(wall / DAY_MS) * DAY_MS) / 60_000)]!;
}

export function localParts(zone: string, t: number): LocalParts {
  const offset = offsetAt(zone, t);
  const wall = t + offset;
  const dayNum = Math.floor(wall / DAY_MS);
  const inDay = wall - dayNum * DAY_MS;
  const hour = Math.floor(inDay / 3_600_000);
  const minute = Math.floor((inDay % 3_600_000) / 60_000);
  const second = Math.floor((inDay % 60_000) / 1000);
  const date = isoDate(dayNum);
  return {
    date,
    time: HHMM[hour * 60 + minute]!,
    year: Number(date.slice(0, 4)),
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
    hour,
    minute,
    second,
    offsetMin: Math.round(offset / 60_000),
  };
}

/**
 * Whether the local wall time of `t` happens twice (the repeated hour of a
 * fall-back night). Such a time written as TZID local time means its first
 * occurrence (RFC 5545 §3.3.5), so exports write those instants in UTC instead.
 */
export function isInFold(zone: string, t: number): boolean {
  const wall = t + offsetAt(zone, t);
  for (const day of [Math.floor(wall / DAY_MS) - 1, Math.floor(wall / DAY_MS)]) {
    const zd = zoneDay(zone, day);
    if (zd.transition === Infinity || zd.offsetBefore <= zd.offsetAfter) continue;
    if (wall >= zd.transition + zd.offsetAfter && wall < zd.transition + zd.offsetBefore) return true;
  }
  return false;
}

import { dateBaseUtc } from './local-date';

/**
 * Wall-clock arithmetic in an IANA zone with Intl only (no zone library, so it
 * runs in the page as well as in main). Offsets are cached per zone and quarter
 * hour, so laying out a day of 1,500 visits asks Intl about two dozen times.
 */
const MINUTE_MS = 60_000;
const QUARTER_HOUR_MS = 900_000;
const DAY_MS = 86_400_000;

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** Offset east of UTC in ms at instant t (zones change offset on a quarter hour at the finest). */
function zoneOffsetMs(zone: string, t: number): number {
  const bucket = Math.floor(t / QUARTER_HOUR_MS);
  const key = `${zone}|${bucket}`;
  const hit = offsets.get(key);
  if (hit !== undefined) return hit;
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(bucket * QUARTER_HOUR_MS))) {
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  }
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!);
  const off = asUtc - bucket * QUARTER_HOUR_MS;
  if (offsets.size > 50_000) offsets.clear();
  offsets.set(key, off);
  return off;
}

/** Local wall minutes of instant t counted from the start of `date` (may be < 0 or ≥ 1440). */
export function wallMinutesOn(zone: string, date: string, t: number): number {
  return (t + zoneOffsetMs(zone, t) - dateBaseUtc(date)) / MINUTE_MS;
}

/**
 * The instant of local wall minute `minute` on `date`. A wall time skipped by a
 * spring-forward jump resolves to just after the jump (02:30 → 03:30 on a 1-hour
 * jump); one that happens twice (fall back) to its first occurrence.
 */
export function instantOfWall(zone: string, date: string, minute: number): number {
  const local = dateBaseUtc(date) + minute * MINUTE_MS;
  // The offsets a day either side: zones change offset at most once in that span.
  const before = zoneOffsetMs(zone, local - DAY_MS);
  const after = zoneOffsetMs(zone, local + DAY_MS);
  const early = local - before;
  if (before === after) return early;
  const late = local - after;
  const earlyHolds = zoneOffsetMs(zone, early) === before;
  const lateHolds = zoneOffsetMs(zone, late) === after;
  if (earlyHolds && lateHolds) return Math.min(early, late); // happens twice: the first
  if (lateHolds) return late;
  // Skipped (or the only reading): read with the offset before the jump, it lands that far after it.
  return early;
}

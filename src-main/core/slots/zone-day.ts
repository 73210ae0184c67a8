import { IANAZone } from 'luxon';
import type { EpochMs } from '@shared/domain/ids';

/**
 * Local wall-clock time ↔ instant, with a zone's UTC offsets resolved once per
 * (zone, local day) and cached. Everything after that is integer arithmetic,
 * even on DST transition days. This is what keeps the slot engine fast: a
 * date library's zone conversion costs ~0.1 ms, and engines that do it per
 * slot spend most of their time there.
 *
 * Days are handled as day numbers (days since 1970-01-01 of the local calendar
 * date), "wall" times as local wall-clock milliseconds read as if they were UTC
 * (so the wall time of local midnight of day n is n × DAY_MS).
 */
export const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** A zone's offsets around one local day. */
export interface ZoneDay {
  readonly dayNum: number;
  /** Wall time of the day's local midnight: dayNum × DAY_MS. */
  readonly wallBase: number;
  /** Offset (ms east of UTC) in force before `transition`. */
  readonly offsetBefore: number;
  /** Offset in force from `transition` on; equals offsetBefore when there is none. */
  readonly offsetAfter: number;
  /** The instant the offset changes near this day (Infinity when it does not). */
  readonly transition: EpochMs;
  /** The instant the local day begins (its midnight, or the transition when midnight is skipped). */
  readonly start: EpochMs;
  /** The instant the next local day begins. */
  readonly end: EpochMs;
}

// Zones differ from UTC by at most +14 h / −12 h, so every instant of local
// day n lies in [n·DAY − 14 h, n·DAY + 36 h]. The probe window is a little wider.
const PROBE_BEFORE = 18 * HOUR_MS;
const PROBE_AFTER = 40 * HOUR_MS;

const zones = new Map<string, IANAZone>();
const days = new Map<string, Map<number, ZoneDay>>();
let cachedDays = 0;
const MAX_CACHED_DAYS = 200_000;

function ianaZone(zone: string): IANAZone {
  if (!isValidZone(zone)) throw new RangeError(`Unknown time zone: ${zone}`);
  return zones.get(zone)!;
}

/** Offsets are whole minutes (sub-minute LMT offsets before ~1900 are rounded), so every instant we make is minute-aligned. */
function rawOffset(z: IANAZone, t: EpochMs): number {
  return Math.round(z.offset(t)) * MINUTE_MS;
}

function computeZoneDay(zone: string, dayNum: number): ZoneDay {
  const z = ianaZone(zone);
  const wallBase = dayNum * DAY_MS;
  let lo = wallBase - PROBE_BEFORE;
  let hi = wallBase + PROBE_AFTER;
  const offsetBefore = rawOffset(z, lo);
  const offsetAfter = rawOffset(z, hi);
  // Real zones change offset at most once in a ~2-day window: find that change to the minute.
  let transition = Infinity;
  if (offsetBefore !== offsetAfter) {
    while (hi - lo > MINUTE_MS) {
      const mid = lo + Math.floor((hi - lo) / (2 * MINUTE_MS)) * MINUTE_MS;
      if (rawOffset(z, mid) === offsetBefore) lo = mid;
      else hi = mid;
    }
    transition = hi;
  }
  const partial = { dayNum, wallBase, offsetBefore, offsetAfter, transition, start: 0, end: 0 };
  partial.start = wallToInstant(partial, wallBase);
  partial.end = wallToInstant(partial, wallBase + DAY_MS);
  return partial;
}

/** The offsets of `zone` around local day `dayNum`, computed once and cached. */
export function zoneDay(zone: string, dayNum: number): ZoneDay {
  let perZone = days.get(zone);
  if (!perZone) {
    perZone = new Map();
    days.set(zone, perZone);
  }
  const hit = perZone.get(dayNum);
  if (hit) return hit;
  const zd = computeZoneDay(zone, dayNum);
  if (cachedDays >= MAX_CACHED_DAYS) {
    for (const m of days.values()) m.clear();
    cachedDays = 0;
  }
  perZone.set(dayNum, zd);
  cachedDays++;
  return zd;
}

/**
 * The instant at which wall time `wall` occurs, using a ZoneDay near it.
 * - In a spring-forward gap (the wall time never happens) it resolves to the
 *   transition instant, so an opening 01:00–02:30 ends when the clocks jump.
 * - In a fall-back fold (the wall time happens twice) it resolves to the first
 *   occurrence, or to the second with `laterInFold` — used for interval ends,
 *   so an opening 00:00–02:00 on fall-back day covers all three real hours.
 */
function wallToInstant(
  zd: Pick<ZoneDay, 'offsetBefore' | 'offsetAfter' | 'transition'>,
  wall: number,
  laterInFold = false,
): EpochMs {
  const before = wall - zd.offsetBefore;
  if (zd.transition === Infinity) return before;
  const after = wall - zd.offsetAfter;
  const beforeValid = before < zd.transition;
  const afterValid = after >= zd.transition;
  if (beforeValid && afterValid) return laterInFold ? after : before;
  if (beforeValid) return before;
  if (afterValid) return after;
  return zd.transition;
}

/** Offset (ms east of UTC) in force at instant `t`. */
export function offsetAt(zone: string, t: EpochMs): number {
  // The ZoneDay of t's UTC date probes a window that contains t.
  const zd = zoneDay(zone, Math.floor(t / DAY_MS));
  return t < zd.transition ? zd.offsetBefore : zd.offsetAfter;
}

/** The local day number of instant `t` in `zone`. */
export function localDayOf(zone: string, t: EpochMs): number {
  return Math.floor((t + offsetAt(zone, t)) / DAY_MS);
}

/**
 * The instant at which local `minute` (0..1440; 1440 is the next midnight)
 * of `isoDate` occurs in `zone`. Gap and fold rules: see wallToInstant.
 */
export function localMinuteToInstant(zone: string, isoDate: string, minute: number, laterInFold = false): EpochMs {
  const zd = zoneDay(zone, dayNumOf(isoDate));
  return wallToInstant(zd, zd.wallBase + minute * MINUTE_MS, laterInFold);
}

/** The local ISO date (YYYY-MM-DD) of an instant in a zone. */
export function instantToLocalDate(zone: string, t: EpochMs): string {
  return isoOfDayNum(localDayOf(zone, t));
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const dayNums = new Map<string, number>();

/** Day number (days since 1970-01-01) of an ISO date. */
export function dayNumOf(isoDate: string): number {
  const hit = dayNums.get(isoDate);
  if (hit !== undefined) return hit;
  const t = ISO_DATE.test(isoDate) ? Date.parse(isoDate + 'T00:00:00Z') : NaN;
  // Date.parse rolls 2026-02-30 over to March; the round trip refuses it.
  if (Number.isNaN(t) || isoOfDayNum(t / DAY_MS) !== isoDate) throw new RangeError(`Invalid date: ${isoDate}`);
  if (dayNums.size >= MAX_CACHED_DAYS) dayNums.clear();
  dayNums.set(isoDate, t / DAY_MS);
  return t / DAY_MS;
}

export function isoOfDayNum(dayNum: number): string {
  return new Date(dayNum * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a day number; 1970-01-01 was a Thursday. */
export function weekdayOfDayNum(dayNum: number): number {
  return ((((dayNum + 3) % 7) + 7) % 7) + 1;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local ISO date. */
export function isoWeekday(isoDate: string): number {
  return weekdayOfDayNum(dayNumOf(isoDate));
}

/** Adds days to a local ISO date (calendar arithmetic, no zone involved). */
export function addDays(isoDate: string, days: number): string {
  return isoOfDayNum(dayNumOf(isoDate) + days);
}

/** Whether `zone` is an IANA zone name this runtime knows (checked once per name: the check costs ~0.1 ms). */
export function isValidZone(zone: string): boolean {
  if (zones.has(zone)) return true;
  if (!IANAZone.isValidZone(zone)) return false;
  zones.set(zone, IANAZone.create(zone));
  return true;
}

import { DateTime } from 'luxon';
import type { EpochMs } from '../../../src-shared/domain/ids';

/**
 * Local wall-clock time → instant, with zone offsets resolved once per
 * (zone, local date) and cached. Everything after that is integer arithmetic,
 * even on DST transition days. This is what keeps the slot engine fast: a
 * date library's zone conversion costs ~0.1 ms, and engines that do it per
 * slot spend most of their time there.
 */
interface ZoneDay {
  /** Date.UTC of the local date's midnight, i.e. local wall time read as if it were UTC. */
  wallBase: EpochMs;
  /** Offset (minutes east of UTC) in force at the start of the local day. */
  offsetStart: number;
  /** Offset in force at the end of the local day; differs on a transition day. */
  offsetEnd: number;
  /** The instant the offset changes that day (Infinity when it does not). */
  transition: EpochMs;
}

const cache = new Map<string, ZoneDay>();
const MAX_CACHE = 100_000;

function offsetAt(zone: string, t: EpochMs): number {
  return DateTime.fromMillis(t, { zone }).offset;
}

function zoneDay(zone: string, isoDate: string): ZoneDay {
  const key = zone + '|' + isoDate;
  const hit = cache.get(key);
  if (hit) return hit;
  const wallBase = Date.parse(isoDate + 'T00:00:00Z');
  if (Number.isNaN(wallBase)) throw new RangeError(`Invalid date: ${isoDate}`);
  if (!DateTime.now().setZone(zone).isValid) throw new RangeError(`Unknown time zone: ${zone}`);
  // Offsets a few hours outside the local day bracket any transition inside it
  // (real zones differ from UTC by at most 14 h and change at most once a day).
  const lo = wallBase - 14 * 3_600_000;
  const hi = wallBase + 38 * 3_600_000;
  const offsetStart = offsetAt(zone, lo + 14 * 3_600_000 - offsetAt(zone, lo) * 60_000);
  const offsetEnd = offsetAt(zone, wallBase + 86_400_000 - offsetAt(zone, hi) * 60_000 - 1);
  let transition = Infinity;
  if (offsetStart !== offsetEnd) {
    // Binary search (to the minute) for the first instant carrying the new offset.
    let a = wallBase - offsetStart * 60_000 - 3_600_000;
    let b = wallBase + 86_400_000 - offsetEnd * 60_000 + 3_600_000;
    while (b - a > 60_000) {
      const mid = a + Math.floor((b - a) / 120_000) * 60_000;
      if (offsetAt(zone, mid) === offsetStart) a = mid;
      else b = mid;
    }
    transition = b;
  }
  const zd: ZoneDay = { wallBase, offsetStart, offsetEnd, transition };
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(key, zd);
  return zd;
}

/**
 * The instant at which local `minute` (0..1440; 1440 is the next midnight)
 * of `isoDate` occurs in `zone`.
 * - In a spring-forward gap (the wall time never happens) it resolves to the
 *   transition instant, so an opening 01:00–02:30 ends when the clocks jump.
 * - In a fall-back fold (the wall time happens twice) it resolves to the first
 *   occurrence, or to the second with `laterInFold` — used for interval ends,
 *   so an opening 00:00–02:00 on fall-back day covers all three real hours.
 */
export function localMinuteToInstant(zone: string, isoDate: string, minute: number, laterInFold = false): EpochMs {
  const zd = zoneDay(zone, isoDate);
  const wall = zd.wallBase + minute * 60_000;
  const before = wall - zd.offsetStart * 60_000;
  if (zd.transition === Infinity) return before;
  const after = wall - zd.offsetEnd * 60_000;
  const beforeValid = before < zd.transition;
  const afterValid = after >= zd.transition;
  if (beforeValid && afterValid) return laterInFold ? after : before;
  if (beforeValid) return before;
  if (afterValid) return after;
  return zd.transition;
}

/** The local ISO date (YYYY-MM-DD) of an instant in a zone. */
export function instantToLocalDate(zone: string, t: EpochMs): string {
  return DateTime.fromMillis(t, { zone }).toISODate()!;
}

/** ISO weekday (1 = Monday … 7 = Sunday) of a local ISO date. */
export function isoWeekday(isoDate: string): number {
  const d = new Date(isoDate + 'T00:00:00Z').getUTCDay();
  return d === 0 ? 7 : d;
}

/** Adds days to a local ISO date (calendar arithmetic, no zone involved). */
export function addDays(isoDate: string, days: number): string {
  const d = new Date(isoDate + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function isValidZone(zone: string): boolean {
  return DateTime.now().setZone(zone).isValid;
}

import { DateTime } from 'luxon';

/** A failed scheduled backup (folder unplugged…) is tried again this long after, until it works or the next day's time comes. */
const RETRY_AFTER_FAILURE_MS = 60 * 60_000;
/** The schedule warns when the last good backup is older than this. */
export const STALE_AFTER_MS = 2 * 24 * 60 * 60_000;

/** The scheduled instant on the local day of `t` ("HH:MM" in `zone`; a time skipped by DST moves forward). */
function slotOnDayOf(t: number, time: string, zone: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  return DateTime.fromMillis(t, { zone }).set({ hour: h, minute: m, second: 0, millisecond: 0 }).toMillis();
}

/** The latest scheduled instant at or before `now`. */
function previousSlot(time: string, zone: string, now: number): number {
  const today = slotOnDayOf(now, time, zone);
  if (today <= now) return today;
  return slotOnDayOf(DateTime.fromMillis(now, { zone }).minus({ days: 1 }).toMillis(), time, zone);
}

/** The first scheduled instant after `now`. */
function nextSlot(time: string, zone: string, now: number): number {
  const today = slotOnDayOf(now, time, zone);
  if (today > now) return today;
  return slotOnDayOf(DateTime.fromMillis(now, { zone }).plus({ days: 1 }).toMillis(), time, zone);
}

export interface ScheduleState {
  time: string;
  zone: string;
  lastGoodAt: number | null;
  lastAttempt: { at: number; ok: boolean } | null;
}

/**
 * A scheduled backup is due when no good backup was made since the latest scheduled time
 * (so a desk that was off at that time backs up when it starts), unless one was already
 * tried since then and failed less than an hour ago.
 */
export function backupDue(s: ScheduleState, now: number): boolean {
  const slot = previousSlot(s.time, s.zone, now);
  if (s.lastGoodAt !== null && s.lastGoodAt >= slot) return false;
  if (s.lastAttempt && !s.lastAttempt.ok && s.lastAttempt.at >= slot && now - s.lastAttempt.at < RETRY_AFTER_FAILURE_MS) return false;
  return true;
}

/** When the scheduler will next try: now when due, else the retry after a failure or the next scheduled time. */
export function nextBackupAt(s: ScheduleState, now: number): number {
  if (backupDue(s, now)) return now;
  const slot = previousSlot(s.time, s.zone, now);
  if (s.lastAttempt && !s.lastAttempt.ok && s.lastAttempt.at >= slot && (s.lastGoodAt === null || s.lastGoodAt < slot)) {
    return Math.min(s.lastAttempt.at + RETRY_AFTER_FAILURE_MS, nextSlot(s.time, s.zone, now));
  }
  return nextSlot(s.time, s.zone, now);
}

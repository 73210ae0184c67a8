import type { WriteDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';
import { newId } from '../core/ids';

/** A stretch of busy time read from another system; half-open [start, end). */
export interface BusySpan {
  start: number;
  end: number;
}

/**
 * Replaces a provider's busy time from one source (a CalDAV calendar, the
 * EHR) with `spans` (sorted, merged), in the caller's transaction. The slot
 * engine and the booking guard read `external_busy` as it is. Returns whether
 * anything changed, so the grid is told only then.
 */
export function replaceExternalBusy(db: WriteDb, providerId: string, source: string, spans: readonly BusySpan[]): boolean {
  const before = prepared<{ start: number; end: number }>(
    db,
    `SELECT start_at AS start, end_at AS "end" FROM external_busy WHERE provider_id = ? AND source = ? ORDER BY start_at, end_at`,
  ).all(providerId, source);
  const same = before.length === spans.length && before.every((b, i) => b.start === spans[i]!.start && b.end === spans[i]!.end);
  if (same) return false;
  prepared(db, `DELETE FROM external_busy WHERE provider_id = ? AND source = ?`).run(providerId, source);
  const insert = prepared(db, `INSERT INTO external_busy (id, provider_id, start_at, end_at, source) VALUES (?, ?, ?, ?, ?)`);
  for (const s of spans) insert.run(newId(), providerId, s.start, s.end, source);
  return true;
}

/** Sorted, overlapping or touching spans joined. */
export function mergeBusy(spans: readonly BusySpan[]): BusySpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: BusySpan[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

import type { ReadDb, WriteDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';

/**
 * Finds visits inserted since an adapter last looked, by rowid, for the push
 * queues of the providers' calendars and the EHR. (An INSERT trigger on
 * appointments, even one that does nothing, made every booking 2.5 times
 * slower; a watermark on updated_at would miss visits pulled from other
 * desks, which keep the other desk's clock.) The last rowid looked at lives
 * in `sync_state` under the adapter's own key; each adapter's delete trigger
 * lowers it when the highest row goes, since SQLite may then reuse that rowid.
 */
export interface NewVisitRow {
  seq: number;
  id: string;
  providerId: string;
  endAt: number;
}

export const maxVisitRowid = (db: ReadDb): number => prepared<number | null>(db, `SELECT MAX(rowid) FROM appointments`).pluck().get() ?? 0;

export function writeScanAfter(db: WriteDb, key: string, rowid: number): void {
  prepared(db, `INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`).run(key, String(rowid));
}

/**
 * Hands the next `limit` new visits to `take` and moves the mark past them
 * (call in a write transaction: no other writer can hold an uncommitted lower
 * rowid meanwhile). A first look starts from the newest visit. Returns
 * whether there may be more.
 */
export function scanNewVisitRows(db: WriteDb, key: string, limit: number, take: (rows: NewVisitRow[]) => void): boolean {
  const stored = prepared<string>(db, `SELECT value FROM sync_state WHERE key = ?`).pluck().get(key);
  let after = stored === undefined ? maxVisitRowid(db) : Number(stored);
  // Rowids renumbered (a VACUUM may do that to a table without an INTEGER PRIMARY KEY): look at every visit again.
  if (maxVisitRowid(db) < after) after = 0;
  const rows = prepared<NewVisitRow>(
    db,
    `SELECT rowid AS seq, id, provider_id AS providerId, end_at AS endAt FROM appointments WHERE rowid > ? ORDER BY rowid LIMIT ?`,
  ).all(after, limit);
  take(rows);
  const last = rows[rows.length - 1]?.seq ?? after;
  if (stored === undefined || last !== Number(stored)) writeScanAfter(db, key, last);
  return rows.length === limit;
}

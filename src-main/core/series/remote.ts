import type { WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import { writeSeries, type SeriesRecord } from './store';

/** A series booked or changed at another desk: the newest version wins, with its links to the visits. */
export function applyRemoteSeries(db: WriteDb, s: SeriesRecord): boolean {
  const have = prepared<number>(db, `SELECT version FROM appointment_series WHERE id = ?`).pluck().get(s.id);
  if (have !== undefined && have >= s.version) return false;
  writeSeries(db, s);
  return true;
}

import type { WaitlistEntryDto } from '@shared/domain/waitlist';
import type { WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import { writeEntry } from './rows';

/**
 * A waitlist entry created or changed at another desk, as the clinic hub
 * logged it. A version this desk already has or passed is left alone (the
 * hub's log can repeat an entry after a restore), so the newest version
 * wins on every desk.
 */
export function applyRemoteEntry(db: WriteDb, e: WaitlistEntryDto): boolean {
  const have = prepared<number>(db, `SELECT version FROM waitlist_entries WHERE id = ?`).pluck().get(e.id);
  if (have !== undefined && have >= e.version) return false;
  writeEntry(db, e);
  return true;
}

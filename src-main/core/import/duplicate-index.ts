import type { ReadDb } from '../db/open';
import type { PatientDraft } from './candidate';

/** The identity the patients module compares (core/patients/duplicates.ts): birth date and normalised name or phone. */
type Identity = Pick<PatientDraft, 'name_key' | 'phone_digits' | 'date_of_birth'>;

const nameKey = (p: Identity): string => `${p.date_of_birth}|n|${p.name_key}`;
const phoneKey = (p: Identity): string => `${p.date_of_birth}|p|${p.phone_digits}`;

export type DuplicateHit =
  | { of: 'existing'; reason: 'name_and_birth_date' | 'phone_and_birth_date' }
  | { of: 'file'; line: number; reason: 'name_and_birth_date' | 'phone_and_birth_date' };

/**
 * In-memory form of the patients module's duplicate rule — same date of birth
 * and the same normalised name, or the same phone digits — over the
 * registered patients and the rows of the file seen so far. One pass over
 * `patients` replaces a query per imported row (100,000 rows: a hash look-up
 * each instead of a B-tree probe each).
 */
export class DuplicateIndex {
  private readonly existing = new Set<string>();
  private readonly fromFile = new Map<string, number>();

  /** Adds every registered patient, or those after `afterRowid` (rows written since a first load). */
  loadExisting(db: ReadDb, afterRowid = 0): void {
    const rows = db
      .prepare<[number], Identity>(
        `SELECT name_key, phone_digits, date_of_birth FROM patients WHERE rowid > ?`,
      )
      .iterate(afterRowid);
    for (const p of rows) this.addExisting(p);
  }

  addExisting(p: Identity): void {
    this.existing.add(nameKey(p));
    if (p.phone_digits !== '') this.existing.add(phoneKey(p));
  }

  /** Who this row looks like, if anyone: a registered patient first, then an earlier line. */
  find(p: Identity): DuplicateHit | null {
    const byName = nameKey(p);
    const byPhone = p.phone_digits === '' ? null : phoneKey(p);
    if (this.existing.has(byName)) return { of: 'existing', reason: 'name_and_birth_date' };
    if (byPhone !== null && this.existing.has(byPhone)) return { of: 'existing', reason: 'phone_and_birth_date' };
    const nameLine = this.fromFile.get(byName);
    if (nameLine !== undefined) return { of: 'file', line: nameLine, reason: 'name_and_birth_date' };
    const phoneLine = byPhone === null ? undefined : this.fromFile.get(byPhone);
    if (phoneLine !== undefined) return { of: 'file', line: phoneLine, reason: 'phone_and_birth_date' };
    return null;
  }

  /** Remembers an accepted row of the file (first occurrence wins). */
  addFromFile(p: Identity, line: number): void {
    const byName = nameKey(p);
    if (!this.fromFile.has(byName)) this.fromFile.set(byName, line);
    if (p.phone_digits !== '') {
      const byPhone = phoneKey(p);
      if (!this.fromFile.has(byPhone)) this.fromFile.set(byPhone, line);
    }
  }
}

export function duplicateMessage(hit: DuplicateHit): string {
  const what = hit.reason === 'name_and_birth_date' ? 'name and date of birth' : 'phone number and date of birth';
  return hit.of === 'existing'
    ? `Looks like a patient who is already registered (same ${what}).`
    : `Looks like the patient on line ${hit.line} (same ${what}).`;
}

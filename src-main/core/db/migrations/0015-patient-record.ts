import type { Migration } from '../migrate';

/**
 * The full patient record and merging duplicates.
 *
 * - `patients` gains the address, a desk alert, one insurance policy, the
 *   responsible person (`guardian_id`, another patient), a household key
 *   (patients sharing it are one family), a `version` counting every change
 *   (an edit based on an older version is a conflict at the hub, not a silent
 *   overwrite), and `merged_into` / `merged_at`: a merged record stays as a
 *   tombstone so references from elsewhere (the hub's log, other desks) still
 *   resolve, but search and duplicate checks no longer see it.
 * - `patient_search_source` leaves tombstones out, so the search triggers and
 *   bulk rebuilds never index them; becoming a tombstone removes the record's
 *   search entry, and an undone merge puts it back.
 * - `patient_merges`: merges made at this desk, with what they changed, so one
 *   can be undone the same day (the rows moved, both records as they were, and
 *   the kept record as the merge left it, so an undo restores only what the
 *   merge changed and nobody changed since).
 * - `patient_conflicts`: an edit of this desk the hub refused because another
 *   desk changed the record first; both versions are kept until someone chooses.
 */
export const m0015: Migration = {
  version: 15,
  name: 'patient-record',
  up(db) {
    db.exec(`
      ALTER TABLE patients ADD COLUMN address_line1 TEXT NOT NULL DEFAULT '';
      ALTER TABLE patients ADD COLUMN address_line2 TEXT NOT NULL DEFAULT '';
      ALTER TABLE patients ADD COLUMN city TEXT NOT NULL DEFAULT '';
      ALTER TABLE patients ADD COLUMN region TEXT NOT NULL DEFAULT '';
      ALTER TABLE patients ADD COLUMN postal_code TEXT NOT NULL DEFAULT '';
      ALTER TABLE patients ADD COLUMN alert TEXT NOT NULL DEFAULT '';
      ALTER TABLE patients ADD COLUMN insurance_payer TEXT NOT NULL DEFAULT '';
      ALTER TABLE patients ADD COLUMN insurance_member_id TEXT NOT NULL DEFAULT '';
      ALTER TABLE patients ADD COLUMN insurance_group TEXT NOT NULL DEFAULT '';
      ALTER TABLE patients ADD COLUMN insurance_subscriber TEXT NOT NULL DEFAULT '';
      ALTER TABLE patients ADD COLUMN guardian_id TEXT REFERENCES patients(id);
      ALTER TABLE patients ADD COLUMN household_id TEXT;
      ALTER TABLE patients ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
      ALTER TABLE patients ADD COLUMN merged_into TEXT REFERENCES patients(id);
      ALTER TABLE patients ADD COLUMN merged_at INTEGER;
      CREATE INDEX patients_guardian ON patients(guardian_id) WHERE guardian_id IS NOT NULL;
      CREATE INDEX patients_household ON patients(household_id) WHERE household_id IS NOT NULL;
      CREATE INDEX patients_merged_into ON patients(merged_into) WHERE merged_into IS NOT NULL;

      DROP VIEW patient_search_source;
      CREATE VIEW patient_search_source AS
        SELECT s.patient_id, s.name, s.phone_digits, s.phone_rev
          FROM (SELECT id AS patient_id,
                       given_name || ' ' || family_name AS name,
                       phone_digits,
                       ${reversedDigits()} AS phone_rev,
                       merged_into
                  FROM patients) s
         WHERE s.merged_into IS NULL;

      -- A tombstone leaves the search index, and comes back if its merge is undone.
      DROP TRIGGER patients_search_au;
      CREATE TRIGGER patients_search_au AFTER UPDATE OF given_name, family_name, phone_digits ON patients
      WHEN new.merged_into IS NULL BEGIN
        UPDATE patient_search_docs
           SET (name, phone_digits, phone_rev) =
               (SELECT name, phone_digits, phone_rev FROM patient_search_source WHERE patient_id = new.id)
         WHERE patient_id = new.id;
      END;
      CREATE TRIGGER patients_search_tombstone AFTER UPDATE OF merged_into ON patients BEGIN
        DELETE FROM patient_search_docs WHERE patient_id = new.id AND new.merged_into IS NOT NULL;
        INSERT INTO patient_search_docs (patient_id, name, phone_digits, phone_rev)
          SELECT patient_id, name, phone_digits, phone_rev FROM patient_search_source
           WHERE patient_id = new.id AND NOT EXISTS (SELECT 1 FROM patient_search_docs WHERE patient_id = new.id);
      END;

      CREATE TABLE patient_merges (
        id              TEXT PRIMARY KEY,
        survivor_id     TEXT NOT NULL REFERENCES patients(id),
        merged_id       TEXT NOT NULL REFERENCES patients(id),
        survivor_before TEXT NOT NULL,   -- JSON: the kept record before the merge
        merged_before   TEXT NOT NULL,   -- JSON: the merged record before it became a tombstone
        survivor_after  TEXT NOT NULL,   -- JSON: the kept record as the merge left it
        moved           TEXT NOT NULL,   -- JSON: per reference ("table.column"), the row keys moved
        merged_at       INTEGER NOT NULL,
        staff_id        TEXT,
        undone_at       INTEGER
      ) STRICT;
      CREATE INDEX patient_merges_survivor ON patient_merges(survivor_id, merged_at);
      CREATE INDEX patient_merges_merged ON patient_merges(merged_id, merged_at);

      CREATE TABLE patient_conflicts (
        patient_id  TEXT PRIMARY KEY REFERENCES patients(id),
        outbox_seq  INTEGER NOT NULL,
        mine        TEXT NOT NULL,       -- JSON: this desk's version
        theirs      TEXT NOT NULL,       -- JSON: the hub's version
        detected_at INTEGER NOT NULL,
        resolved_at INTEGER,
        resolution  TEXT CHECK (resolution IN ('kept-mine', 'kept-theirs'))
      ) STRICT;
    `);
  },
};

/** The phone digits reversed, as the search view of migration 0002 spells it (SQLite has no reverse()). */
function reversedDigits(): string {
  const parts: string[] = [];
  for (let i = 20; i >= 1; i--) parts.push(`substr(phone_digits, ${i}, 1)`);
  return parts.join(' || ');
}

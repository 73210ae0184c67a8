import type { Migration } from '../migrate';

/**
 * Patient search (issue 2 item 6), backed by two FTS5 indexes over one small
 * side table:
 *
 * - `patient_search_docs` holds, per patient, the searchable text and a stable
 *   INTEGER key (`doc`). The FTS indexes are external-content tables over it.
 *   They do not point at `patients.rowid`: patients has a TEXT primary key, so
 *   its rowids may be renumbered by VACUUM, which would silently point the
 *   index at the wrong people.
 * - `patient_name_fts` (unicode61, diacritics folded, prefix indexes of 1–6
 *   characters) answers whole-word ("exact") and word-prefix matches, from the
 *   first letter typed. Longer prefixes are read through their first six
 *   letters: FTS5 merges every matching term for a prefix it has no index for
 *   (30 ms for "smith*" at a million patients, 0.05 ms with the index).
 * - `patient_trigram_fts` (trigram) finds candidates for matches anywhere
 *   inside a name or a phone number ("ann" in "Joanna", "482" in "2125554821"),
 *   3+ characters. detail=none keeps it small: search ANDs a word's trigrams
 *   and checks the candidates itself, and letters and digits never share a
 *   trigram, so no column filter is needed.
 * - `phone_rev` (digits reversed, B-tree) makes "ends with" phone queries — the
 *   last four digits, or a seven-digit local number — index range scans.
 *
 * Triggers keep everything in step with `patients` inside the writing
 * transaction, whoever writes: the app, the demo generator or the puller.
 */
/** Longest phone number kept for search; E.164 numbers have at most 15 digits. */
const MAX_PHONE_DIGITS = 20;

/**
 * SQL reversing a short string. This SQLite has no reverse(), and a function
 * registered from JavaScript would make the triggers fail on any connection
 * that did not register it (the sqlite3 shell, another tool), so the
 * expression is spelled out: substr() past the end yields ''.
 */
function reversed(expr: string): string {
  const parts: string[] = [];
  for (let i = MAX_PHONE_DIGITS; i >= 1; i--) parts.push(`substr(${expr}, ${i}, 1)`);
  return parts.join(' || ');
}

export const m0002: Migration = {
  version: 2,
  name: 'patient-search',
  up(db) {
    db.exec(`
      CREATE INDEX patients_dob ON patients(date_of_birth);

      CREATE TABLE patient_search_docs (
        doc          INTEGER PRIMARY KEY,
        patient_id   TEXT NOT NULL UNIQUE REFERENCES patients(id) ON DELETE CASCADE,
        name         TEXT NOT NULL,             -- "given family"
        phone_digits TEXT NOT NULL,
        phone_rev    TEXT NOT NULL              -- phone_digits reversed
      ) STRICT;
      CREATE INDEX patient_search_phone_rev ON patient_search_docs(phone_rev);

      CREATE VIRTUAL TABLE patient_name_fts USING fts5(
        name,
        content = 'patient_search_docs', content_rowid = 'doc',
        tokenize = 'unicode61 remove_diacritics 2',
        prefix = '1 2 3 4 5 6',
        detail = 'none'
      );

      CREATE VIRTUAL TABLE patient_trigram_fts USING fts5(
        name, phone_digits,
        content = 'patient_search_docs', content_rowid = 'doc',
        tokenize = 'trigram remove_diacritics 1',
        detail = 'none'
      );

      CREATE TRIGGER patient_search_docs_ai AFTER INSERT ON patient_search_docs BEGIN
        INSERT INTO patient_name_fts (rowid, name) VALUES (new.doc, new.name);
        INSERT INTO patient_trigram_fts (rowid, name, phone_digits) VALUES (new.doc, new.name, new.phone_digits);
      END;
      CREATE TRIGGER patient_search_docs_ad AFTER DELETE ON patient_search_docs BEGIN
        INSERT INTO patient_name_fts (patient_name_fts, rowid, name) VALUES ('delete', old.doc, old.name);
        INSERT INTO patient_trigram_fts (patient_trigram_fts, rowid, name, phone_digits)
          VALUES ('delete', old.doc, old.name, old.phone_digits);
      END;
      CREATE TRIGGER patient_search_docs_au AFTER UPDATE ON patient_search_docs BEGIN
        INSERT INTO patient_name_fts (patient_name_fts, rowid, name) VALUES ('delete', old.doc, old.name);
        INSERT INTO patient_trigram_fts (patient_trigram_fts, rowid, name, phone_digits)
          VALUES ('delete', old.doc, old.name, old.phone_digits);
        INSERT INTO patient_name_fts (rowid, name) VALUES (new.doc, new.name);
        INSERT INTO patient_trigram_fts (rowid, name, phone_digits) VALUES (new.doc, new.name, new.phone_digits);
      END;

      -- What each patient contributes to search, defined once: the triggers, the
      -- backfill below and bulk loads (core/patients/search-index.ts) all read it.
      CREATE VIEW patient_search_source AS
        SELECT id AS patient_id,
               given_name || ' ' || family_name AS name,
               phone_digits,
               ${reversed('phone_digits')} AS phone_rev
          FROM patients;

      CREATE TRIGGER patients_search_ai AFTER INSERT ON patients BEGIN
        INSERT INTO patient_search_docs (patient_id, name, phone_digits, phone_rev)
          SELECT patient_id, name, phone_digits, phone_rev FROM patient_search_source WHERE patient_id = new.id;
      END;
      CREATE TRIGGER patients_search_au AFTER UPDATE OF given_name, family_name, phone_digits ON patients BEGIN
        UPDATE patient_search_docs
           SET (name, phone_digits, phone_rev) =
               (SELECT name, phone_digits, phone_rev FROM patient_search_source WHERE patient_id = new.id)
         WHERE patient_id = new.id;
      END;
      -- Deleting a patient cascades to its doc row, whose trigger updates the indexes.

      INSERT INTO patient_search_docs (patient_id, name, phone_digits, phone_rev)
        SELECT patient_id, name, phone_digits, phone_rev FROM patient_search_source;
    `);
  },
};

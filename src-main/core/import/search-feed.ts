import type { WriteDb } from '../db/open';

/** The triggers that feed new patients into search one row at a time (migration 0002). */
const ROW_FEED_TRIGGERS = ['patients_search_ai', 'patient_search_docs_ai'] as const;

/**
 * Loads patients with the per-row search feed suspended and then indexes only
 * the new ones in set-based statements. Same reason as the demo's
 * withDeferredSearchIndex (a trigger-fed FTS5 insert flushes a segment per
 * row), but without rebuilding the whole index: an import into a clinic of a
 * million patients indexes its own rows only. Trigger SQL is read back from
 * the schema and rows come from the patient_search_source view, so nothing
 * of migration 0002 is spelled twice. Must run inside the caller's
 * transaction: a failure brings the triggers back with the rollback.
 */
export function withIncrementalSearchFeed<T>(db: WriteDb, load: () => T): T {
  if (!db.inTransaction) throw new Error('withIncrementalSearchFeed must run inside a transaction');
  const lastPatient = db.prepare<[], number>(`SELECT coalesce(max(rowid), 0) FROM patients`).pluck().get() ?? 0;
  const lastDoc = db.prepare<[], number>(`SELECT coalesce(max(doc), 0) FROM patient_search_docs`).pluck().get() ?? 0;
  const getSql = db.prepare<[string], string>(`SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?`).pluck();
  const saved = ROW_FEED_TRIGGERS.map((name) => {
    const sql = getSql.get(name);
    if (sql === undefined) throw new Error(`Search index trigger ${name} is missing`);
    return sql;
  });
  for (const name of ROW_FEED_TRIGGERS) db.exec(`DROP TRIGGER ${name}`);
  const result = load();
  db.prepare(
    `INSERT INTO patient_search_docs (patient_id, name, phone_digits, phone_rev)
       SELECT s.patient_id, s.name, s.phone_digits, s.phone_rev
         FROM patient_search_source s
        WHERE s.patient_id IN (SELECT id FROM patients WHERE rowid > ?)`,
  ).run(lastPatient);
  db.prepare(`INSERT INTO patient_name_fts (rowid, name) SELECT doc, name FROM patient_search_docs WHERE doc > ?`).run(lastDoc);
  db.prepare(
    `INSERT INTO patient_trigram_fts (rowid, name, phone_digits) SELECT doc, name, phone_digits FROM patient_search_docs WHERE doc > ?`,
  ).run(lastDoc);
  for (const sql of saved) db.exec(sql);
  return result;
}

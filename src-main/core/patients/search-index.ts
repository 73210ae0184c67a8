import type { WriteDb } from '../db/open';

/** Triggers that feed new patients into the search tables one row at a time (migration 0002). */
const ROW_FEED_TRIGGERS = ['patients_search_ai', 'patient_search_docs_ai'] as const;

/**
 * Runs a bulk load of patients with the per-row search feed suspended, then
 * fills the search tables in set-based passes. Why: an FTS5 insert made from
 * a trigger runs inside a statement savepoint, and FTS5 flushes its pending
 * terms to a new segment at every savepoint, so a trigger-fed bulk load writes
 * (and then merges) one segment per row — about 25× slower than a rebuild.
 * The triggers' SQL is read back from the schema and the rows come from the
 * patient_search_source view, so nothing of migration 0002 is spelled twice.
 *
 * Must run inside the caller's transaction: if the load fails, the dropped
 * triggers come back with the rollback and the index is never left stale.
 */
export function withDeferredSearchIndex<T>(db: WriteDb, load: () => T, beforeIndexing?: () => void): T {
  if (!db.inTransaction) throw new Error('withDeferredSearchIndex must run inside a transaction');
  const getSql = db.prepare<[string], { sql: string }>(`SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND name = ?`);
  const saved = ROW_FEED_TRIGGERS.map((name) => {
    const row = getSql.get(name);
    if (!row) throw new Error(`Search index trigger ${name} is missing`);
    return row.sql;
  });
  for (const name of ROW_FEED_TRIGGERS) db.exec(`DROP TRIGGER ${name}`);
  const result = load();
  beforeIndexing?.();
  for (const sql of saved) db.exec(sql);
  db.exec(`
    INSERT INTO patient_search_docs (patient_id, name, phone_digits, phone_rev)
      SELECT s.patient_id, s.name, s.phone_digits, s.phone_rev
        FROM patient_search_source s
       WHERE NOT EXISTS (SELECT 1 FROM patient_search_docs d WHERE d.patient_id = s.patient_id);
  `);
  rebuildSearchIndex(db);
  return result;
}

/** Rebuilds both FTS5 indexes from patient_search_docs. */
function rebuildSearchIndex(db: WriteDb): void {
  db.exec(`
    INSERT INTO patient_name_fts (patient_name_fts) VALUES ('rebuild');
    INSERT INTO patient_trigram_fts (patient_trigram_fts) VALUES ('rebuild');
  `);
}

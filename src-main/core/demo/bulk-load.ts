import type { WriteDb } from '../db/open';

/** The tables the demo fills in bulk. */
export const BULK_TABLES = ['patients', 'patient_search_docs', 'appointments', 'reminders'] as const;

/**
 * Runs a bulk load with the tables' secondary indexes dropped, then
 * re-creates them: building a B-tree once from sorted data is several times
 * faster than keeping it up to date through hundreds of thousands of inserts
 * in random key order. Primary-key and UNIQUE indexes (no SQL of their own)
 * stay, and nothing may query these tables by the dropped indexes meanwhile.
 * The index SQL is read back from the schema, so no migration is repeated.
 *
 * Must run inside the caller's transaction: if the load fails, the indexes
 * come back with the rollback.
 */
export function withDeferredIndexes<T>(db: WriteDb, tables: readonly string[], load: () => T, beforeIndexing?: () => void): T {
  if (!db.inTransaction) throw new Error('withDeferredIndexes must run inside a transaction');
  const indexes = db
    .prepare<string[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_schema
        WHERE type = 'index' AND sql IS NOT NULL AND tbl_name IN (${tables.map(() => '?').join(', ')})`,
    )
    .all(...tables);
  for (const i of indexes) db.exec(`DROP INDEX "${i.name}"`);
  const result = load();
  beforeIndexing?.();
  for (const i of indexes) db.exec(i.sql);
  return result;
}

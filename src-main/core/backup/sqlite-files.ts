import Database from 'better-sqlite3';
import { faultKind } from '../db/faults';
import { KDF_ITERATIONS, type Db } from '../db/open';

/**
 * Opening copies of the clinic database outside the app's own connection (backups and
 * restores): same cipher settings as core/db/open.ts, never migrated, temp data in memory.
 */

export function openKeyed(file: string, key: string | undefined, nativeBinding?: string, opts: { readonly?: boolean; create?: boolean } = {}): Db {
  const db = new Database(file, { readonly: opts.readonly ?? false, fileMustExist: !opts.create, ...(nativeBinding ? { nativeBinding } : {}) });
  try {
    db.pragma('temp_store = MEMORY');
    if (key !== undefined) {
      db.pragma(`kdf_iter = ${KDF_ITERATIONS}`);
      db.pragma(`hexkey = '${key}'`);
    }
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}

/** Re-encrypts every page with `key` (or decrypts, with null). The file must not be in WAL mode. */
export function keyDatabase(db: Db, key: string | null): void {
  if (key === null) {
    db.pragma(`rekey = ''`);
    return;
  }
  db.pragma(`kdf_iter = ${KDF_ITERATIONS}`);
  db.pragma(`hexrekey = '${key}'`);
}

/** SQLite's quick_check: false when it lists problems or cannot even read a page it needs. */
export function quickCheck(db: Db): boolean {
  try {
    const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
    return rows.length === 1 && rows[0]!.quick_check === 'ok';
  } catch (e) {
    if (faultKind(e) === 'DATABASE_DAMAGED') return false;
    throw e;
  }
}

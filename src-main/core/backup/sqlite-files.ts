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

/**
 * Copies `source` (read under `sourceKey`) into a new file `target` encrypted with
 * `targetKey` (absent: plaintext), compacted, in one pass, and returns the schema version.
 * SQLite3 Multiple Ciphers encrypts a VACUUM INTO target with the key of the connection's
 * main database, so the source is attached to a connection whose empty scratch main
 * database holds the target's key. One read transaction: a live source keeps taking writes
 * (WAL) and the copy is the state at its start.
 */
export function vacuumInto(o: { source: string; sourceKey?: string | undefined; target: string; targetKey?: string | undefined; scratch: string; nativeBinding?: string | undefined }): number {
  const db = openKeyed(o.scratch, o.targetKey, o.nativeBinding, { create: true });
  try {
    db.pragma('busy_timeout = 30000');
    // An attached database takes the main one's cipher settings: set them even when the target is plaintext.
    db.pragma(`kdf_iter = ${KDF_ITERATIONS}`);
    db.prepare('ATTACH ? AS source KEY ?').run(o.source, o.sourceKey ? Buffer.from(o.sourceKey, 'hex') : '');
    const version = db.pragma('source.user_version', { simple: true }) as number;
    db.prepare('VACUUM source INTO ?').run(o.target);
    return version;
  } finally {
    db.close();
  }
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

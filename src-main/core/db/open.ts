import Database from 'better-sqlite3';
import { assertSupportedVersion, migrate } from './migrate';

export type Db = Database.Database;

/**
 * Read and write handles (DESIGN.md habit 9). At runtime both are the same
 * connection; the types keep functions that only read from being handed a
 * connection they could write through by accident.
 */
declare const writable: unique symbol;
export type WriteDb = Db & { readonly [writable]: true };
export type ReadDb = Db;

export interface OpenOptions {
  /** Milliseconds to wait for another process's write lock before SQLITE_BUSY. */
  busyTimeoutMs?: number;
  readonly?: boolean;
  /** Path to an Electron-ABI build of better-sqlite3 (see README). */
  nativeBinding?: string;
}

/**
 * Opens the workstation database and brings it to the current schema.
 * Pragmas are set on every open: better-sqlite3 does not persist
 * `synchronous`, and WAL databases silently reopen at NORMAL otherwise.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): WriteDb {
  const db = new Database(file, {
    readonly: opts.readonly ?? false,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
  });
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
    if (!opts.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    if (!opts.readonly) migrate(db);
    else assertSupportedVersion(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db as WriteDb;
}

import { createHmac } from 'node:crypto';
import { closeSync, copyFileSync, fsyncSync, openSync, readSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '@shared/domain/errors';
import { DAMAGED_MESSAGE, faultKind } from './faults';
import { assertSupportedVersion, migrate, type BeforeMigrate } from './migrate';

export type Db = Database.Database;

/**
 * Read and write handles. At runtime both are the same
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
  /**
   * The workstation's database key (64 hex digits, 256 bits; platform/database-key.ts):
   * every page of the file, its WAL and journal are encrypted (SQLite3 Multiple
   * Ciphers, ChaCha20-Poly1305). A plaintext file is encrypted in place on first
   * open. Without a key the file is plaintext (tests, benchmarks, tools).
   */
  key?: string;
  /**
   * The check value kept with the key (databaseKeyCheck): when the key does not open the
   * file, it tells a damaged file (the key belongs to it) from a wrong key.
   */
  keyCheck?: string;
  /** Runs before the first pending migration (a backup of the old schema). */
  beforeMigrate?: BeforeMigrate;
}

/** How this process opens the workstation file: which SQLite build and which key. */
export type DatabaseAccess = Pick<OpenOptions, 'nativeBinding' | 'key' | 'keyCheck'>;

/**
 * Opens the workstation database and brings it to the current schema.
 * Pragmas are set on every open: better-sqlite3 does not persist
 * `synchronous`, and WAL databases silently reopen at NORMAL otherwise.
 */
export function openDatabase(file: string, opts: OpenOptions = {}): WriteDb {
  if (opts.key !== undefined && !opts.readonly && databaseFileState(file) === 'plaintext') encryptInPlace(file, opts.key, opts.nativeBinding);
  const db = new Database(file, {
    readonly: opts.readonly ?? false,
    ...(opts.nativeBinding ? { nativeBinding: opts.nativeBinding } : {}),
  });
  try {
    if (opts.key !== undefined) applyKey(db, file, opts);
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(opts.busyTimeoutMs ?? 5000))}`);
    // Sorts, temp tables and index builds that spill go to memory, never to temp files: the
    // cipher encrypts the database, its WAL and journals, not SQLite's temp files.
    db.pragma('temp_store = MEMORY');
    if (!opts.readonly) db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    if (!opts.readonly) migrate(db, opts.beforeMigrate);
    else assertSupportedVersion(db);
  } catch (e) {
    db.close();
    // A file SQLite cannot make sense of is damaged (a wrong key was told apart in applyKey).
    if (faultKind(e) === 'DATABASE_DAMAGED') throw damagedError(e);
    throw e;
  }
  return db as WriteDb;
}

const KEY_FORMAT = /^[0-9a-f]{64}$/;
// The key is 256 random bits, not a passphrase: stretching it adds nothing and would cost
// ~40 ms on every open (main, and each worker). Fixed forever: files are written with it.
export const KDF_ITERATIONS = 1;
const PLAINTEXT_HEADER = Buffer.from('SQLite format 3\0', 'latin1');

function applyKey(db: Db, file: string, opts: OpenOptions): void {
  const key = opts.key!;
  if (!KEY_FORMAT.test(key)) throw new Error('The database key must be 64 lowercase hex digits.');
  assertCipherSupport(opts.nativeBinding);
  db.pragma(`kdf_iter = ${KDF_ITERATIONS}`);
  db.pragma(`hexkey = '${key}'`);
  try {
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
  } catch (e) {
    if ((e as { code?: string }).code !== 'SQLITE_NOTADB') throw e;
    if (keyBelongsToDamagedFile(file, key, opts.keyCheck)) throw damagedError(e);
    throw new AppError(
      'DATABASE_KEY',
      "This workstation's database cannot be opened with its key. Nothing was changed. Restore the key file from the workstation's backup, or contact support.",
    );
  }
}

function damagedError(e: unknown): AppError {
  return new AppError('DATABASE_DAMAGED', DAMAGED_MESSAGE, { cause: (e as { code?: string }).code ?? 'unknown' });
}

/**
 * An encrypted file begins with its cipher salt (16 random bytes) and SQLite's page size
 * and format bytes in the clear (bytes 16–23). The check value kept with the key is an
 * HMAC of that salt under the key: it ties the key to this very file. When the key does
 * not open the file, a matching check value (or a zeroed or impossible beginning) means
 * the file is damaged, not the key wrong.
 */
const HEAD_BYTES = 24;

export function databaseKeyCheck(file: string, key: string): string | null {
  const head = readHead(file);
  if (!head) return null;
  return createHmac('sha256', Buffer.from(key, 'hex')).update(head.subarray(0, 16)).digest('hex').slice(0, 32);
}

function keyBelongsToDamagedFile(file: string, key: string, keyCheck: string | undefined): boolean {
  const head = readHead(file);
  if (!head) return true; // shorter than a header: truncated
  if (keyCheck !== undefined && databaseKeyCheck(file, key) === keyCheck) return true;
  const pageSize = head.readUInt16BE(16) === 1 ? 65536 : head.readUInt16BE(16);
  const plausible = pageSize >= 512 && pageSize <= 65536 && (pageSize & (pageSize - 1)) === 0 && head[18]! >= 1 && head[18]! <= 2;
  return !plausible || head.subarray(0, 16).every((b) => b === 0);
}

function readHead(file: string): Buffer | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    return readSync(fd, head, 0, HEAD_BYTES, 0) === HEAD_BYTES ? head : null;
  } finally {
    closeSync(fd);
  }
}

/**
 * A stock SQLite would ignore the key pragmas and write plaintext: refuse instead.
 * Asked on a scratch in-memory connection (any statement on a keyless encrypted file fails).
 */
const cipherSupport = new Map<string, boolean>();
function assertCipherSupport(nativeBinding?: string): void {
  let ok = cipherSupport.get(nativeBinding ?? '');
  if (ok === undefined) {
    const probe = new Database(':memory:', nativeBinding ? { nativeBinding } : {});
    try {
      probe.prepare('SELECT sqlite3mc_version()').get();
      ok = true;
    } catch {
      ok = false;
    } finally {
      probe.close();
    }
    cipherSupport.set(nativeBinding ?? '', ok);
  }
  if (!ok) {
    throw new AppError('DATABASE_KEY', 'This build of Frontdesk cannot encrypt its database. Reinstall it: npm install rebuilds SQLite with encryption.');
  }
}

/**
 * What a database file holds: nothing yet (missing or empty), plaintext (it starts
 * with SQLite's header) or encrypted (an encrypted file starts with random bytes).
 */
export function databaseFileState(file: string): 'empty' | 'plaintext' | 'encrypted' {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return 'empty';
  }
  try {
    const head = Buffer.alloc(PLAINTEXT_HEADER.length);
    const read = readSync(fd, head, 0, head.length, 0);
    if (read === 0) return 'empty';
    return read === head.length && head.equals(PLAINTEXT_HEADER) ? 'plaintext' : 'encrypted';
  } finally {
    closeSync(fd);
  }
}

/**
 * Encrypts a plaintext database (one from before encryption): a copy is
 * encrypted beside it, flushed, then renamed over it, so a crash at any point
 * leaves either the plaintext original (encrypted again on the next start) or
 * the encrypted whole. The original's WAL is folded in first (DELETE mode).
 */
function encryptInPlace(file: string, key: string, nativeBinding?: string): void {
  assertCipherSupport(nativeBinding);
  const options = nativeBinding ? { nativeBinding } : {};
  const copy = `${file}.encrypting`;
  removeSideFiles(copy);
  const original = new Database(file, options);
  try {
    original.pragma('journal_mode = DELETE');
  } finally {
    original.close();
  }
  copyFileSync(file, copy);
  const db = new Database(copy, options);
  try {
    db.pragma('journal_mode = DELETE');
    db.pragma('temp_store = MEMORY');
    db.pragma(`kdf_iter = ${KDF_ITERATIONS}`);
    db.pragma(`hexrekey = '${key}'`);
  } finally {
    db.close();
  }
  fsyncPath(copy);
  renameSync(copy, file);
  fsyncPath(dirname(file)); // the rename itself survives a power cut (POSIX; Windows has no directory fsync)
}

function fsyncPath(path: string): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return;
  }
  try {
    fsyncSync(fd);
  } catch {
    // a directory cannot be fsynced on every OS
  } finally {
    closeSync(fd);
  }
}

function removeSideFiles(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

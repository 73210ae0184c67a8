import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { AppError } from '../../src-shared/domain/errors';
import { databaseFileState } from '../core/db/open';

/**
 * The workstation's database key: 256 random bits, made on first start and
 * kept in a file beside the database, wrapped by a `KeyProtector`. In the
 * desktop app the protector is Electron's safeStorage (the OS keychain / DPAPI),
 * so the key file alone opens nothing; the loopback web host, a development
 * tool, keeps it unwrapped. No electron here: the app passes its protector in.
 */
export interface KeyProtector {
  /** How the key is kept: "os-keychain" (wrapped) or "none" (plain in the file). */
  readonly kind: 'os-keychain' | 'none';
  protect(key: string): Buffer;
  unprotect(stored: Buffer): string;
}

export const UNPROTECTED: KeyProtector = {
  kind: 'none',
  protect: (key) => Buffer.from(key, 'utf8'),
  unprotect: (stored) => stored.toString('utf8').trim(),
};

/** The key file says how its key is kept, so a start without the keychain is told apart from a damaged file. */
interface KeyFile {
  format: 'frontdesk-db-key/1';
  protection: KeyProtector['kind'];
  /** base64 of what the protector made. */
  data: string;
  /**
   * Ties the key to its database file (core/db/open.ts databaseKeyCheck), so a file the
   * key no longer opens is known to be damaged rather than the key wrong. Reveals nothing of the key.
   */
  check?: string;
}

const KEY_FORMAT = /^[0-9a-f]{64}$/;

export function keyFileFor(dbFile: string): string {
  return `${dbFile}.key`;
}

/**
 * Reads the key for `dbFile`, or makes one when the database is new or still
 * plaintext (openDatabase then encrypts it). An encrypted database whose key
 * file is gone cannot be opened: that is a clear DATABASE_KEY error, and a new
 * key is never made over it. A key kept plain because the keychain was not
 * available is wrapped as soon as it is.
 */
export function loadOrCreateDatabaseKey(dbFile: string, protector: KeyProtector): string {
  const keyFile = keyFileFor(dbFile);
  if (existsSync(keyFile)) {
    const stored = readKeyFile(keyFile);
    if (stored.protection === 'os-keychain' && protector.kind !== 'os-keychain') {
      throw new AppError(
        'DATABASE_KEY',
        "This computer's keychain is not available right now, and it holds the key to this workstation's database. Sign in to the computer as the user who set up Frontdesk, then start it again. Nothing was changed.",
      );
    }
    let key: string;
    try {
      key = stored.protection === 'none' ? UNPROTECTED.unprotect(stored.data) : protector.unprotect(stored.data);
    } catch {
      throw new AppError('DATABASE_KEY', "This workstation's database key cannot be unlocked by this computer's user account. Sign in as the user who set up Frontdesk, or contact support.");
    }
    if (!KEY_FORMAT.test(key)) throw damaged();
    if (stored.protection === 'none' && protector.kind === 'os-keychain') writeKeyFile(keyFile, key, protector);
    return key;
  }
  if (databaseFileState(dbFile) === 'encrypted') {
    throw new AppError('DATABASE_KEY', "This workstation's database key file is missing. Restore it from the workstation's backup, or contact support.");
  }
  const key = randomBytes(32).toString('hex');
  writeKeyFile(keyFile, key, protector);
  return key;
}

const damaged = (): AppError =>
  new AppError('DATABASE_KEY', "This workstation's database key file is damaged. Restore it from the workstation's backup, or contact support.");

function readKeyFile(file: string): { protection: KeyProtector['kind']; data: Buffer; check?: string } {
  let parsed: Partial<KeyFile>;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<KeyFile>;
  } catch {
    throw damaged();
  }
  if (parsed.format !== 'frontdesk-db-key/1' || (parsed.protection !== 'none' && parsed.protection !== 'os-keychain') || typeof parsed.data !== 'string') {
    throw damaged();
  }
  return {
    protection: parsed.protection,
    data: Buffer.from(parsed.data, 'base64'),
    ...(typeof parsed.check === 'string' ? { check: parsed.check } : {}),
  };
}

/** The check value kept with the database's key, when one has been recorded. */
export function readDatabaseKeyCheck(dbFile: string): string | undefined {
  const file = keyFileFor(dbFile);
  return existsSync(file) ? readKeyFile(file).check : undefined;
}

/** Records the check value once the key has opened the file (after the first start, and after a restore). */
export function recordDatabaseKeyCheck(dbFile: string, check: string): void {
  const file = keyFileFor(dbFile);
  if (!existsSync(file)) return;
  const stored = readKeyFile(file);
  if (stored.check === check) return;
  writeKeyFileContent(file, { format: 'frontdesk-db-key/1', protection: stored.protection, data: stored.data.toString('base64'), check });
}

/** Written beside, flushed, then renamed: a crash leaves the old state or the whole new key, readable by this user only. */
function writeKeyFile(file: string, key: string, protector: KeyProtector): void {
  const previous = existsSync(file) ? readKeyFile(file).check : undefined;
  const content: KeyFile = { format: 'frontdesk-db-key/1', protection: protector.kind, data: protector.protect(key).toString('base64') };
  writeKeyFileContent(file, previous === undefined ? content : { ...content, check: previous });
}

function writeKeyFileContent(file: string, content: KeyFile): void {
  const temp = `${file}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, `${JSON.stringify(content)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

/** The key kept in a key file (the web host's, which is unwrapped), for tools and tests that open its database. */
export function readUnprotectedKey(dbFile: string): string | null {
  const file = keyFileFor(dbFile);
  if (!existsSync(file)) return null;
  const stored = readKeyFile(file);
  return stored.protection === 'none' ? UNPROTECTED.unprotect(stored.data) : null;
}

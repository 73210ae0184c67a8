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
  /** Recorded in logs: which protection the key has ("os-keychain", "none"). */
  readonly kind: string;
  protect(key: string): Buffer;
  unprotect(stored: Buffer): string;
}

export const UNPROTECTED: KeyProtector = {
  kind: 'none',
  protect: (key) => Buffer.from(key, 'utf8'),
  unprotect: (stored) => stored.toString('utf8').trim(),
};

export function keyFileFor(dbFile: string): string {
  return `${dbFile}.key`;
}

/**
 * Reads the key for `dbFile`, or makes one when the database is new or still
 * plaintext (openDatabase then encrypts it). An encrypted database whose key
 * file is gone cannot be opened: that is a clear DATABASE_KEY error, and a new
 * key is never made over it.
 */
export function loadOrCreateDatabaseKey(dbFile: string, protector: KeyProtector): string {
  const keyFile = keyFileFor(dbFile);
  if (existsSync(keyFile)) {
    let key: string;
    try {
      key = protector.unprotect(readFileSync(keyFile));
    } catch {
      throw new AppError('DATABASE_KEY', "This workstation's database key cannot be unlocked by this computer's user account. Sign in as the user who set up Frontdesk, or contact support.");
    }
    if (!/^[0-9a-f]{64}$/.test(key)) throw new AppError('DATABASE_KEY', "This workstation's database key file is damaged. Restore it from the workstation's backup, or contact support.");
    return key;
  }
  if (databaseFileState(dbFile) === 'encrypted') {
    throw new AppError('DATABASE_KEY', "This workstation's database key file is missing. Restore it from the workstation's backup, or contact support.");
  }
  const key = randomBytes(32).toString('hex');
  writeAtomically(keyFile, protector.protect(key));
  return key;
}

/** Written beside, flushed, then renamed: a crash leaves the old state or the whole new key, readable by this user only. */
function writeAtomically(file: string, data: Buffer): void {
  const temp = `${file}.tmp`;
  const fd = openSync(temp, 'w', 0o600);
  try {
    writeSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, file);
}

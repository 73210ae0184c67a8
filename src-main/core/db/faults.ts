import { AppError } from '@shared/domain/errors';

/**
 * Disk and database faults in words for a receptionist. SQLite reports them as
 * result codes (better-sqlite3's SqliteError.code, e.g. SQLITE_FULL,
 * SQLITE_IOERR_WRITE); Node's file calls as errno names (ENOSPC, EROFS, EIO).
 * Anything else is not a fault of the disk or the file and is left alone.
 */
export type FaultKind = 'DISK_FULL' | 'DATABASE_READ_ONLY' | 'DATABASE_DAMAGED' | 'DISK_IO';

const MESSAGES: Record<FaultKind, string> = {
  DISK_FULL: "This computer's disk is full; the change was not saved. Free space or call IT.",
  DATABASE_READ_ONLY: "The clinic database can be read but not changed (the disk or folder is read-only); the change was not saved. Call IT.",
  DATABASE_DAMAGED:
    'The clinic database is damaged, so Frontdesk has stopped saving changes to protect what is there. A manager can restore the last good backup (Set-up › Backups) or rebuild this desk from the clinic hub.',
  DISK_IO: "This computer could not read or write the clinic database (a disk or connection problem); the change was not saved. Try again; if it keeps happening, call IT.",
};

export function faultKind(e: unknown): FaultKind | null {
  if (typeof e !== 'object' || e === null) return null;
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string') return null;
  if (code === 'SQLITE_FULL' || code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') return 'DISK_FULL';
  if (code.startsWith('SQLITE_READONLY') || code === 'EROFS') return 'DATABASE_READ_ONLY';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') return 'DATABASE_DAMAGED';
  if (code.startsWith('SQLITE_IOERR') || code === 'SQLITE_CANTOPEN' || code === 'EIO') return 'DISK_IO';
  return null;
}

/** The typed error for a disk or database fault, or null when `e` is something else. */
export function faultError(e: unknown, messages: Partial<Record<FaultKind, string>> = {}): AppError | null {
  const kind = faultKind(e);
  if (!kind) return null;
  return new AppError(kind, messages[kind] ?? MESSAGES[kind], { cause: (e as { code: string }).code });
}

export const DAMAGED_MESSAGE = MESSAGES.DATABASE_DAMAGED;

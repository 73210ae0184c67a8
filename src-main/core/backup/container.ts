import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import type { BackupReason } from '@shared/domain/backups';
import type { LocalWrappedKey, RecoveryKey, WrappedKey } from './recovery';

/**
 * A backup is one file: an SQLite database encrypted with the backup's own random key,
 * followed by a trailer that says what it is and carries that key, wrapped to the recovery
 * passphrase (and to this desk's own key). SQLite reads the database by the page count in
 * its header and never looks past it, so the file opens as it is; a restore copies the
 * database part out. Trailer: JSON, then its length (4 bytes, big-endian), then MAGIC.
 */
export const BACKUP_EXTENSION = '.fdbackup';
const MAGIC = Buffer.from('FDBKUP01', 'latin1');
const MAX_TRAILER_BYTES = 64 * 1024;

export interface BackupTrailer {
  format: 'frontdesk-backup/1';
  createdAt: number;
  reason: BackupReason;
  appVersion: string;
  /** The database's schema version (PRAGMA user_version). */
  schemaVersion: number;
  deviceId: string;
  /** Length of the database part; the trailer starts here. */
  databaseBytes: number;
  recovery: Pick<RecoveryKey, 'kdf' | 'publicKey'>;
  wrapped: WrappedKey;
  local?: LocalWrappedKey;
}

/** Appends the trailer to an open backup file (positioned by its size). */
export function appendTrailer(fd: number, trailer: BackupTrailer): void {
  const json = Buffer.from(JSON.stringify(trailer), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  const all = Buffer.concat([json, length, MAGIC]);
  let offset = 0;
  while (offset < all.length) offset += writeSync(fd, all, offset, all.length - offset, trailer.databaseBytes + offset);
}

/** The trailer of a backup file, or null when the file is not a whole Frontdesk backup. */
export function readTrailer(file: string): BackupTrailer | null {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    if (size < MAGIC.length + 4) return null;
    const tail = Buffer.alloc(MAGIC.length + 4);
    readSync(fd, tail, 0, tail.length, size - tail.length);
    if (!tail.subarray(4).equals(MAGIC)) return null;
    const length = tail.readUInt32BE(0);
    if (length > MAX_TRAILER_BYTES || length > size - tail.length) return null;
    const json = Buffer.alloc(length);
    readSync(fd, json, 0, length, size - tail.length - length);
    const parsed = JSON.parse(json.toString('utf8')) as Partial<BackupTrailer>;
    if (parsed.format !== 'frontdesk-backup/1' || typeof parsed.databaseBytes !== 'number' || parsed.databaseBytes !== size - tail.length - length) return null;
    return parsed as BackupTrailer;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

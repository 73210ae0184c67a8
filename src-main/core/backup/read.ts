import { readdirSync, rmSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AppError } from '@shared/domain/errors';
import type { BackupFileDto } from '@shared/domain/backups';
import { faultKind } from '../db/faults';
import { LATEST_VERSION } from '../db/migrations';
import { BACKUP_EXTENSION, readTrailer, type BackupTrailer } from './container';
import { unwrapBackupKey, unwrapLocal } from './recovery';
import { openKeyed, quickCheck, vacuumInto } from './sqlite-files';
import { assertFolderReachable } from './write';
import { fieldError } from '../validation';

/** The backups in a folder, newest first, read from their trailers (nothing is decrypted). */
export function listBackups(folder: string, deviceId: string): BackupFileDto[] {
  assertFolderReachable(folder);
  const out: BackupFileDto[] = [];
  for (const name of readdirSync(folder)) {
    if (!name.startsWith('frontdesk-') || !name.endsWith(BACKUP_EXTENSION)) continue;
    const path = join(folder, name);
    const trailer = readTrailer(path);
    if (!trailer) continue;
    out.push({ name, createdAt: trailer.createdAt, reason: trailer.reason, bytes: statSync(path).size, appVersion: trailer.appVersion, thisDesk: trailer.deviceId === deviceId });
  }
  return out.sort((a, b) => b.createdAt - a.createdAt || b.name.localeCompare(a.name));
}

/** A backup file named by the manager: a plain file name in the folder, never a path. */
export function backupPath(folder: string, name: string): string {
  if (basename(name) !== name || !name.endsWith(BACKUP_EXTENSION)) {
    throw fieldError('name', 'Choose a backup from the list.');
  }
  assertFolderReachable(folder);
  return join(folder, name);
}

export interface UnlockedBackup {
  trailer: BackupTrailer;
  /** The backup's own key (hex). */
  key: string;
}

/**
 * Opens a backup's key: with the recovery passphrase, or (passphrase empty) with this
 * desk's own database key when this computer made it.
 */
export function unlockBackup(file: string, passphrase: string, deskKey: string | undefined): UnlockedBackup {
  const trailer = readTrailer(file);
  if (!trailer) throw fieldError('name', 'This file is not a whole Frontdesk backup (it may have been cut short while copying).');
  if (passphrase === '') {
    const key = deskKey && trailer.local ? unwrapLocal(trailer.local, deskKey) : null;
    if (!key) throw fieldError('passphrase', 'Enter the recovery passphrase: this backup was made by another computer or with another key.');
    return { trailer, key: key.toString('hex') };
  }
  return { trailer, key: unwrapBackupKey(trailer.wrapped, trailer.recovery.kdf, passphrase).toString('hex') };
}

export interface BackupContents {
  patients: number;
  appointments: number;
  lastChangeAt: number | null;
}

/**
 * Checks a backup where it lies (SQLite reads its database pages and never the trailer) and
 * reads what it holds. Nothing is copied.
 */
export function inspectBackup(file: string, backupKey: string, nativeBinding?: string): BackupContents {
  let db;
  try {
    db = openKeyed(file, backupKey, nativeBinding, { readonly: true });
  } catch {
    throw damagedBackup();
  }
  try {
    if (!quickCheck(db)) throw damagedBackup();
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > LATEST_VERSION) {
      throw new AppError('UNSUPPORTED_VERSION', 'This backup was made by a newer version of Frontdesk. Update Frontdesk on this computer, then restore it.', {
        databaseVersion: version,
        supportedVersion: LATEST_VERSION,
      });
    }
    const row = db
      .prepare(
        `SELECT (SELECT count(*) FROM patients) AS patients, (SELECT count(*) FROM appointments) AS appointments,
                max(coalesce((SELECT max(updated_at) FROM appointments), 0), coalesce((SELECT max(updated_at) FROM patients), 0),
                    coalesce((SELECT max(at) FROM audit_log), 0)) AS last_change`,
      )
      .get() as { patients: number; appointments: number; last_change: number };
    return { patients: row.patients, appointments: row.appointments, lastChangeAt: row.last_change > 0 ? row.last_change : null };
  } catch (e) {
    throw faultKind(e) === 'DATABASE_DAMAGED' ? damagedBackup() : e;
  } finally {
    db.close();
  }
}

/**
 * Writes the backup's database as a new clinic database file `target`, encrypted with this
 * desk's key (absent: plaintext), ready to be moved into place. One pass, no copy in clear.
 */
export function extractForDesk(file: string, backupKey: string, target: string, deskKey: string | undefined, nativeBinding?: string): void {
  const scratch = `${target}-key`;
  for (const f of [target, scratch]) rmSync(f, { force: true });
  try {
    vacuumInto({ source: file, sourceKey: backupKey, target, targetKey: deskKey, scratch, nativeBinding });
  } catch (e) {
    rmSync(target, { force: true });
    throw faultKind(e) === 'DATABASE_DAMAGED' ? damagedBackup() : e;
  } finally {
    rmSync(scratch, { force: true });
  }
}

const damagedBackup = (): AppError =>
  new AppError('DATABASE_DAMAGED', 'This backup is damaged and cannot be restored. Choose an earlier backup.', { backup: true });

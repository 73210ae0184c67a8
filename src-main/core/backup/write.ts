import { randomBytes } from 'node:crypto';
import { closeSync, fstatSync, fsyncSync, openSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '@shared/domain/errors';
import type { BackupFileDto, BackupReason } from '@shared/domain/backups';
import { faultError } from '../db/faults';
import { appendTrailer, BACKUP_EXTENSION, type BackupTrailer } from './container';
import { wrapBackupKey, wrapLocal, type RecoveryKey } from './recovery';
import { openKeyed, quickCheck, vacuumInto } from './sqlite-files';

export interface WriteBackupOptions {
  /** The clinic database file; read through a connection of its own (WAL: the desk keeps writing). */
  sourceFile: string;
  folder: string;
  recovery: RecoveryKey;
  /** The source's key (and so this desk's): wraps the backup key for this computer too. Absent: a plaintext source (tests). */
  sourceKey?: string;
  nativeBinding?: string;
  reason: BackupReason;
  now: number;
  appVersion: string;
  deviceId: string;
  /** Told when the snapshot is written and when the file is sealed (progress; fault tests act here). */
  onStage?: (stage: 'copied' | 'sealed') => void;
}

/**
 * Writes one verified backup of the clinic database into the folder:
 * 1. `VACUUM INTO` a hidden partial file (sqlite-files.ts vacuumInto): a consistent,
 *    compacted snapshot under one read transaction (in WAL mode the desk keeps booking
 *    meanwhile), encrypted with a fresh random key of its own, never the desk's;
 * 2. the trailer (that key wrapped to the recovery passphrase) appended and the file flushed;
 * 3. opened again and `quick_check`ed; only then renamed to its final name.
 * A failure at any step removes the partial file and leaves earlier backups alone.
 */
export function writeBackup(opts: WriteBackupOptions): BackupFileDto {
  assertFolderReachable(opts.folder);
  const name = backupFileName(opts.now, opts.deviceId);
  const finalPath = join(opts.folder, name);
  const partial = partialPathFor(opts.folder, name);
  const scratch = `${partial}-key`;
  removePartial(partial);
  removePartial(scratch);
  try {
    const backupKey = randomBytes(32);
    const schemaVersion = vacuumInto({
      source: opts.sourceFile,
      sourceKey: opts.sourceKey,
      target: partial,
      targetKey: backupKey.toString('hex'),
      scratch,
      nativeBinding: opts.nativeBinding,
    });
    opts.onStage?.('copied');
    const trailer: BackupTrailer = {
      format: 'frontdesk-backup/1',
      createdAt: opts.now,
      reason: opts.reason,
      appVersion: opts.appVersion,
      schemaVersion,
      deviceId: opts.deviceId,
      databaseBytes: statSync(partial).size,
      recovery: { kdf: opts.recovery.kdf, publicKey: opts.recovery.publicKey },
      wrapped: wrapBackupKey(backupKey, opts.recovery),
      ...(opts.sourceKey ? { local: wrapLocal(backupKey, opts.sourceKey) } : {}),
    };
    const fd = openSync(partial, 'r+');
    try {
      appendTrailer(fd, trailer);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    opts.onStage?.('sealed');
    verifyBackup(partial, backupKey.toString('hex'), opts.nativeBinding);
    renameSync(partial, finalPath);
    fsyncFolder(opts.folder);
    return { name, createdAt: opts.now, reason: opts.reason, bytes: statSync(finalPath).size, appVersion: opts.appVersion, thisDesk: true };
  } catch (e) {
    removePartial(partial);
    throw backupFault(e, opts.folder);
  } finally {
    removePartial(scratch);
  }
}

/** `frontdesk-20261207-063000-<desk>.fdbackup`: sorts by time; several desks may share one folder. */
function backupFileName(at: number, deviceId: string): string {
  const stamp = new Date(at).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `frontdesk-${stamp}-${deviceId.replace(/[^0-9a-zA-Z]/g, '').slice(-8)}${BACKUP_EXTENSION}`;
}

function partialPathFor(folder: string, name: string): string {
  return join(folder, `.${name}.partial`);
}

/**
 * Partial files this desk left behind (a crash or kill during a backup). Other desks'
 * partials may be in progress in a shared folder and are left alone.
 */
export function removeStalePartials(folder: string, deviceId: string): void {
  const suffix = `-${deviceId.replace(/[^0-9a-zA-Z]/g, '').slice(-8)}${BACKUP_EXTENSION}.partial`;
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const n of names) if (n.startsWith('.frontdesk-') && (n.endsWith(suffix) || n.endsWith(`${suffix}-key`))) removePartial(join(folder, n));
}

function verifyBackup(file: string, key: string, nativeBinding?: string): void {
  const db = openKeyed(file, key, nativeBinding, { readonly: true });
  try {
    if (!quickCheck(db)) throw new AppError('DISK_IO', 'The backup was written but did not read back correctly, so it was not kept. Check the backup drive, then run the backup again.');
  } finally {
    db.close();
  }
}

export function assertFolderReachable(folder: string): void {
  try {
    if (statSync(folder).isDirectory()) return;
  } catch {
    // not there: reported below
  }
  throw unreachable();
}

const unreachable = (): AppError =>
  new AppError(
    'DISK_IO',
    'The backup folder cannot be reached (a USB drive unplugged or a network share offline?). Connect it, or choose another folder in Set-up › Backups.',
    { folderUnreachable: true },
  );

function backupFault(e: unknown, folder: string): AppError | unknown {
  if (e instanceof AppError) return e;
  if ((e as { code?: string }).code === 'ENOENT' || !folderExists(folder)) return unreachable();
  return (
    faultError(e, {
      DISK_FULL: 'The backup drive is full, so this backup was not made. Earlier backups are unchanged. Free space there or choose another folder.',
      DATABASE_READ_ONLY: 'The backup folder cannot be written to (read-only). Choose another folder in Set-up › Backups.',
      DISK_IO: 'The backup could not be written (the backup drive or network share failed). Earlier backups are unchanged. Try again, or choose another folder.',
    }) ?? e
  );
}

function folderExists(folder: string): boolean {
  try {
    return statSync(folder).isDirectory();
  } catch {
    return false;
  }
}

function removePartial(file: string): void {
  for (const suffix of ['', '-journal', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
}

function fsyncFolder(folder: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(folder, 'r');
    if (fstatSync(fd).isDirectory()) fsyncSync(fd);
  } catch {
    // some systems (Windows, some network shares) cannot flush a folder
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}


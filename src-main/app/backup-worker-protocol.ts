import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { BackupFileDto, BackupReason } from '../../src-shared/domain/backups';
import type { DatabaseAccess } from '../core/db/open';
import type { BackupContents, RecoveryKey } from '../core/backup';

/** A backup of the live database, or its daily check, run on a worker thread with its own connection. */
type BackupJob =
  | { kind: 'backup'; folder: string; recovery: RecoveryKey; reason: BackupReason; now: number; appVersion: string; deviceId: string }
  | { kind: 'check' }
  /** Checks a backup file in place and counts what it holds (the restore preview). */
  | { kind: 'inspect'; file: string; backupKey: string }
  /** Writes a backup's database as a new clinic file under this desk's key (the restore). */
  | { kind: 'extract'; file: string; backupKey: string; target: string };

export interface BackupWorkerData {
  dbFile: string;
  access: DatabaseAccess;
  job: BackupJob;
}

export type BackupWorkerMessage =
  | { kind: 'backed-up'; file: BackupFileDto }
  | { kind: 'checked'; ok: boolean }
  | { kind: 'inspected'; contents: BackupContents }
  | { kind: 'extracted' }
  | { kind: 'refused'; error: AppErrorShape }
  | { kind: 'failed'; errorName: string; stack: string | undefined };

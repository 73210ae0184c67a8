/**
 * Worker-thread entry for backups, the daily database check and the restore's reading and
 * copying of a backup (see backup-in-worker.ts): the main thread keeps answering meanwhile.
 * Its own connection: in WAL mode the desk keeps booking on the main connection
 * while this one copies a consistent snapshot or reads every page.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../../src-shared/domain/errors';
import { extractForDesk, inspectBackup, quickCheck, writeBackup } from '../core/backup';
import { openDatabase } from '../core/db/open';
import { faultError } from '../core/db/faults';
import { stackFrames } from '../platform/logger';
import type { BackupWorkerData, BackupWorkerMessage } from './backup-worker-protocol';

const post = (message: BackupWorkerMessage): void => parentPort!.postMessage(message);

function run(data: BackupWorkerData): void {
  if (data.job.kind === 'backup') {
    const { key, nativeBinding } = data.access;
    const file = writeBackup({ ...data.job, sourceFile: data.dbFile, ...(key ? { sourceKey: key } : {}), ...(nativeBinding ? { nativeBinding } : {}) });
    post({ kind: 'backed-up', file });
    return;
  }
  const { key, nativeBinding } = data.access;
  if (data.job.kind === 'inspect') post({ kind: 'inspected', contents: inspectBackup(data.job.file, data.job.backupKey, nativeBinding) });
  else if (data.job.kind === 'extract') {
    extractForDesk(data.job.file, data.job.backupKey, data.job.target, key, nativeBinding);
    post({ kind: 'extracted' });
  } else post({ kind: 'checked', ok: databaseIsSound(data) });
}

/** quick_check over every page; a file that does not even open as a database is not sound either. */
function databaseIsSound(data: BackupWorkerData): boolean {
  let db;
  try {
    db = openDatabase(data.dbFile, { readonly: true, busyTimeoutMs: 30_000, ...data.access });
    return quickCheck(db);
  } catch (e) {
    const code = isAppError(e) ? e.code : faultError(e)?.code;
    if (code === 'DATABASE_DAMAGED') return false;
    throw e;
  } finally {
    db?.close();
  }
}

try {
  run(workerData as BackupWorkerData);
} catch (e) {
  const typed = isAppError(e) ? e : faultError(e);
  if (typed) post({ kind: 'refused', error: typed.toShape() });
  else post({ kind: 'failed', errorName: e instanceof Error ? e.name : typeof e, stack: stackFrames(e) });
}

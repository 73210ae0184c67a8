import type { BackupWorkerData, BackupWorkerMessage } from './backup-worker-protocol';
import { runWorkerJob } from './worker-entry';

/** Runs one backup or check on its own worker thread; a refusal arrives as its AppError. */
export function runBackupInWorker(data: BackupWorkerData): Promise<Exclude<BackupWorkerMessage, { kind: 'refused' } | { kind: 'failed' }>> {
  return runWorkerJob<BackupWorkerMessage>(import.meta.url, 'backup-worker', data).done;
}

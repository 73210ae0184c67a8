import { AppError } from '../../src-shared/domain/errors';
import type { BackupWorkerData, BackupWorkerMessage } from './backup-worker-protocol';
import { startWorkerEntry } from './worker-entry';

export type BackupWorkerResult = Exclude<BackupWorkerMessage, { kind: 'refused' } | { kind: 'failed' }>;

/** Runs one backup or check on its own worker thread; a refusal arrives as its AppError. */
export function runBackupInWorker(data: BackupWorkerData): Promise<BackupWorkerResult> {
  const worker = startWorkerEntry(import.meta.url, 'backup-worker', data);
  return new Promise<BackupWorkerResult>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: BackupWorkerMessage) => {
      settled = true;
      if (m.kind === 'refused') reject(new AppError(m.error.code, m.error.message, m.error.details));
      else if (m.kind === 'failed') reject(new Error(`backup worker failed: ${m.errorName}\n${m.stack ?? ''}`));
      else resolve(m);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`backup worker exited with code ${code}`));
    });
  });
}

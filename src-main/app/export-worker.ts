/**
 * Worker-thread entry that writes an export file or computes a report (see
 * export-jobs.ts). Its own read-only connection: the main process keeps
 * answering the desk while a year of a 50-provider clinic is written.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../../src-shared/domain/errors';
import { openDatabase } from '../core/db/open';
import { ExportCancelled, runExportJob, runReportJob } from '../core/exports';
import { stackFrames } from '../platform/logger';
import type { ExportWorkerData, ExportWorkerMessage } from './export-worker-protocol';

const post = (message: ExportWorkerMessage): void => parentPort!.postMessage(message);

async function run(data: ExportWorkerData): Promise<void> {
  const cancelFlag = new Int32Array(data.cancel);
  const db = openDatabase(data.dbFile, { readonly: true, ...data.access });
  const hooks = {
    onProgress: (done: number, total: number) => post({ kind: 'progress', done, total }),
    isCancelled: () => Atomics.load(cancelFlag, 0) === 1,
  };
  try {
    // One read transaction: the file is a consistent snapshot even while desks keep booking.
    db.exec('BEGIN');
    if (data.job.kind === 'export') {
      const r = await runExportJob(db, data.job, hooks);
      post({ kind: 'exported', fileName: r.fileName, mime: r.mime, rows: r.rows, path: r.path });
    } else {
      const r = runReportJob(db, data.job, hooks);
      post({ kind: 'reported', daily: r.daily, weekly: r.weekly, totals: r.totals, fileName: r.fileName, path: r.path });
    }
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
    db.close();
  }
}

run(workerData as ExportWorkerData).catch((e: unknown) => {
  if (e instanceof ExportCancelled) post({ kind: 'cancelled' });
  else if (isAppError(e)) post({ kind: 'refused', error: e.toShape() });
  else post({ kind: 'failed', errorName: e instanceof Error ? e.name : typeof e, stack: stackFrames(e) });
});

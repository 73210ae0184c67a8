import type { ExportWorkerData, ExportWorkerMessage } from './export-worker-protocol';
import { runWorkerJob } from './worker-entry';

type ExportResultMessage = Extract<ExportWorkerMessage, { kind: 'exported' } | { kind: 'reported' } | { kind: 'cancelled' }>;

/** An export or report running on its worker thread. */
export interface ExportRun {
  done: Promise<ExportResultMessage>;
  /** Asks the worker to stop at its next check (every couple of thousand rows). */
  cancel(): void;
}

/** `access`: how the worker's own connection opens the file (SQLite build, key), as main opened it. */
export function runExportInWorker(data: Omit<ExportWorkerData, 'cancel'>, onProgress: (done: number, total: number) => void): ExportRun {
  const cancel = new SharedArrayBuffer(4);
  const job = runWorkerJob<ExportWorkerMessage>(import.meta.url, 'export-worker', { ...data, cancel }, (m) => onProgress(m.done, m.total));
  return { done: job.done, cancel: () => Atomics.store(new Int32Array(cancel), 0, 1) };
}

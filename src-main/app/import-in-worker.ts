import type { ImportOutcome } from '../../src-shared/domain/import';
import type { ImportWorkerData, ImportWorkerMessage } from './import-worker-protocol';
import { runWorkerJob } from './worker-entry';

/** A check or import running on its worker thread. */
export interface ImportRun {
  /** Settles when the worker has finished: done, or cancelled with nothing written. */
  done: Promise<ImportOutcome>;
  /** Asks the worker to stop at its next check (every few thousand rows). */
  cancel(): void;
}

type ImportProgressListener = (m: Extract<ImportWorkerMessage, { kind: 'progress' }>) => void;

/**
 * Runs one import job on a worker thread with its own database connection (`access`: how it opens
 * the file, as main opened it). Cancelling sets a shared flag the worker reads between rows, so a
 * cancel mid-write rolls the transaction back instead of killing a thread that holds the write lock.
 */
export function runImportInWorker(data: Omit<ImportWorkerData, 'cancel'>, onProgress: ImportProgressListener): ImportRun {
  const cancel = new SharedArrayBuffer(4);
  const job = runWorkerJob<ImportWorkerMessage>(import.meta.url, 'import-worker', { ...data, cancel }, onProgress);
  const done = job.done.then((m): ImportOutcome => (m.kind === 'done' ? { status: 'done', summary: m.summary } : { status: 'cancelled' }));
  return { done, cancel: () => Atomics.store(new Int32Array(cancel), 0, 1) };
}

import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../src-shared/domain/errors';
import type { DatabaseAccess } from '../core/db/open';
import type { ImportOutcome } from '../../src-shared/domain/import';
import type { ImportWorkerData, ImportWorkerMessage } from './import-worker-protocol';

/** A check or import running on its worker thread. */
export interface ImportRun {
  /** Settles when the worker has finished: done, or cancelled with nothing written. */
  done: Promise<ImportOutcome>;
  /** Asks the worker to stop at its next check (every few thousand rows). */
  cancel(): void;
}

export type ImportProgressListener = (m: Extract<ImportWorkerMessage, { kind: 'progress' }>) => void;

/** How the worker's connection opens the file (SQLite build, key); set once by the app (src-main/index.ts). */
let workerAccess: DatabaseAccess = {};
export function setImportWorkerAccess(access: DatabaseAccess): void {
  workerAccess = access;
}

/**
 * Runs one import job on a worker thread with its own database connection.
 * Cancelling sets a shared flag the worker reads between rows, so a cancel
 * mid-write rolls the transaction back instead of killing a thread that
 * holds the write lock.
 */
export function runImportInWorker(data: Omit<ImportWorkerData, 'cancel' | 'access'>, onProgress: ImportProgressListener): ImportRun {
  const cancel = new SharedArrayBuffer(4);
  const worker = startWorker({ ...data, cancel, access: workerAccess });
  const done = new Promise<ImportOutcome>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: ImportWorkerMessage) => {
      if (m.kind === 'progress') return onProgress(m);
      settled = true;
      if (m.kind === 'done') resolve({ status: 'done', summary: m.summary });
      else if (m.kind === 'cancelled') resolve({ status: 'cancelled' });
      else if (m.kind === 'refused') reject(new AppError(m.error.code, m.error.message, m.error.details));
      else reject(new Error(`import worker failed: ${m.errorName}\n${m.stack ?? ''}`));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`import worker exited with code ${code}`));
    });
  });
  return { done, cancel: () => Atomics.store(new Int32Array(cancel), 0, 1) };
}

/** Bundled: `import-worker.js` next to the main bundle. From source (web host, tests): the .ts entry through tsx. */
function startWorker(data: ImportWorkerData): Worker {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return new Worker(join(dirname(here), 'import-worker.js'), { workerData: data });
  const tsx = createRequire(here).resolve('tsx/cjs');
  const entry = join(dirname(here), 'import-worker.ts');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, { eval: true, workerData: data });
}

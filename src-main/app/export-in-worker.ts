import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../src-shared/domain/errors';
import type { DatabaseAccess } from '../core/db/open';
import type { ExportWorkerData, ExportWorkerMessage } from './export-worker-protocol';

export type ExportResultMessage = Extract<ExportWorkerMessage, { kind: 'exported' } | { kind: 'reported' } | { kind: 'cancelled' }>;

/** An export or report running on its worker thread. */
export interface ExportRun {
  done: Promise<ExportResultMessage>;
  /** Asks the worker to stop at its next check (every couple of thousand rows). */
  cancel(): void;
}

/** How the worker's connection opens the file (SQLite build, key); set once by the app (src-main/index.ts). */
let workerAccess: DatabaseAccess = {};
export function setExportWorkerAccess(access: DatabaseAccess): void {
  workerAccess = access;
}

export function runExportInWorker(data: Omit<ExportWorkerData, 'cancel' | 'access'>, onProgress: (done: number, total: number) => void): ExportRun {
  const cancel = new SharedArrayBuffer(4);
  const worker = startWorker({ ...data, cancel, access: workerAccess });
  const done = new Promise<ExportResultMessage>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: ExportWorkerMessage) => {
      if (m.kind === 'progress') return onProgress(m.done, m.total);
      settled = true;
      if (m.kind === 'refused') reject(new AppError(m.error.code, m.error.message, m.error.details));
      else if (m.kind === 'failed') reject(new Error(`export worker failed: ${m.errorName}\n${m.stack ?? ''}`));
      else resolve(m);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`export worker exited with code ${code}`));
    });
  });
  return { done, cancel: () => Atomics.store(new Int32Array(cancel), 0, 1) };
}

/** Bundled: `export-worker.js` next to the main bundle. From source (web host, tests): the .ts entry through tsx. */
function startWorker(data: ExportWorkerData): Worker {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return new Worker(join(dirname(here), 'export-worker.js'), { workerData: data });
  const tsx = createRequire(here).resolve('tsx/cjs');
  const entry = join(dirname(here), 'export-worker.ts');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, { eval: true, workerData: data });
}

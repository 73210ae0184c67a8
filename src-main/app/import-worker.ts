/**
 * Worker-thread entry that checks or imports a patient CSV (see
 * import-in-worker.ts). Own connection: the main thread keeps answering the
 * desk while 100,000 rows are parsed, checked and written.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../../src-shared/domain/errors';
import { openDatabase } from '../core/db/open';
import { ImportCancelled, runImportJob } from '../core/import';
import { FixedClock } from '../platform/clock';
import { stackFrames } from '../platform/logger';
import type { ImportWorkerData, ImportWorkerMessage } from './import-worker-protocol';
import { createEventBus } from '../core/events';

const post = (message: ImportWorkerMessage): void => parentPort!.postMessage(message);

async function run(data: ImportWorkerData): Promise<void> {
  const cancelFlag = new Int32Array(data.cancel);
  const db = openDatabase(data.dbFile, data.access);
  try {
    const summary = await runImportJob({ db, clock: new FixedClock(data.now), actor: data.actor, events: createEventBus() }, data.job, {
      onProgress: (phase, done, total) => post({ kind: 'progress', phase, done, total }),
      isCancelled: () => Atomics.load(cancelFlag, 0) === 1,
    });
    post({ kind: 'done', summary });
  } finally {
    db.close();
  }
}

run(workerData as ImportWorkerData).catch((e: unknown) => {
  if (e instanceof ImportCancelled) post({ kind: 'cancelled' });
  else if (isAppError(e)) post({ kind: 'refused', error: e.toShape() });
  else post({ kind: 'failed', errorName: e instanceof Error ? e.name : typeof e, stack: stackFrames(e) });
});

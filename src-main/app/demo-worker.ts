/**
 * Worker-thread entry that builds the demo clinic (see demo-in-worker.ts).
 * Own connection, own transaction: the main thread keeps serving the start
 * screen and forwards the progress this posts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { generateDemoClinic } from '../core/demo';
import { openDatabase } from '../core/db/open';
import { FixedClock, systemClock } from '../platform/clock';
import { stackFrames } from '../platform/logger';
import type { DemoWorkerData, DemoWorkerMessage } from './demo-worker-protocol';

const post = (message: DemoWorkerMessage): void => parentPort!.postMessage(message);

function run(data: DemoWorkerData): void {
  const db = openDatabase(data.file, data.access ?? {});
  try {
    generateDemoClinic(db, {
      clock: data.now === null ? systemClock : new FixedClock(data.now),
      seed: data.seed,
      onProgress: (progress) => post({ kind: 'progress', progress }),
    });
  } finally {
    db.close();
  }
}

try {
  run(workerData as DemoWorkerData);
  post({ kind: 'done' });
} catch (e) {
  post({ kind: 'failed', errorName: e instanceof Error ? e.name : typeof e, stack: stackFrames(e) });
}

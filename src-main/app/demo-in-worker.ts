import type { DemoBuild, DemoBuilder } from './demo-build';
import type { DemoWorkerData, DemoWorkerMessage } from './demo-worker-protocol';
import { runWorkerJob } from './worker-entry';

/**
 * Builds the demo clinic on a worker thread with its own connection, so the
 * main process stays responsive and progress events keep flowing while
 * tens of thousands of rows are written.
 */
export function demoBuilderInWorker(settings: Omit<DemoWorkerData, 'file' | 'access'>): DemoBuilder {
  return (file, access, onProgress): DemoBuild => {
    const job = runWorkerJob<DemoWorkerMessage>(import.meta.url, 'demo-worker', { ...settings, file, access }, (m) => onProgress(m.progress));
    let cancelled = false;
    return {
      done: job.done.then(
        () => undefined,
        (e: unknown) => {
          throw cancelled ? new Error('demo build cancelled') : e;
        },
      ),
      async cancel() {
        cancelled = true;
        await job.terminate();
      },
    };
  };
}

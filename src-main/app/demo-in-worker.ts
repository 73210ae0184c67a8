import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { DemoProgress } from '../../src-shared/domain/app';
import type { DemoBuild, DemoBuilder } from './demo-build';
import type { DemoWorkerData, DemoWorkerMessage } from './demo-worker-protocol';

/**
 * Builds the demo clinic on a worker thread with its own connection, so the
 * main process stays responsive and progress events keep flowing while
 * tens of thousands of rows are written.
 */
export function demoBuilderInWorker(settings: Omit<DemoWorkerData, 'file' | 'access'>): DemoBuilder {
  return (file, access, onProgress) => runWorker({ ...settings, file, access }, onProgress);
}

function runWorker(data: DemoWorkerData, onProgress: (p: DemoProgress) => void): DemoBuild {
  const worker = startWorker(data);
  let cancelled = false;
  const done = new Promise<void>((resolve, reject) => {
    worker.on('message', (message: DemoWorkerMessage) => {
      if (message.kind === 'progress') onProgress(message.progress);
      else if (message.kind === 'done') resolve();
      else reject(new Error(`demo build failed: ${message.errorName}\n${message.stack ?? ''}`));
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (cancelled) reject(new Error('demo build cancelled'));
      else if (code !== 0) reject(new Error(`demo worker exited with code ${code}`));
    });
  });
  return {
    done,
    async cancel() {
      cancelled = true;
      await worker.terminate();
    },
  };
}

/**
 * Bundled (the app): `demo-worker.js` sits next to the main bundle. From
 * source (web host under tsx, tests): the .ts entry, loaded through tsx.
 */
function startWorker(data: DemoWorkerData): Worker {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return new Worker(join(dirname(here), 'demo-worker.js'), { workerData: data });
  const tsx = createRequire(here).resolve('tsx/cjs');
  const entry = join(dirname(here), 'demo-worker.ts');
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, {
    eval: true,
    workerData: data,
  });
}

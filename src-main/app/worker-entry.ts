import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/**
 * Starts a worker-thread entry that lives beside the calling module: bundled, `<name>.js`
 * next to the main bundle; from source (web host, tests), the `.ts` entry through tsx.
 */
export function startWorkerEntry(callerUrl: string, name: string, workerData: unknown): Worker {
  const here = fileURLToPath(callerUrl);
  if (!here.endsWith('.ts')) return new Worker(join(dirname(here), `${name}.js`), { workerData });
  const tsx = createRequire(here).resolve('tsx/cjs');
  const entry = join(dirname(here), `${name}.ts`);
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, { eval: true, workerData });
}

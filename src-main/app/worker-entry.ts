import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { AppError, type AppErrorShape } from '../../src-shared/domain/errors';

/**
 * Starts a worker-thread entry that lives beside the calling module: bundled, `<name>.js`
 * next to the main bundle; from source (web host, tests), the `.ts` entry through tsx.
 */
function startWorkerEntry(callerUrl: string, name: string, workerData: unknown): Worker {
  const here = fileURLToPath(callerUrl);
  if (!here.endsWith('.ts')) return new Worker(join(dirname(here), `${name}.js`), { workerData });
  const tsx = createRequire(here).resolve('tsx/cjs');
  const entry = join(dirname(here), `${name}.ts`);
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(entry)});`, { eval: true, workerData });
}

/** The messages every worker entry may end with: a typed refusal, or a crash described for the log. */
type Ending = { kind: 'refused'; error: AppErrorShape } | { kind: 'failed'; errorName: string; stack: string | undefined };
type Progress = { kind: 'progress' };

const isEnding = (m: { kind: string }): m is Ending => m.kind === 'refused' || m.kind === 'failed';

function endingError(name: string, m: Ending): Error {
  if (m.kind === 'refused') return new AppError(m.error.code, m.error.message, m.error.details);
  return new Error(`${name} failed: ${m.errorName}\n${m.stack ?? ''}`);
}

export interface WorkerJob<M> {
  /** The worker's one answer; rejects with the AppError it refused with, or an Error when it failed or exited early. */
  done: Promise<Exclude<M, Ending | Progress>>;
  /** Ends the thread at once (a job that holds no write lock, or one nobody waits for any more). */
  terminate(): Promise<number>;
}

/**
 * Runs one job on the worker entry `name` (see startWorkerEntry): `progress` messages go to
 * `onProgress`, the first other message settles `done`.
 */
export function runWorkerJob<M extends { kind: string }>(
  callerUrl: string,
  name: string,
  workerData: unknown,
  onProgress: (m: Extract<M, Progress>) => void = () => {},
): WorkerJob<M> {
  const worker = startWorkerEntry(callerUrl, name, workerData);
  const done = new Promise<Exclude<M, Ending | Progress>>((resolve, reject) => {
    let settled = false;
    worker.on('message', (m: M) => {
      if (m.kind === 'progress') return onProgress(m as Extract<M, Progress>);
      settled = true;
      if (isEnding(m)) reject(endingError(name, m));
      else resolve(m as Exclude<M, Ending | Progress>);
    });
    worker.on('error', reject);
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`${name} exited with code ${code}`));
    });
  });
  return { done, terminate: () => worker.terminate() };
}

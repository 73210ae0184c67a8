import type { DatabaseAccess } from '../core/db/open';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { ImportPhase, ImportSummary } from '../../src-shared/domain/import';
import type { Actor } from '../core/context';
import type { ImportJob } from '../core/import';

/** What the import worker is told, and what it reports back. */
export interface ImportWorkerData {
  dbFile: string;
  /** The SQLite build and key the worker's own connection opens the file with. */
  access: DatabaseAccess;
  job: ImportJob;
  /** Main's clock when the job started: created_at of the imported rows, the audit time. */
  now: number;
  actor: Actor;
  /** Int32 flag set to 1 by main to cancel; read between rows (the worker never yields to its event loop mid-write). */
  cancel: SharedArrayBuffer;
}

export type ImportWorkerMessage =
  | { kind: 'progress'; phase: ImportPhase; done: number; total: number }
  | { kind: 'done'; summary: ImportSummary }
  | { kind: 'cancelled' }
  | { kind: 'refused'; error: AppErrorShape }
  | { kind: 'failed'; errorName: string; stack: string | undefined };

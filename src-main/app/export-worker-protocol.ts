import type { DatabaseAccess } from '../core/db/open';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import type { ReportRow } from '../../src-shared/domain/exports';
import type { ExportJob, ReportJob } from '../core/exports';

/** What the export worker is told, and what it reports back. */
export interface ExportWorkerData {
  dbFile: string;
  /** The SQLite build and key the worker's own connection opens the file with. */
  access: DatabaseAccess;
  job: ExportJob | ReportJob;
  /** Int32 flag set to 1 by main to cancel; read between batches. */
  cancel: SharedArrayBuffer;
}

export type ExportWorkerMessage =
  | { kind: 'progress'; done: number; total: number }
  | { kind: 'exported'; fileName: string; mime: string; rows: number; path: string }
  | { kind: 'reported'; daily: ReportRow[]; weekly: ReportRow[]; totals: ReportRow[]; fileName: string; path: string }
  | { kind: 'cancelled' }
  | { kind: 'refused'; error: AppErrorShape }
  | { kind: 'failed'; errorName: string; stack: string | undefined };

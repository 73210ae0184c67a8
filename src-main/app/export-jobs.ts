import { closeSync, mkdirSync, openSync, readdirSync, readSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../../src-shared/domain/errors';
import { LATE_CANCEL_HOURS, type ExportChunk, type ExportFileDto, type ExportOutcome, type ReportOutcome } from '../../src-shared/domain/exports';
import { EXPORT_CHUNK_BYTES, type RunExportInput, type RunReportInput } from '../../src-shared/schemas/exports';
import { recordExportAudit, recordReportAudit, type ExportScope } from '../core/exports';
import { runExportInWorker, type ExportRun } from './export-in-worker';
import type { AppServices } from './services';

const PROGRESS_EVENT_INTERVAL_MS = 100;

interface Finished {
  file: ExportFileDto;
  path: string;
}

/**
 * Exports and reports for the manager. Each job runs on a worker
 * thread with its own read connection and writes its file into the clinic's
 * `exports` folder (next to the database: the files can hold patient names);
 * the renderer reads the file back in slices and saves it with a Blob
 * download, which works the same in Electron and in a browser on the web
 * host. Files are removed once read (discard), and at the next start.
 */
export class ExportJobs {
  private readonly running = new Map<string, ExportRun>();
  private readonly finished = new Map<string, Finished>();
  private dir: string | null = null;

  constructor(private readonly services: AppServices) {}

  async runExport(input: RunExportInput): Promise<ExportOutcome> {
    const ctx = this.services.core();
    const scope = scopeOf(input);
    const result = await this.start(input.jobId, 'export', {
      kind: 'export',
      jobId: input.jobId,
      format: input.format,
      scope,
      includePatientNames: input.includePatientNames,
      includeBlockouts: input.includeBlockouts,
      dir: this.folder(),
      now: this.services.clock.now(),
    });
    if (result.kind === 'cancelled') {
      this.services.logger.info('export.cancelled', { format: input.format });
      return { status: 'cancelled' };
    }
    if (result.kind !== 'exported') throw new Error('export worker answered a report');
    const file: ExportFileDto = { jobId: input.jobId, fileName: result.fileName, mime: result.mime, rows: result.rows, bytes: statSync(result.path).size };
    this.finished.set(input.jobId, { file, path: result.path });
    recordExportAudit(ctx, { jobId: input.jobId, format: input.format, scope, includePatientNames: input.includePatientNames, includeBlockouts: input.includeBlockouts, rows: file.rows, bytes: file.bytes });
    this.services.logger.info('export.done', { format: input.format, rows: file.rows, bytes: file.bytes });
    return { status: 'done', file };
  }

  async runReport(input: RunReportInput): Promise<ReportOutcome> {
    const ctx = this.services.core();
    const scope = scopeOf(input);
    const result = await this.start(input.jobId, 'report', { kind: 'report', jobId: input.jobId, scope, dir: this.folder() });
    if (result.kind === 'cancelled') return { status: 'cancelled' };
    if (result.kind !== 'reported') throw new Error('export worker answered an export');
    const file: ExportFileDto = { jobId: input.jobId, fileName: result.fileName, mime: 'text/csv', rows: result.daily.length, bytes: statSync(result.path).size };
    this.finished.set(input.jobId, { file, path: result.path });
    recordReportAudit(ctx, { jobId: input.jobId, scope, rows: result.daily.length });
    return {
      status: 'done',
      report: { jobId: input.jobId, fromDate: input.fromDate, toDate: input.toDate, lateCancelHours: LATE_CANCEL_HOURS, daily: result.daily, weekly: result.weekly, totals: result.totals, file },
    };
  }

  cancel(input: { jobId: string }): null {
    this.running.get(input.jobId)?.cancel();
    return null;
  }

  read(input: { jobId: string; offset: number }): ExportChunk {
    const f = this.finished.get(input.jobId);
    if (!f) throw new AppError('NOT_FOUND', 'This export is no longer available. Run it again.');
    const fd = openSync(f.path, 'r');
    try {
      const buf = Buffer.alloc(Math.min(EXPORT_CHUNK_BYTES, Math.max(0, f.file.bytes - input.offset)));
      const n = buf.length > 0 ? readSync(fd, buf, 0, buf.length, input.offset) : 0;
      const next = input.offset + n;
      return { base64: buf.subarray(0, n).toString('base64'), nextOffset: next < f.file.bytes ? next : null };
    } finally {
      closeSync(fd);
    }
  }

  discard(input: { jobId: string }): null {
    this.running.get(input.jobId)?.cancel();
    const f = this.finished.get(input.jobId);
    if (f) rmSync(f.path, { force: true });
    this.finished.delete(input.jobId);
    return null;
  }

  /** Cancels jobs in flight and waits for them (shutdown); removes finished files. */
  async close(): Promise<void> {
    const runs = [...this.running.values()];
    for (const r of runs) r.cancel();
    await Promise.all(runs.map((r) => r.done.catch(() => undefined)));
    for (const id of [...this.finished.keys()]) this.discard({ jobId: id });
  }

  private async start(jobId: string, kind: 'export' | 'report', job: Parameters<typeof runExportInWorker>[0]['job']) {
    if (this.running.has(jobId) || this.finished.has(jobId)) throw new AppError('CONFLICT', 'This export has already been started.');
    let lastEmit = 0;
    const run = runExportInWorker({ dbFile: this.services.core().db.name, access: this.services.workerAccess(), job }, (done, total) => {
      const t = Date.now(); // throttles UI traffic only; no domain time is read here
      if (t - lastEmit < PROGRESS_EVENT_INTERVAL_MS && done < total) return;
      lastEmit = t;
      this.services.events.emit('exports/progress', { jobId, kind, done, total });
    });
    this.running.set(jobId, run);
    try {
      return await run.done;
    } finally {
      this.running.delete(jobId);
    }
  }

  /** The clinic's exports folder, emptied of files left by an earlier run of the app. */
  private folder(): string {
    if (this.dir) return this.dir;
    const dir = join(dirname(this.services.core().db.name), 'exports');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(dir)) rmSync(join(dir, name), { force: true });
    this.dir = dir;
    return dir;
  }
}

function scopeOf(input: RunReportInput): ExportScope {
  return {
    fromDate: input.fromDate,
    toDate: input.toDate,
    ...(input.locationIds && input.locationIds.length > 0 ? { locationIds: input.locationIds } : {}),
    ...(input.providerIds && input.providerIds.length > 0 ? { providerIds: input.providerIds } : {}),
  };
}

const instances = new WeakMap<AppServices, ExportJobs>();

/** The export jobs of one running app (created on first use). */
export function exportJobsFor(services: AppServices): ExportJobs {
  let s = instances.get(services);
  if (!s) {
    s = new ExportJobs(services);
    instances.set(services, s);
  }
  return s;
}

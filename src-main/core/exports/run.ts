import { join } from 'node:path';
import type { ExportFileDto, ExportFormat, ReportRow } from '@shared/domain/exports';
import { getClinicSettings } from '../clinic/settings';
import type { ReadDb } from '../db/open';
import { writeReportCsv } from '../reports/csv';
import { providerReport } from '../reports/report';
import type { JobHooks } from './cancel';
import { writeScheduleCsv } from './csv';
import { writeScheduleIcs } from './ics';
import { writeDaySheetsPdf } from './pdf';
import { countExportRows } from './rows';
import type { ExportScope } from './scope';
import { vtimezone } from './vtimezone';

export interface ExportJob {
  kind: 'export';
  jobId: string;
  format: ExportFormat;
  scope: ExportScope;
  includePatientNames: boolean;
  includeBlockouts: boolean;
  /** Folder the file is written to (the clinic's own exports folder). */
  dir: string;
  /** When the export ran (DTSTAMP); from main's clock. */
  now: number;
}

export interface ReportJob {
  kind: 'report';
  jobId: string;
  scope: ExportScope;
  dir: string;
}

const MIME: Record<ExportFormat, string> = { csv: 'text/csv', ics: 'text/calendar', pdf: 'application/pdf' };
const FILE_PART: Record<ExportFormat, string> = { csv: 'schedule', ics: 'schedule', pdf: 'day-sheets' };

function exportFileName(format: ExportFormat, scope: ExportScope): string {
  const range = scope.fromDate === scope.toDate ? scope.fromDate : `${scope.fromDate}-to-${scope.toDate}`;
  return `frontdesk-${FILE_PART[format]}-${range}.${format}`;
}

/** Writes one export file; returns what the renderer needs to fetch it (bytes filled in by the caller). */
export async function runExportJob(db: ReadDb, job: ExportJob, hooks: JobHooks = {}): Promise<Omit<ExportFileDto, 'bytes'> & { path: string }> {
  const path = join(job.dir, `${job.jobId}.${job.format}`);
  const total = countExportRows(db, job.scope);
  hooks.onProgress?.(0, total);
  let rows: number;
  if (job.format === 'csv') rows = writeScheduleCsv(db, job.scope, job.includePatientNames, path, total, hooks);
  else if (job.format === 'ics') {
    const fromYear = Number(job.scope.fromDate.slice(0, 4));
    const toYear = Number(job.scope.toDate.slice(0, 4));
    rows = writeScheduleIcs(
      db,
      job.scope,
      { includeBlockouts: job.includeBlockouts, now: job.now, vtimezone: (zone) => vtimezone(zone, fromYear - 1, toYear + 1) },
      path,
      total,
      hooks,
    );
  } else {
    const { clinicName, timeFormat, dateOrder } = getClinicSettings(db);
    rows = await writeDaySheetsPdf(db, job.scope, { includePatientNames: job.includePatientNames, clinicName, timeFormat, dateOrder }, path, total, hooks);
  }
  hooks.onProgress?.(total, total);
  return { jobId: job.jobId, fileName: exportFileName(job.format, job.scope), mime: MIME[job.format], rows, path };
}

export interface ReportJobResult {
  daily: ReportRow[];
  weekly: ReportRow[];
  totals: ReportRow[];
  path: string;
  fileName: string;
}

/** Computes the report and writes its CSV next to the exports. */
export function runReportJob(db: ReadDb, job: ReportJob, hooks: JobHooks = {}): ReportJobResult {
  const report = providerReport(db, job.scope, hooks);
  const path = join(job.dir, `${job.jobId}.csv`);
  writeReportCsv(report, path);
  const range = job.scope.fromDate === job.scope.toDate ? job.scope.fromDate : `${job.scope.fromDate}-to-${job.scope.toDate}`;
  return { ...report, path, fileName: `frontdesk-report-${range}.csv` };
}

import { writeFileSync } from 'node:fs';
import { spreadsheetCsv } from '../exports/spreadsheet-csv';
import type { ReportRow } from '@shared/domain/exports';
import type { ProviderReport } from './report';

const HEADER = [
  'granularity',
  'period',
  'provider',
  'open_minutes',
  'booked_minutes',
  'utilization',
  'visits',
  'no_shows',
  'no_show_rate',
  'cancellations',
  'late_cancels',
  'late_cancel_rate',
  'new_patients',
];

const cell = (x: number | null): string => (x === null ? '' : String(x));

function record(granularity: string, r: ReportRow): string[] {
  return [
    granularity,
    r.period,
    r.providerName,
    String(r.openMin),
    String(r.bookedMin),
    cell(r.utilization),
    String(r.visits),
    String(r.noShows),
    cell(r.noShowRate),
    String(r.cancellations),
    String(r.lateCancels),
    cell(r.lateCancelRate),
    String(r.newPatients),
  ];
}

/** The report's tables in one CSV (a `granularity` column: day, week, total); rates as fractions 0–1. */
export function writeReportCsv(report: ProviderReport, file: string): void {
  const rows = [
    HEADER,
    ...report.daily.map((r) => record('day', r)),
    ...report.weekly.map((r) => record('week', r)),
    ...report.totals.map((r) => record('total', r)),
  ];
  writeFileSync(file, '\uFEFF' + spreadsheetCsv(rows), { mode: 0o600 });
}

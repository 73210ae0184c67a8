/**
 * Manager exports and reports: what the renderer gets back. Files
 * are produced on a worker thread in main and read back in slices, so the
 * same flow works over Electron IPC and the browser web host.
 */
export type ExportFormat = 'csv' | 'ics' | 'pdf';

/** A finished file waiting to be read with 'exports/read' (then 'exports/discard'). */
export interface ExportFileDto {
  jobId: string;
  /** A suggested file name, e.g. frontdesk-schedule-2026-03-01-to-2026-03-31.csv. */
  fileName: string;
  mime: string;
  bytes: number;
  /** Appointments written (plus blockouts for iCalendar); for PDF the number of pages. */
  rows: number;
}

export type ExportOutcome = { status: 'done'; file: ExportFileDto } | { status: 'cancelled' };

/** One slice of a finished file, base64 (PDF is binary); nextOffset null at the end. */
export interface ExportChunk {
  base64: string;
  nextOffset: number | null;
}

/** Pushed while an export or report runs; counts only. */
export interface ExportProgress {
  jobId: string;
  kind: 'export' | 'report';
  done: number;
  total: number;
}

/** A visit cancelled less than this many hours before its start counts as a late cancel. */
export const LATE_CANCEL_HOURS = 24;

/** Counts for one provider over one period (a local day or an ISO week starting Monday). */
export interface ReportRow {
  /** Local date (day) or the Monday of the week (week). */
  period: string;
  providerId: string;
  providerName: string;
  /** Minutes the provider was open (opening hours and overrides, from the slot engine's hours). */
  openMin: number;
  /** Minutes of visits that were not cancelled (no-shows included: the time was held). */
  bookedMin: number;
  /** bookedMin / openMin, or null when the provider was not open. */
  utilization: number | null;
  /** Visits that were not cancelled. */
  visits: number;
  noShows: number;
  cancellations: number;
  lateCancels: number;
  /** noShows / visits, or null without visits. */
  noShowRate: number | null;
  /** lateCancels / (visits + cancellations), or null without any. */
  lateCancelRate: number | null;
  /** Patients whose first visit ever (not cancelled) falls in this period with this provider. */
  newPatients: number;
}

export interface ReportDto {
  jobId: string;
  fromDate: string;
  toDate: string;
  lateCancelHours: number;
  daily: ReportRow[];
  weekly: ReportRow[];
  /** Whole range per provider (period = fromDate). */
  totals: ReportRow[];
  /** The CSV of the tables, ready to read with 'exports/read' like an export. */
  file: ExportFileDto;
}

export type ReportOutcome = { status: 'done'; report: ReportDto } | { status: 'cancelled' };

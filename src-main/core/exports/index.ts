/** Manager exports: schedule CSV, iCalendar, PDF day sheets and the export audit. */
export { runExportJob, runReportJob, exportFileName, type ExportJob, type ReportJob, type ReportJobResult } from './run';
export { ExportCancelled, type JobHooks } from './cancel';
export { recordExportAudit, recordReportAudit } from './audit';
export { exportRows, countExportRows, bookingReference, type ExportRow, type RowOptions } from './rows';
export { csvHeader } from './csv';
export type { ExportScope } from './scope';

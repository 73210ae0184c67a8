/** Manager exports: schedule CSV, iCalendar, PDF day sheets and the export audit. */
export { runExportJob, runReportJob, type ExportJob, type ReportJob } from './run';
export { ExportCancelled } from './cancel';
export { recordExportAudit, recordReportAudit } from './audit';
export { exportRows, countExportRows, bookingReference, type RowOptions } from './rows';
export type { ExportScope } from './scope';

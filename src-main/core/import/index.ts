/** Patient import from CSV: preview, mapping, checks, duplicate detection, one-transaction write, error report. */
export { previewCsv } from './preview';
export { runImportJob, type ImportJob } from './run';
export { readReportChunk } from './report';
export { ImportCancelled } from './cancel';
export { readDate } from './dates';
export { suggestMapping, detectDelimiter, guessDateFormat } from './mapping';

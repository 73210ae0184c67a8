import { stringify, type Options } from 'csv-stringify/sync';

/**
 * Every CSV the app writes is opened in a spreadsheet program sooner or
 * later, and a cell starting with `=`, `+`, `-`, `@`, a tab or a carriage
 * return (or their full-width forms) would be run there as a formula — a
 * patient named `=HYPERLINK(…)` or an imported column header could then
 * fetch or alter data. csv-stringify's `escape_formulas` writes such a cell
 * with a leading `'`, which spreadsheets show as text; numbers keep their
 * minus sign.
 */
export function spreadsheetCsv(records: unknown[][], options: Omit<Options, 'escape_formulas'> = {}): string {
  return stringify(records, { ...options, escape_formulas: true });
}

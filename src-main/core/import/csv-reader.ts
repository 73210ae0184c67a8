import { parse, type CsvError, type Parser } from 'csv-parse';

/**
 * The one way an import reads a CSV file, so every pass over it (date tally,
 * check, rows to fix) sees the same records on the same line numbers.
 * Strict quoting leaves csv-parse inside a quote after a bad line, swallowing
 * the lines after it; relaxed, a stray quote stays in the value and the row
 * check reports the line. A line that cannot be read is skipped and handed
 * to `onSkip`.
 */
export function importCsvParser(delimiter: string, onSkip?: (err: CsvError) => void): Parser {
  return parse({
    delimiter,
    bom: true,
    relax_quotes: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    max_record_size: 64 * 1024,
    on_skip: (err: CsvError | undefined) => {
      if (err) onSkip?.(err);
    },
  });
}

export interface CsvRecord {
  record: string[];
  info: { lines: number; bytes: number };
}

import { closeSync, createReadStream, openSync, readSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { AppError } from '@shared/domain/errors';
import type { DateColumnTally, ImportPreview } from '@shared/domain/import';
import { IMPORT_DATE_FORMATS } from '@shared/schemas/import';
import { readDate } from './dates';
import { importCsvParser, type CsvRecord } from './csv-reader';
import { DateTally } from './date-tally';
import { detectDelimiter, suggestMapping } from './mapping';

const PREVIEW_BYTES = 64 * 1024;
const PREVIEW_ROWS = 10;

/** At most this many columns are tallied as dates (a file has one or two). */
const MAX_DATE_COLUMNS = 8;

/**
 * The header and first rows of an uploaded file, read from its first 64 KB
 * (cut at the last complete line), with a mapping guessed from the header,
 * and every row's dates tallied per format (`tallyDates`), so the suggested
 * date format is the one most rows are written in.
 */
export async function previewCsv(file: string, uploadId: string): Promise<ImportPreview> {
  const sample = sampleCsv(file, uploadId);
  const columns = dateLikeColumns(sample.rows, sample.suggested.dateOfBirth ?? null, sample.headers.length);
  const { rowCount, dateColumns } = await tallyDates(file, sample.delimiter, columns);
  const dob = dateColumns.find((c) => c.column === sample.suggested.dateOfBirth);
  const suggested = dob && dob.values > 0 ? { ...sample.suggested, dateFormat: dob.best } : sample.suggested;
  return { ...sample, suggested, rowCount, dateColumns };
}

/** The suggested date-of-birth column and the columns whose first rows hold a date in some format. */
function dateLikeColumns(rows: string[][], dateOfBirth: number | null, width: number): number[] {
  const out = new Set<number>(dateOfBirth === null ? [] : [dateOfBirth]);
  for (let c = 0; c < width && out.size < MAX_DATE_COLUMNS; c++) {
    if (rows.some((r) => IMPORT_DATE_FORMATS.some((f) => readDate((r[c] ?? '').trim(), f).ok))) out.add(c);
  }
  return [...out].sort((a, b) => a - b);
}

/** Streams the whole file once, counting its data rows and how each date column's values read. */
async function tallyDates(file: string, delimiter: string, columns: number[]): Promise<{ rowCount: number; dateColumns: DateColumnTally[] }> {
  const tallies = columns.map(() => new DateTally());
  const parser = importCsvParser(delimiter);
  const input = createReadStream(file);
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  let rowCount = 0;
  let header = true;
  for await (const { record } of parser as AsyncIterable<CsvRecord>) {
    if (header) {
      header = false;
      continue;
    }
    rowCount += 1;
    columns.forEach((c, i) => tallies[i]!.add(record[c] ?? ''));
  }
  return { rowCount, dateColumns: columns.map((c, i) => tallies[i]!.result(c)) };
}

function sampleCsv(file: string, uploadId: string): Omit<ImportPreview, 'rowCount' | 'dateColumns'> {
  const fd = openSync(file, 'r');
  let head: string;
  try {
    const buf = Buffer.alloc(PREVIEW_BYTES);
    const n = readSync(fd, buf, 0, PREVIEW_BYTES, 0);
    head = buf.subarray(0, n).toString('utf8');
  } finally {
    closeSync(fd);
  }
  if (head.length === PREVIEW_BYTES || head.includes('\uFFFD')) {
    const lastNewline = head.lastIndexOf('\n');
    if (lastNewline > 0) head = head.slice(0, lastNewline + 1);
  }
  head = head.replace(/^\uFEFF/, '');
  const firstLine = head.split(/\r?\n/, 1)[0] ?? '';
  if (firstLine.trim() === '') throw new AppError('VALIDATION', 'The file is empty or does not start with a header line.');
  const delimiter = detectDelimiter(firstLine);
  let records: string[][];
  try {
    records = parse(head, {
      delimiter,
      relax_quotes: true,
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      to: PREVIEW_ROWS + 1,
    });
  } catch {
    throw new AppError('VALIDATION', 'This file could not be read as CSV. Export it from the old system as CSV and try again.');
  }
  const [header = [], ...rows] = records;
  const headers = header.map((h) => h.trim());
  return { uploadId, delimiter, headers, rows, suggested: suggestMapping(headers, rows, delimiter) };
}

import { appendFileSync, createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spreadsheetCsv } from '../exports/spreadsheet-csv';
import { AppError } from '@shared/domain/errors';
import type { ImportProblem, ImportReportChunk } from '@shared/domain/import';
import { IMPORT_CHUNK_CHARS } from '@shared/schemas/import';
import { importCsvParser, type CsvRecord } from './csv-reader';

/** Columns added after the file's own, so its columns keep their places and the same mapping reads it again. */
const LINE_COLUMN = 'Line in the original file';
const PROBLEMS_COLUMN = 'Why it was not imported';

const BATCH = 1_000;

/**
 * Writes the rows that were left out, to fix and import again: the file's
 * own header and each left-out row as it was in the file (same separator),
 * followed by its line and its problems. A line that could not be read as
 * CSV at all has no cells to give back; it is listed at the end with its
 * line and problem. Cells are written formula-safe (spreadsheetCsv); the
 * import reads such a cell back without the added apostrophe.
 */
export async function writeRowsToFix(csvFile: string, reportFile: string, delimiter: string, leftOut: readonly ImportProblem[]): Promise<void> {
  const why = new Map<number, string[]>();
  for (const p of leftOut) {
    const list = why.get(p.line) ?? [];
    list.push(p.column === '' ? p.message : `${p.column}: ${p.message}`);
    why.set(p.line, list);
  }
  writeFileSync(reportFile, '', { encoding: 'utf8', mode: 0o600 });
  let batch: unknown[][] = [];
  let width = 0;
  const flush = (): void => {
    if (batch.length > 0) appendFileSync(reportFile, spreadsheetCsv(batch, { delimiter }), 'utf8');
    batch = [];
  };
  const parser = importCsvParser(delimiter);
  const input = createReadStream(csvFile);
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);
  let header = true;
  const lastLine = leftOut.reduce((m, p) => Math.max(m, p.line), 0);
  for await (const { record, info } of parser as AsyncIterable<CsvRecord>) {
    // Past the last row left out: the rest of the file has nothing to give back.
    if (!header && info.lines > lastLine) {
      input.destroy();
      break;
    }
    if (header) {
      header = false;
      width = record.length;
      batch.push([...record, LINE_COLUMN, PROBLEMS_COLUMN]);
      continue;
    }
    const problems = why.get(info.lines);
    if (!problems) continue;
    why.delete(info.lines);
    // Cut or padded to the header's width, so the added columns stay in their place.
    const cells = Array.from({ length: width }, (_, i) => record[i] ?? '');
    batch.push([...cells, info.lines, problems.join('; ')]);
    if (batch.length >= BATCH) flush();
  }
  for (const [line, problems] of [...why].sort((a, b) => a[0] - b[0])) {
    batch.push([...Array.from({ length: width }, () => ''), line, problems.join('; ')]);
  }
  flush();
}

/** One slice of the rows to fix, small enough for one IPC message. */
export function readReportChunk(file: string, offset: number): ImportReportChunk {
  if (!existsSync(file)) throw new AppError('NOT_FOUND', 'There is no list of rows to fix yet. Check the file first.');
  const text = readFileSync(file, 'utf8');
  const end = Math.min(text.length, offset + IMPORT_CHUNK_CHARS);
  return { text: text.slice(offset, end), nextOffset: end < text.length ? end : null };
}

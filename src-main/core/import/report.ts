import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { spreadsheetCsv } from '../exports/spreadsheet-csv';
import { AppError } from '../../../src-shared/domain/errors';
import type { ImportProblem, ImportReportChunk } from '../../../src-shared/domain/import';
import { IMPORT_CHUNK_CHARS } from '../../../src-shared/schemas/import';

/** Writes the error report: one CSV line per problem (line, column, problem) — never the cell's value. */
export function writeReport(file: string, problems: ImportProblem[]): void {
  const text = spreadsheetCsv(
    problems.map((p) => [p.line, p.column, p.kind === 'duplicate' ? 'duplicate' : 'invalid', p.message]),
    { header: true, columns: ['line', 'column', 'kind', 'problem'] },
  );
  writeFileSync(file, text, { encoding: 'utf8', mode: 0o600 });
}

/** One slice of the report, small enough for one IPC message. */
export function readReportChunk(file: string, offset: number): ImportReportChunk {
  if (!existsSync(file)) throw new AppError('NOT_FOUND', 'There is no error report yet. Check the file first.');
  const text = readFileSync(file, 'utf8');
  const end = Math.min(text.length, offset + IMPORT_CHUNK_CHARS);
  return { text: text.slice(offset, end), nextOffset: end < text.length ? end : null };
}

import type { Readable } from 'node:stream';
import { AppError } from '@shared/domain/errors';
import type { ImportProblem } from '@shared/domain/import';
import type { ImportMapping } from '@shared/schemas/import';
import { IMPORT_COLUMN_FIELDS, IMPORT_MAX_COLUMNS } from '@shared/schemas/import';
import { CandidateReader, latestBirthDateAt, type PatientDraft, type RowLinks } from './candidate';
import { duplicateMessage, type DuplicateIndex } from './duplicate-index';
import { ImportCancelled } from './cancel';
import { importCsvParser, type CsvRecord } from './csv-reader';

interface AnalysedRow {
  line: number;
  draft: PatientDraft;
  links: RowLinks;
}

export interface Analysis {
  headers: string[];
  rows: number;
  /** Rows to write under the chosen duplicate policy, in file order. */
  accepted: AnalysedRow[];
  invalid: number;
  duplicatesOfExisting: number;
  duplicatesInFile: number;
  /** Every problem, by line: the error report. */
  problems: ImportProblem[];
}

export interface AnalyseOptions {
  mapping: ImportMapping;
  duplicates: DuplicateIndex;
  /** Rows that look like someone are left out ('skip') or kept ('import'); either way they are reported. */
  policy: 'skip' | 'import';
  now: number;
  /** Bytes read so far; called every few thousand rows. */
  onProgress?(bytes: number): void;
  isCancelled?(): boolean;
}

/** csv-parse's codes for a line it could not read, in words (its own messages quote the line's values). */
const BROKEN_LINE: Record<string, string> = {
  INVALID_OPENING_QUOTE: 'A quote appears inside a value that does not start with one; the line could not be read.',
  CSV_INVALID_CLOSING_QUOTE: 'A quoted value is followed by other text; the line could not be read.',
  CSV_QUOTE_NOT_CLOSED: 'A quoted value is never closed; the rest of the file from here could not be read.',
  CSV_RECORD_INCONSISTENT_FIELDS_LENGTH: 'The line has a different number of columns from the header.',
  CSV_MAX_RECORD_SIZE: 'The line is far too long to be one patient; a quote may be missing.',
};

const PROGRESS_EVERY = 2_000;

/**
 * Streams the CSV once (csv-parse): the header, then each record read into a
 * patient draft, checked against the registered patients and the earlier
 * rows, and sorted into accepted rows and reported problems.
 */
export async function analyseCsv(input: Readable, opts: AnalyseOptions): Promise<Analysis> {
  const out: Analysis = { headers: [], rows: 0, accepted: [], invalid: 0, duplicatesOfExisting: 0, duplicatesInFile: 0, problems: [] };
  const parser = importCsvParser(opts.mapping.delimiter, (err) => {
    out.rows += 1;
    out.invalid += 1;
    const line = typeof (err as { lines?: unknown }).lines === 'number' ? (err as unknown as { lines: number }).lines : 0;
    out.problems.push({ line, column: '', message: BROKEN_LINE[err.code] ?? 'The line could not be read as CSV.', kind: 'invalid' });
  });
  input.on('error', (e) => parser.destroy(e));
  input.pipe(parser);

  let reader: CandidateReader | null = null;
  const latest = latestBirthDateAt(opts.now);
  for await (const item of parser as AsyncIterable<CsvRecord>) {
    const { record, info } = item;
    if (reader === null) {
      out.headers = record.map((h) => h.trim());
      assertColumnsExist(out.headers, opts.mapping);
      reader = new CandidateReader(opts.mapping, out.headers, latest);
      continue;
    }
    out.rows += 1;
    if (out.rows % PROGRESS_EVERY === 0) {
      opts.onProgress?.(info.bytes);
      if (opts.isCancelled?.()) {
        input.destroy();
        throw new ImportCancelled();
      }
    }
    const line = info.lines;
    const c = reader.read(record);
    if (!c.ok) {
      out.invalid += 1;
      for (const p of c.problems) out.problems.push({ line, column: p.column, message: p.message, kind: 'invalid' });
      continue;
    }
    const hit = opts.duplicates.find(c.draft);
    if (hit) {
      if (hit.of === 'existing') out.duplicatesOfExisting += 1;
      else out.duplicatesInFile += 1;
      out.problems.push({ line, column: '', message: duplicateMessage(hit), kind: 'duplicate' });
      if (opts.policy === 'skip') continue;
    }
    opts.duplicates.addFromFile(c.draft, line);
    out.accepted.push({ line, draft: c.draft, links: c.links });
  }
  if (reader === null) throw new AppError('VALIDATION', 'The file is empty: it has no header line and no patients.');
  out.problems.sort((a, b) => a.line - b.line);
  return out;
}

/** A mapping that points past the header's columns is refused before any row is read. */
function assertColumnsExist(headers: string[], mapping: ImportMapping): void {
  if (headers.length > IMPORT_MAX_COLUMNS) {
    throw new AppError('VALIDATION', `The file has ${headers.length} columns; at most ${IMPORT_MAX_COLUMNS} are supported.`);
  }
  const issues = IMPORT_COLUMN_FIELDS
    .filter((f) => {
      const i = mapping[f];
      return i !== null && i >= headers.length;
    })
    .map((f) => ({ path: f, message: 'The file has no such column. Choose one of its columns.' }));
  if (issues.length > 0) throw new AppError('VALIDATION', issues[0]!.message, { issues });
}

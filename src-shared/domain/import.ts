import type { ImportMappingInput } from '../schemas/import';

/** Patient import from CSV (src-main/core/import): what the renderer sees. */

export interface ImportUpload {
  uploadId: string;
}

/** The file's header and first rows, with a mapping guessed from the header names. */
export interface ImportPreview {
  uploadId: string;
  delimiter: string;
  headers: string[];
  /** The first rows after the header, as text. */
  rows: string[][];
  suggested: ImportMappingInput;
}

/** One problem of one line; the report lists them all (line, column, problem; never the value). */
export interface ImportProblem {
  /** Line of the file, counting the header as line 1. */
  line: number;
  column: string;
  message: string;
  kind: 'invalid' | 'duplicate';
}

export type ImportPhase = 'reading' | 'checking' | 'writing' | 'indexing' | 'done';

/** Pushed as `import/progress` while a check or an import runs. */
export interface ImportProgress {
  uploadId: string;
  mode: 'check' | 'import';
  phase: ImportPhase;
  done: number;
  total: number;
}

export interface ImportSummary {
  mode: 'check' | 'import';
  /** Data rows read (header excluded). */
  rows: number;
  /** Rows that would be / were imported. */
  ready: number;
  /** Rows left out for a problem (bad date, missing name, broken line…). */
  invalid: number;
  /** Rows that look like a registered patient. */
  duplicatesOfExisting: number;
  /** Rows that repeat an earlier row of the file. */
  duplicatesInFile: number;
  /** Patients written (0 for a check). */
  imported: number;
  /** The first problems; the full list is in the downloadable report. */
  problems: ImportProblem[];
  /** Lines in the error report (one per problem). */
  reportLines: number;
}

/** A slice of the error report CSV. */
export interface ImportReportChunk {
  text: string;
  /** null when this was the last slice. */
  nextOffset: number | null;
}

/** How a check or an import ended: cancelled means nothing was written. */
export type ImportOutcome = { status: 'done'; summary: ImportSummary } | { status: 'cancelled' };

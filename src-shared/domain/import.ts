import type { ImportDateFormat, ImportMappingInput } from '../schemas/import';

/** Patient import from CSV (src-main/core/import): what the renderer sees. */

export interface ImportUpload {
  uploadId: string;
}

/** How the values of one column read as dates, over every row of the file. */
export interface DateColumnTally {
  column: number;
  /** Rows with a value in this column. */
  values: number;
  /** Per format: how many of those values are a real date written that way. */
  readable: Record<ImportDateFormat, number>;
  /** The format most values read in. */
  best: ImportDateFormat;
}

/** The file's header and first rows, with a mapping guessed from the header names and the whole file's dates. */
export interface ImportPreview {
  uploadId: string;
  delimiter: string;
  headers: string[];
  /** The first rows after the header, as text. */
  rows: string[][];
  /** Data rows in the whole file. */
  rowCount: number;
  /** Columns that hold dates (by their header or their first rows), tallied over every row. */
  dateColumns: DateColumnTally[];
  suggested: ImportMappingInput;
}

/** One problem of one line; the report lists them all (line, column, problem; never the value). */
export interface ImportProblem {
  /** Line of the file, counting the header as line 1. */
  line: number;
  column: string;
  message: string;
  /** invalid and duplicate rows are left out; a warning row is imported without the link it names. */
  kind: 'invalid' | 'duplicate' | 'warning';
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
  /** Rows that import without their responsible person or household (see their warnings). */
  warnings: number;
  /** Patients written (0 for a check). */
  imported: number;
  /** The first problems; the full list is in the downloadable report. */
  problems: ImportProblem[];
  /** Problems found (one per problem; a row can have several). */
  reportLines: number;
  /** Rows left out (not imported), downloadable with their problems to fix and import again. */
  leftOutRows: number;
}

/** A slice of the rows-to-fix CSV. */
export interface ImportReportChunk {
  text: string;
  /** null when this was the last slice. */
  nextOffset: number | null;
}

/** How a check or an import ended: cancelled means nothing was written. */
export type ImportOutcome = { status: 'done'; summary: ImportSummary } | { status: 'cancelled' };

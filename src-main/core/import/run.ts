import { createReadStream, statSync } from 'node:fs';
import type { ImportPhase, ImportProblem, ImportSummary } from '@shared/domain/import';
import type { ImportMapping } from '@shared/schemas/import';
import type { CoreContext } from '../context';
import { analyseCsv } from './analyse';
import { applyImport, patientsWatermark } from './apply';
import { DuplicateIndex } from './duplicate-index';
import { resolveFamilyLinks } from './family-links';
import { writeRowsToFix } from './report';

export interface ImportJob {
  csvFile: string;
  reportFile: string;
  mapping: ImportMapping;
  /** 'check' reads and reports only; 'import' then writes. */
  mode: 'check' | 'import';
  duplicates: 'skip' | 'import';
}

export interface ImportHooks {
  onProgress?(phase: ImportPhase, done: number, total: number): void;
  isCancelled?(): boolean;
}

/** Problems listed in the summary; the report file has them all. */
const SUMMARY_PROBLEMS = 50;

/**
 * A whole check or import of one file: load the duplicate index, stream and
 * check every row, write the error report, and (import) write the accepted
 * rows in one transaction. Runs on the import worker (src-main/app).
 */
export async function runImportJob(ctx: CoreContext, job: ImportJob, hooks: ImportHooks = {}): Promise<ImportSummary> {
  const size = statSync(job.csvFile).size;
  hooks.onProgress?.('reading', 0, size);
  const snapshotRowid = patientsWatermark(ctx);
  const duplicates = new DuplicateIndex();
  duplicates.loadExisting(ctx.db);

  const policy = job.mode === 'check' ? 'skip' : job.duplicates;
  const analysis = await analyseCsv(createReadStream(job.csvFile), {
    mapping: job.mapping,
    duplicates,
    policy,
    now: ctx.clock.now(),
    onProgress: (bytes) => hooks.onProgress?.('checking', bytes, size),
    ...(hooks.isCancelled ? { isCancelled: hooks.isCancelled } : {}),
  });
  hooks.onProgress?.('checking', size, size);

  let imported = 0;
  let problems = analysis.problems;
  let duplicatesOfExisting = analysis.duplicatesOfExisting;
  let warnings: ImportProblem[] = [];
  if (job.mode === 'check') warnings = resolveFamilyLinks(ctx.db, analysis.accepted).warnings;
  else {
    const applied = applyImport(ctx, analysis, {
      policy,
      snapshotRowid,
      onProgress: (phase, done, total) => hooks.onProgress?.(phase, done, total),
      ...(hooks.isCancelled ? { isCancelled: hooks.isCancelled } : {}),
    });
    imported = applied.imported;
    duplicatesOfExisting += applied.lateDuplicates.length;
    problems = [...problems, ...applied.lateDuplicates];
    warnings = applied.warnings;
  }
  problems = [...problems, ...warnings].sort((a, b) => a.line - b.line);
  // Rows left out: every row with a problem, and look-alikes unless they were imported anyway (rows with a warning are imported).
  const leftOut = problems.filter((p) => p.kind === 'invalid' || (p.kind === 'duplicate' && policy === 'skip'));
  await writeRowsToFix(job.csvFile, job.reportFile, job.mapping.delimiter, leftOut);
  hooks.onProgress?.('done', 1, 1);
  const readyCount = job.mode === 'import' ? imported : analysis.accepted.length;
  return {
    mode: job.mode,
    rows: analysis.rows,
    ready: readyCount,
    invalid: analysis.invalid,
    duplicatesOfExisting,
    duplicatesInFile: analysis.duplicatesInFile,
    warnings: new Set(warnings.map((w) => w.line)).size,
    imported,
    problems: problems.slice(0, SUMMARY_PROBLEMS),
    reportLines: problems.length,
    leftOutRows: new Set(leftOut.map((p) => p.line)).size,
  };
}

import { appendFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../../src-shared/domain/errors';
import type { ImportOutcome, ImportPreview, ImportReportChunk, ImportUpload } from '../../src-shared/domain/import';
import type { ImportMapping } from '../../src-shared/schemas/import';
import { recordAudit } from '../core/audit/audit';
import { newId } from '../core/ids';
import { previewCsv, readReportChunk } from '../core/import';
import type { AppServices } from './services';
import { runImportInWorker, type ImportRun } from './import-in-worker';

interface Upload {
  id: string;
  file: string;
  reportFile: string;
  expectedBytes: number;
  nextIndex: number;
}

const PROGRESS_EVENT_INTERVAL_MS = 100;

/**
 * Uploaded import files and the one check or import allowed at a time. Files
 * live next to the database (the clinic's own folder, not a shared temp
 * folder: they hold patient data) and are removed once imported, discarded,
 * or at the next start.
 */
export class ImportService {
  private readonly uploads = new Map<string, Upload>();
  private running: { uploadId: string; run: ImportRun } | null = null;
  private dir: string | null = null;

  constructor(private readonly services: AppServices) {}

  begin(input: { fileName: string; size: number }): ImportUpload {
    const dir = this.folder();
    const id = newId<string>();
    const upload: Upload = {
      id,
      file: join(dir, `${id}.csv`),
      reportFile: join(dir, `${id}.report.csv`),
      expectedBytes: input.size,
      nextIndex: 0,
    };
    writeFileSync(upload.file, '', { mode: 0o600 });
    this.uploads.set(id, upload);
    return { uploadId: id };
  }

  append(input: { uploadId: string; index: number; chunk: string }): null {
    const upload = this.upload(input.uploadId);
    if (input.index !== upload.nextIndex) {
      throw new AppError('CONFLICT', 'Part of the file went missing on the way. Choose the file again.', {
        expected: upload.nextIndex,
      });
    }
    appendFileSync(upload.file, input.chunk, 'utf8');
    upload.nextIndex += 1;
    // Sizes are counted in UTF-8 bytes on both sides; a little slack covers line-ending or BOM differences.
    if (statSync(upload.file).size > upload.expectedBytes * 1.1 + 1024) {
      this.discard({ uploadId: upload.id });
      throw new AppError('VALIDATION', 'The file is larger than announced. Choose the file again.');
    }
    return null;
  }

  preview(input: { uploadId: string }): Promise<ImportPreview> {
    return previewCsv(this.upload(input.uploadId).file, input.uploadId);
  }

  check(input: { uploadId: string; mapping: ImportMapping }): Promise<ImportOutcome> {
    return this.start(input.uploadId, input.mapping, 'check', 'skip');
  }

  async run(input: { uploadId: string; mapping: ImportMapping; duplicates: 'skip' | 'import' }): Promise<ImportOutcome> {
    // A bulk import is backed up first when backups are set up; a backup that fails stops it (nothing imported).
    await this.services.backups.beforeImport();
    const outcome = await this.start(input.uploadId, input.mapping, 'import', input.duplicates);
    // The patients are in; the copy of the file has done its job (the report stays until discarded).
    if (outcome.status === 'done') rmSync(this.upload(input.uploadId).file, { force: true });
    return outcome;
  }

  cancel(input: { uploadId: string }): null {
    if (this.running?.uploadId === input.uploadId) this.running.run.cancel();
    return null;
  }

  /** The rows left out, with their problems; they hold patient data, so their download is audited (once, at its first slice). */
  report(input: { uploadId: string; offset: number }): ImportReportChunk {
    const chunk = readReportChunk(this.upload(input.uploadId).reportFile, input.offset);
    if (input.offset === 0) {
      const ctx = this.services.core();
      recordAudit(ctx.db, ctx.actor, ctx.clock.now(), { action: 'import.rows_to_fix', entityType: 'import', entityId: input.uploadId });
    }
    return chunk;
  }

  discard(input: { uploadId: string }): null {
    const upload = this.uploads.get(input.uploadId);
    if (!upload) return null;
    if (this.running?.uploadId === upload.id) this.running.run.cancel();
    rmSync(upload.file, { force: true });
    rmSync(upload.reportFile, { force: true });
    this.uploads.delete(upload.id);
    return null;
  }

  /** Cancels a job in flight and waits for it (shutdown). */
  async close(): Promise<void> {
    const running = this.running;
    if (!running) return;
    running.run.cancel();
    await running.run.done.catch(() => undefined);
  }

  private async start(uploadId: string, mapping: ImportMapping, mode: 'check' | 'import', duplicates: 'skip' | 'import'): Promise<ImportOutcome> {
    const upload = this.upload(uploadId);
    if (!existsSync(upload.file)) throw new AppError('NOT_FOUND', 'This file has already been imported. Choose a new file.');
    if (this.running) throw new AppError('LOCKED', 'Another import is running. Wait for it to finish or cancel it first.');
    const { db, actor } = this.services.core();
    let lastEmit = 0;
    const run = runImportInWorker(
      {
        dbFile: db.name,
        access: this.services.workerAccess(),
        job: { csvFile: upload.file, reportFile: upload.reportFile, mapping, mode, duplicates },
        now: this.services.clock.now(),
        actor,
      },
      (p) => {
        const t = Date.now(); // throttles UI traffic only; no domain time is read here
        if (t - lastEmit < PROGRESS_EVENT_INTERVAL_MS && p.phase !== 'done') return;
        lastEmit = t;
        this.services.events.emit('import/progress', { uploadId, mode, phase: p.phase, done: p.done, total: p.total });
      },
    );
    this.running = { uploadId, run };
    try {
      const outcome = await run.done;
      if (outcome.status === 'done') {
        const s = outcome.summary;
        this.services.logger.info(mode === 'import' ? 'import.done' : 'import.checked', {
          rows: s.rows,
          imported: s.imported,
          invalid: s.invalid,
          duplicates: s.duplicatesOfExisting + s.duplicatesInFile,
        });
      } else this.services.logger.info('import.cancelled', { phase: mode });
      return outcome;
    } finally {
      this.running = null;
    }
  }

  private upload(id: string): Upload {
    const upload = this.uploads.get(id);
    if (!upload) throw new AppError('NOT_FOUND', 'This import file is no longer available. Choose the file again.');
    return upload;
  }

  /** The clinic's import folder, emptied of files left by an earlier run of the app. */
  private folder(): string {
    if (this.dir) return this.dir;
    const dir = join(dirname(this.services.core().db.name), 'imports');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const name of readdirSync(dir)) rmSync(join(dir, name), { force: true });
    this.dir = dir;
    return dir;
  }
}

const instances = new WeakMap<AppServices, ImportService>();

/** The import service of one running app (created on first use). */
export function importServiceFor(services: AppServices): ImportService {
  let s = instances.get(services);
  if (!s) {
    s = new ImportService(services);
    instances.set(services, s);
  }
  return s;
}

import type { PatientId } from '@shared/domain/ids';
import type { ImportProblem } from '@shared/domain/import';
import { recordAudit } from '../audit/audit';
import type { CoreContext } from '../context';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { EMPTY_RECORD_FIELDS, INSERT_PATIENT, toPatient, type PatientRow } from '../patients/rows';
import { enqueueOutbox } from '../outbox';
import type { Analysis } from './analyse';
import { ImportCancelled } from './cancel';
import { DuplicateIndex, duplicateMessage } from './duplicate-index';
import { guardianFirstOrder, resolveFamilyLinks } from './family-links';
import { withIncrementalSearchFeed } from './search-feed';

export interface ApplyOptions {
  policy: 'skip' | 'import';
  /** Highest patients.rowid when the duplicate index was loaded: later rows are checked again here. */
  snapshotRowid: number;
  onProgress?(phase: 'writing' | 'indexing', done: number, total: number): void;
  isCancelled?(): boolean;
}

export interface ApplyResult {
  imported: number;
  /** Rows that became duplicates of patients registered at a desk while the file was being checked. */
  lateDuplicates: ImportProblem[];
  /** Rows imported without the responsible person or household they name. */
  warnings: ImportProblem[];
}

const CHECK_EVERY = 5_000;

/** Highest rowid of `patients` (0 when empty): the duplicate snapshot's watermark. */
export function patientsWatermark(ctx: Pick<CoreContext, 'db'>): number {
  return ctx.db.prepare<[], number>(`SELECT coalesce(max(rowid), 0) FROM patients`).pluck().get() ?? 0;
}

/**
 * Writes the accepted rows in one IMMEDIATE transaction — all of them or, on
 * any failure or a cancel, none — with what createPatient writes for each
 * (the row, its search entries, an outbox row `patient.create` so it syncs)
 * and one audit row with counts only (no patient data). Rows are re-checked
 * against patients registered since the analysis, inside the write lock.
 */
export function applyImport(ctx: CoreContext, analysis: Analysis, opts: ApplyOptions): ApplyResult {
  const now = ctx.clock.now();
  // Rows and their outbox payloads are built before the write lock is taken: the lock is held for the inserts only.
  const built = analysis.accepted.map((r) => {
    const row: PatientRow = { id: newId<PatientId>(), ...EMPTY_RECORD_FIELDS, ...r.draft, created_at: now, updated_at: now };
    return { line: r.line, draft: r.draft, links: r.links, row, patient: toPatient(row) };
  });
  return inWriteTransaction(ctx.db, (): ApplyResult => {
    const lateDuplicates: ImportProblem[] = [];
    let rows = built;
    if (opts.policy === 'skip' && patientsWatermark(ctx) > opts.snapshotRowid) {
      const late = new DuplicateIndex();
      late.loadExisting(ctx.db, opts.snapshotRowid);
      rows = rows.filter((r) => {
        const hit = late.find(r.draft);
        if (hit) lateDuplicates.push({ line: r.line, column: '', message: duplicateMessage(hit), kind: 'duplicate' });
        return hit === null;
      });
    }

    // Resolved inside the write lock, against the patients as they are now.
    const family = resolveFamilyLinks(ctx.db, rows);
    const households = new Map<number, string>();
    for (const [i, group] of family.households) {
      let id = households.get(group);
      if (id === undefined) households.set(group, (id = newId<string>()));
      rows[i]!.row.household_id = id;
      rows[i]!.patient.householdId = id;
    }
    for (const [i, target] of family.guardians) {
      const id = 'row' in target ? (rows[target.row]!.row.id as PatientId) : target.patient;
      rows[i]!.row.guardian_id = id;
      rows[i]!.patient.guardianId = id;
    }
    const order = guardianFirstOrder(rows.length, family.guardians);

    const insert = ctx.db.prepare(INSERT_PATIENT);
    withIncrementalSearchFeed(ctx.db, () => {
      for (let n = 0; n < order.length; n++) {
        if (n % CHECK_EVERY === 0) {
          if (opts.isCancelled?.()) throw new ImportCancelled();
          opts.onProgress?.('writing', n, rows.length);
        }
        const { row, patient } = rows[order[n]!]!;
        insert.run(row);
        enqueueOutbox(ctx.db, now, { entityType: 'patient', entityId: row.id, operation: 'patient.create', payload: patient });
      }
      opts.onProgress?.('indexing', rows.length, rows.length);
    });
    if (opts.isCancelled?.()) throw new ImportCancelled();

    recordAudit(ctx.db, ctx.actor, now, {
      action: 'patient.import',
      entityType: 'patient',
      entityId: null,
      // Counts only.
      details: {
        rows: analysis.rows,
        imported: rows.length,
        invalid: analysis.invalid,
        duplicatesOfExisting: analysis.duplicatesOfExisting + lateDuplicates.length,
        duplicatesInFile: analysis.duplicatesInFile,
        duplicatePolicy: opts.policy,
        responsiblePersonsLinked: family.guardians.size,
        households: households.size,
        withoutLinks: new Set(family.warnings.map((w) => w.line)).size,
      },
    });
    return { imported: rows.length, lateDuplicates, warnings: family.warnings };
  });
}

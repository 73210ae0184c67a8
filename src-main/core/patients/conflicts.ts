import { AppError } from '@shared/domain/errors';
import type { PatientId } from '@shared/domain/ids';
import type { Patient, PatientConflict } from '@shared/domain/patients';
import { resolvePatientConflictInput, type ResolvePatientConflictInput } from '@shared/schemas/patients';
import { enqueueOutbox } from '../outbox';
import { recordAudit } from '../audit/audit';
import type { CoreContext } from '../context';
import type { ReadDb, WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { parseInput } from '../validation';
import { FIELD_COLUMNS, rowOfPatient, toPatient, valuesOf, type RecordField } from './rows';
import { writePatient } from './write';

/**
 * Two desks changed one patient record at the same time. The hub keeps the
 * change that reached it first and refuses the other as a version conflict,
 * sending back its own copy. When the two changes touched different fields
 * (one desk fixed the phone, the other the e-mail) both are kept without
 * asking: this desk's fields are laid over the hub's copy and sent again.
 * When both changed the same field differently, nothing is overwritten: both
 * versions are kept here, the panel shows them, and someone chooses.
 */

/** What this desk sent, as its outbox row carried it. */
export interface SentPatientChange {
  operation: string;
  payload: { patient: Patient; fields?: RecordField[]; baseVersion?: number; before?: Partial<Patient> } & Record<string, unknown>;
}

/**
 * Handles the hub's version refusal of one of this desk's patient changes
 * (inside the pusher's write transaction). Returns 'rebased' when the change
 * went out again on top of the hub's copy, 'conflict' when it waits for a choice.
 */
export function patientChangeRefused(ctx: CoreContext, sent: SentPatientChange, outboxSeq: number, theirs: Patient): 'rebased' | 'conflict' {
  const now = ctx.clock.now();
  const mine = sent.payload.patient;
  const fields = sent.payload.fields ?? (Object.keys(FIELD_COLUMNS) as RecordField[]);
  const before = sent.payload.before ?? {};
  const clash = fields.filter((f) => !same(theirs[f], mine[f]) && !same(theirs[f], before[f]));
  if (clash.length === 0) {
    resend(ctx.db, now, sent, layered(theirs, mine, fields, now), theirs);
    recordAudit(ctx.db, ctx.actor, now, { action: 'sync.patient_rebased', entityType: 'patient', entityId: mine.id, details: { fields } });
    return 'rebased';
  }
  prepared(
    ctx.db,
    `INSERT INTO patient_conflicts (patient_id, outbox_seq, mine, theirs, detected_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (patient_id) DO UPDATE SET outbox_seq = excluded.outbox_seq, mine = excluded.mine, theirs = excluded.theirs,
       detected_at = excluded.detected_at, resolved_at = NULL, resolution = NULL`,
  ).run(mine.id, outboxSeq, JSON.stringify(sent), JSON.stringify(theirs), now);
  recordAudit(ctx.db, ctx.actor, now, { action: 'sync.conflict', entityType: 'patient', entityId: mine.id, details: { kind: 'version', fields: clash } });
  return 'conflict';
}

/** A newer copy of a record pulled while its conflict waits: it becomes the "other desk's" side, nothing is applied. */
export function refreshConflictTheirs(db: WriteDb, theirs: Patient): boolean {
  return prepared(db, `UPDATE patient_conflicts SET theirs = ? WHERE patient_id = ? AND resolved_at IS NULL`).run(JSON.stringify(theirs), theirs.id).changes > 0;
}

export function openPatientConflict(db: ReadDb, id: PatientId): PatientConflict | null {
  const row = prepared<{ mine: string; theirs: string; detected_at: number }>(
    db,
    `SELECT mine, theirs, detected_at FROM patient_conflicts WHERE patient_id = ? AND resolved_at IS NULL`,
  ).get(id);
  if (!row) return null;
  const mine = (JSON.parse(row.mine) as SentPatientChange).payload.patient;
  const theirs = JSON.parse(row.theirs) as Patient;
  const fields = (Object.keys(FIELD_COLUMNS) as RecordField[]).filter((f) => !same(mine[f], theirs[f]));
  return { patientId: id, fields, mine, theirs, detectedAt: row.detected_at };
}

/**
 * Settles a patient conflict: keep this desk's values (laid over the other
 * desk's record and sent again, so the other desk's other fields survive) or
 * take the other desk's record as it is at the hub.
 */
export function resolvePatientConflict(ctx: CoreContext, input: ResolvePatientConflictInput): Patient {
  const v = parseInput(resolvePatientConflictInput, input);
  const now = ctx.clock.now();
  return inWriteTransaction(ctx.db, (): Patient => {
    const row = prepared<{ mine: string; theirs: string }>(ctx.db, `SELECT mine, theirs FROM patient_conflicts WHERE patient_id = ? AND resolved_at IS NULL`).get(v.patientId);
    if (!row) throw new AppError('NOT_FOUND', 'This conflict has already been settled. The panel shows the record as it is now.');
    const sent = JSON.parse(row.mine) as SentPatientChange;
    const theirs = JSON.parse(row.theirs) as Patient;
    const fields = sent.payload.fields ?? (Object.keys(FIELD_COLUMNS) as RecordField[]);
    let result: Patient;
    if (v.keep === 'mine') {
      result = layered(theirs, sent.payload.patient, fields, now);
      resend(ctx.db, now, sent, result, theirs);
    } else {
      result = theirs;
      writePatient(ctx.db, rowOfPatient(theirs));
    }
    prepared(ctx.db, `UPDATE patient_conflicts SET resolved_at = ?, resolution = ? WHERE patient_id = ?`).run(now, v.keep === 'mine' ? 'kept-mine' : 'kept-theirs', v.patientId);
    recordAudit(ctx.db, ctx.actor, now, { action: 'patient.conflict_resolve', entityType: 'patient', entityId: v.patientId, details: { keep: v.keep } });
    return result;
  });
}

/** The hub's record with this desk's changed fields on top, one version after the hub's. */
function layered(theirs: Patient, mine: Patient, fields: readonly RecordField[], now: number): Patient {
  const out: Record<string, unknown> = { ...theirs };
  for (const f of fields) out[f] = mine[f];
  const p = out as unknown as Patient;
  return toPatient(rowOfPatient({ ...p, version: theirs.version + 1, updatedAt: now, mergedInto: mine.mergedInto }, now));
}

/** Writes the rebased record here and queues it again, based on the hub's version. */
function resend(db: WriteDb, now: number, sent: SentPatientChange, next: Patient, base: Patient): void {
  writePatient(db, rowOfPatient(next, now));
  const fields = sent.payload.fields ?? (Object.keys(FIELD_COLUMNS) as RecordField[]);
  enqueueOutbox(db, now, {
    entityType: 'patient',
    entityId: next.id,
    operation: sent.operation,
    payload: { ...sent.payload, patient: next, baseVersion: base.version, before: valuesOf(base, fields) },
  });
}

function same(a: unknown, b: unknown): boolean {
  return (a ?? null) === (b ?? null);
}

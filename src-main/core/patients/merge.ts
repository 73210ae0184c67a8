import { AppError } from '@shared/domain/errors';
import type { AppointmentId, PatientId } from '@shared/domain/ids';
import { findAppointment } from '../booking/appointment-store';
import { locationZone } from '../booking/location-zone';
import { changedEvent } from '../booking/record';
import type { AppointmentsChangedEvent } from '../events';
import type { Patient, UndoableMerge } from '@shared/domain/patients';
import { mergePatientsInput, undoMergeInput, type MergePatientsInput } from '@shared/schemas/patients';
import { localDateIn } from '@shared/time';
import { enqueueOutbox } from '../outbox';
import { recordAudit } from '../audit/audit';
import { listLocations } from '../clinic/locations';
import type { CoreContext } from '../context';
import type { ReadDb, WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { fieldError, parseInput } from '../validation';
import { assertGuardian } from './guardian';
import { FIELD_COLUMNS, toPatient, type PatientRow, type RecordField } from './rows';
import { changedFields, commitPatientChange, loadLivePatientRow, loadPatientRow, writePatient } from './write';

/**
 * Every column that points at a patient, with the key of its rows. Merging
 * two records moves the rows of each one from the merged record to the kept
 * one (an undo moves exactly those rows back), here and, through the
 * `patient.merge` change, at every other desk. A table that references
 * patients is added here in one line; nothing else about merging changes.
 * (Reminders follow their visits; household links are a field of the record.)
 */
export const PATIENT_REFERENCES: ReadonlyArray<{ table: string; column: string; key: string }> = [
  { table: 'appointments', column: 'patient_id', key: 'id' },
  { table: 'patients', column: 'guardian_id', key: 'id' },
  { table: 'waitlist_entries', column: 'patient_id', key: 'id' },
  { table: 'appointment_series', column: 'patient_id', key: 'id' },
];

/** Row keys moved by a merge, per reference (`table.column`). */
export type MovedRows = Record<string, string[]>;

const refName = (r: { table: string; column: string }): string => `${r.table}.${r.column}`;

/**
 * Points every reference to `fromId` at `toId`, or, with `only`, just the
 * rows listed (an undo). Returns the keys moved per reference.
 */
export function moveReferences(db: WriteDb, fromId: string, toId: string, only?: MovedRows): MovedRows {
  const moved: MovedRows = {};
  for (const ref of PATIENT_REFERENCES) {
    // A record never points at itself: the two merged records' own guardian fields are settled by the merge.
    const keys = prepared<string>(
      db,
      `SELECT ${ref.key} FROM ${ref.table} WHERE ${ref.column} = ?${ref.table === 'patients' ? ` AND ${ref.key} NOT IN (?, ?)` : ''}`,
    )
      .pluck()
      .all(...(ref.table === 'patients' ? [fromId, fromId, toId] : [fromId]));
    const wanted = only ? new Set(only[refName(ref)] ?? []) : null;
    const move = wanted ? keys.filter((k) => wanted.has(k)) : keys;
    const update = prepared(db, `UPDATE ${ref.table} SET ${ref.column} = ? WHERE ${ref.key} = ?`);
    for (const k of move) update.run(toId, k);
    if (move.length > 0) moved[refName(ref)] = move;
  }
  return moved;
}

/** Fields a merge may take from the merged record: everything the record holds, the household included. */
const MERGE_FIELDS = Object.keys(FIELD_COLUMNS) as RecordField[];

export interface MergeResult {
  patient: Patient;
  /** Visits that now belong to the kept record (the grid redraws their cards). */
  appointmentIds: string[];
}

/**
 * Merges two records of one person (managers only, checked at the handler):
 * the kept record takes the chosen fields from the merged one, every row that
 * pointed at the merged record points at the kept one, and the merged record
 * becomes a tombstone search no longer finds. One transaction with its audit
 * row and two outbox rows (the kept record's change, then the tombstone with
 * `patient.merge`, which other desks apply by moving their own rows too).
 */
export function mergePatients(ctx: CoreContext, input: MergePatientsInput): MergeResult {
  const v = parseInput(mergePatientsInput, input);
  const now = ctx.clock.now();
  return inWriteTransaction(ctx.db, (): MergeResult => {
    const keep = loadLivePatientRow(ctx.db, v.keepId);
    const gone = loadLivePatientRow(ctx.db, v.mergeId);
    if (v.keepVersion !== undefined && v.keepVersion !== keep.version) throw changedWhileChoosing();
    if (v.mergeVersion !== undefined && v.mergeVersion !== gone.version) throw changedWhileChoosing();
    if (hasOpenConflict(ctx.db, keep.id) || hasOpenConflict(ctx.db, gone.id)) {
      throw new AppError('CONFLICT', 'One of these records has a change from another desk waiting for a choice. Settle it first, then merge.');
    }

    const merged: PatientRow = { ...keep };
    const out = merged as unknown as Record<string, unknown>;
    const from = gone as unknown as Record<string, unknown>;
    for (const f of MERGE_FIELDS) if (v.takeFromMerged.includes(f as never)) out[FIELD_COLUMNS[f]] = from[FIELD_COLUMNS[f]];
    // The family comes along when the kept record had none.
    if (merged.household_id === null) merged.household_id = gone.household_id;
    // Neither record can end up answering for itself.
    if (merged.guardian_id === gone.id || merged.guardian_id === keep.id) merged.guardian_id = null;
    if (merged.preferred_channel === 'sms' && merged.phone === null) throw fieldError('phone', 'Text-message reminders need a phone number: take the phone from the other record or another reminder channel.');
    if (merged.preferred_channel === 'email' && merged.email === null) throw fieldError('email', 'E-mail reminders need an e-mail address: take the address from the other record or another reminder channel.');

    const moved = moveReferences(ctx.db, gone.id, keep.id);
    if (merged.guardian_id !== null) assertGuardian(ctx.db, keep.id as PatientId, merged.guardian_id as PatientId);

    const tombstone: PatientRow = { ...gone, merged_into: keep.id, merged_at: now, version: gone.version + 1, updated_at: now };
    writePatient(ctx.db, tombstone);
    const fields = changedFields(keep, merged);
    const patient = commitPatientChange(ctx, keep, merged, { action: 'patient.merge_keep', extra: { mergedId: gone.id } });
    enqueueOutbox(ctx.db, now, {
      entityType: 'patient',
      entityId: gone.id,
      operation: 'patient.merge',
      payload: { patient: toPatient(tombstone), baseVersion: gone.version },
    });
    prepared(
      ctx.db,
      `INSERT INTO patient_merges (id, survivor_id, merged_id, survivor_before, merged_before, survivor_after, moved, merged_at, staff_id)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(newId<string>(), keep.id, gone.id, JSON.stringify(keep), JSON.stringify(gone), JSON.stringify(merged), JSON.stringify(moved), now, ctx.actor.staffId ?? null);
    recordAudit(ctx.db, ctx.actor, now, {
      action: 'patient.merge',
      entityType: 'patient',
      entityId: gone.id,
      // Ids and field names only.
      details: { keptId: keep.id, fieldsTaken: fields, moved: countMoved(moved) },
    });
    return { patient, appointmentIds: moved['appointments.patient_id'] ?? [] };
  });
}

interface MergeRow {
  id: string;
  survivor_id: string;
  merged_id: string;
  survivor_before: string;
  merged_before: string;
  survivor_after: string;
  moved: string;
  merged_at: number;
}

/**
 * Undoes a merge made at this desk, until the end of the clinic day it was
 * made on: the merged record comes back as it was, the rows moved go back to
 * it, and the kept record's fields the merge changed return to what they
 * were (unless changed again since). Synced as `patient.unmerge`.
 */
export function undoMerge(ctx: CoreContext, input: { mergedId: PatientId | string }): MergeResult {
  const { mergedId } = parseInput(undoMergeInput, input);
  const now = ctx.clock.now();
  return inWriteTransaction(ctx.db, (): MergeResult => {
    const m = prepared<MergeRow>(
      ctx.db,
      `SELECT id, survivor_id, merged_id, survivor_before, merged_before, survivor_after, moved, merged_at
         FROM patient_merges WHERE merged_id = ? AND undone_at IS NULL ORDER BY merged_at DESC LIMIT 1`,
    ).get(mergedId);
    if (!m) throw new AppError('NOT_FOUND', 'There is no merge of this record to undo at this desk.', { patientId: mergedId });
    if (!undoableAt(ctx.db, m.merged_at, now)) {
      throw new AppError('CONFLICT', 'A merge can be undone only on the day it was made. Ask a manager to correct the record instead.');
    }
    const gone = loadPatientRow(ctx.db, mergedId);
    const keep = loadLivePatientRow(ctx.db, m.survivor_id as PatientId);
    const survivorBefore = JSON.parse(m.survivor_before) as PatientRow;
    const mergedBefore = JSON.parse(m.merged_before) as PatientRow;
    const movedBack = moveReferences(ctx.db, keep.id, gone.id, JSON.parse(m.moved) as MovedRows);

    // Fields the merge set on the kept record go back, unless someone changed them again since.
    const mergeResult = JSON.parse(m.survivor_after) as PatientRow;
    const restored: PatientRow = { ...keep };
    const out = restored as unknown as Record<string, unknown>;
    for (const f of MERGE_FIELDS) {
      const c = FIELD_COLUMNS[f];
      if (mergeResult[c] !== survivorBefore[c] && keep[c] === mergeResult[c]) out[c] = survivorBefore[c];
    }
    const back: PatientRow = { ...mergedBefore, merged_into: null, merged_at: null, version: gone.version + 1, updated_at: now };
    writePatient(ctx.db, back);
    const patient = changedFields(keep, restored).length > 0
      ? commitPatientChange(ctx, keep, restored, { action: 'patient.unmerge_keep', extra: { mergedId } })
      : toPatient(keep);
    enqueueOutbox(ctx.db, now, {
      entityType: 'patient',
      entityId: mergedId,
      operation: 'patient.unmerge',
      payload: { patient: toPatient(back), baseVersion: gone.version, survivorId: keep.id, moved: movedBack },
    });
    prepared(ctx.db, `UPDATE patient_merges SET undone_at = ? WHERE id = ?`).run(now, m.id);
    recordAudit(ctx.db, ctx.actor, now, {
      action: 'patient.unmerge',
      entityType: 'patient',
      entityId: mergedId,
      details: { keptId: keep.id, moved: countMoved(movedBack) },
    });
    return { patient, appointmentIds: movedBack['appointments.patient_id'] ?? [] };
  });
}

/** Merges into this record that can still be undone now. */
export function undoableMerges(db: ReadDb, survivorId: PatientId, now: number): UndoableMerge[] {
  const rows = prepared<{ merged_id: string; merged_at: number; given_name: string; family_name: string }>(
    db,
    `SELECT m.merged_id, m.merged_at, p.given_name, p.family_name
       FROM patient_merges m JOIN patients p ON p.id = m.merged_id
      WHERE m.survivor_id = ? AND m.undone_at IS NULL AND m.merged_at > ?
      ORDER BY m.merged_at DESC`,
  ).all(survivorId, now - 36 * 3_600_000);
  return rows
    .filter((r) => undoableAt(db, r.merged_at, now))
    .map((r) => ({ mergedId: r.merged_id as PatientId, mergedName: `${r.given_name} ${r.family_name}`, mergedAt: r.merged_at }));
}

/** Same clinic day (the clinic's zone: its first location's) as the merge. */
function undoableAt(db: ReadDb, mergedAt: number, now: number): boolean {
  const zone = listLocations(db)[0]?.zone ?? 'UTC';
  return localDateIn(zone, mergedAt) === localDateIn(zone, now);
}

function hasOpenConflict(db: ReadDb, id: string): boolean {
  return prepared<number>(db, `SELECT 1 FROM patient_conflicts WHERE patient_id = ? AND resolved_at IS NULL`).pluck().get(id) === 1;
}

function changedWhileChoosing(): AppError {
  return new AppError('CONFLICT', 'One of the records changed while you were choosing. Look at them again before merging.');
}

function countMoved(moved: MovedRows): Record<string, number> {
  return Object.fromEntries(Object.entries(moved).map(([k, ids]) => [k, ids.length]));
}

/** The grid's change event for the visits of some patients (after a merge or its undo moved them), or null when they have none. */
export function patientVisitsEvent(db: ReadDb, patientIds: readonly string[]): AppointmentsChangedEvent | null {
  const ids = prepared<string>(db, `SELECT id FROM appointments WHERE patient_id = ? ORDER BY start_at DESC LIMIT 500`).pluck();
  const visits = patientIds.flatMap((p) => ids.all(p)).map((id) => findAppointment(db, id as AppointmentId)).filter((a) => a !== undefined && a !== null);
  if (visits.length === 0) return null;
  return { ...changedEvent('appointment.reschedule', visits.map((a) => ({ a, zone: locationZone(db, a.locationId) }))), operation: 'patient.merge' };
}

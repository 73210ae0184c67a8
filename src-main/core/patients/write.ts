import { AppError } from '@shared/domain/errors';
import type { PatientId } from '@shared/domain/ids';
import type { DuplicateCandidate, Patient, PreferredChannel } from '@shared/domain/patients';
import {
  createPatientInput,
  phoneDigitsOf,
  updatePatientInput,
  type CreatePatientInput,
  type UpdatePatientInput,
} from '@shared/schemas/patients';
import { recordAudit } from '../audit/audit';
import type { CoreContext } from '../context';
import { prepared } from '../db/prepared';
import type { ReadDb, WriteDb } from '../db/open';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { enqueueOutbox } from '../outbox';
import { duplicatePatientError, findDuplicateCandidates } from './duplicates';
import { nameKeyOf } from './normalise';
import { EMPTY_RECORD_FIELDS, FIELD_COLUMNS, PATIENT_RECORD_COLUMNS, INSERT_PATIENT, PATIENT_SET, toPatient, valuesOf, type PatientRow, type RecordField } from './rows';
import { assertGuardian } from './guardian';
import { fieldError, parseInput } from '../validation';

/**
 * Registers a patient. A record sharing the date of birth with an existing
 * patient's normalised name or phone fails with DUPLICATE_PATIENT listing the
 * candidates, unless `confirmDuplicate` is set after the desk has seen them.
 * The row, its audit entry and its outbox entry commit together.
 */
export function createPatient(ctx: CoreContext, input: CreatePatientInput): Patient {
  const data = parseInput(createPatientInput, input);
  const now = ctx.clock.now();
  assertBornBy(data.dateOfBirth, now);
  const preferredChannel = data.preferredChannel ?? defaultChannel(data.phone, data.email);
  assertReachable(preferredChannel, data.phone, data.email, 'preferredChannel');

  const row: PatientRow = {
    id: newId<PatientId>(),
    given_name: data.givenName,
    family_name: data.familyName,
    date_of_birth: data.dateOfBirth,
    phone: data.phone,
    phone_digits: data.phone === null ? '' : phoneDigitsOf(data.phone),
    email: data.email,
    preferred_channel: preferredChannel,
    sms_opt_out: data.smsOptOut ? 1 : 0,
    email_opt_out: data.emailOptOut ? 1 : 0,
    notes: data.notes,
    name_key: nameKeyOf(data.givenName, data.familyName),
    ...EMPTY_RECORD_FIELDS,
    address_line1: data.addressLine1,
    address_line2: data.addressLine2,
    city: data.city,
    region: data.region,
    postal_code: data.postalCode,
    alert: data.alert,
    insurance_payer: data.insurancePayer,
    insurance_member_id: data.insuranceMemberId,
    insurance_group: data.insuranceGroup,
    insurance_subscriber: data.insuranceSubscriber,
    guardian_id: data.guardianId,
    created_at: now,
    updated_at: now,
  };

  return inWriteTransaction(ctx.db, (): Patient => {
    if (row.guardian_id !== null) assertGuardian(ctx.db, row.id as PatientId, row.guardian_id as PatientId);
    // Inside the write lock, so two desks cannot both register the same person unseen.
    const candidates = findDuplicateCandidates(ctx.db, identityOf(row));
    if (candidates.length > 0 && !data.confirmDuplicate) throw duplicatePatientError(candidates);
    insertPatient(ctx.db, row);
    const patient = toPatient(row);
    recordAudit(ctx.db, ctx.actor, now, {
      action: 'patient.create',
      entityType: 'patient',
      entityId: row.id,
      ...duplicateOverrideDetails(candidates),
    });
    enqueueOutbox(ctx.db, now, { entityType: 'patient', entityId: row.id, operation: 'patient.create', payload: patient });
    return patient;
  });
}

/** Fields whose change can make the record look like someone else's. */
const IDENTITY_FIELDS: readonly RecordField[] = ['givenName', 'familyName', 'dateOfBirth', 'phone'];

/**
 * Changes the fields present in the input. Duplicate detection runs only when
 * name, birth date or phone change, so a record confirmed as a look-alike
 * once can still have its notes edited. Nothing changed → nothing written.
 * With `expectedVersion`, a record changed since the form was opened (here or
 * pulled from another desk) is a CONFLICT: the receptionist sees the new
 * values before saving over them.
 */
export function updatePatient(ctx: CoreContext, input: UpdatePatientInput): Patient {
  const data = parseInput(updatePatientInput, input);
  const now = ctx.clock.now();

  return inWriteTransaction(ctx.db, (): Patient => {
    const current = loadLivePatientRow(ctx.db, data.id);
    if (data.expectedVersion !== undefined && data.expectedVersion !== current.version) throw changedMeanwhile(current);
    assertNoOpenConflict(ctx.db, data.id);
    const next: PatientRow = { ...current };
    const set = next as unknown as Record<string, unknown>;
    for (const field of Object.keys(FIELD_COLUMNS) as RecordField[]) {
      if (field === 'householdId') continue;
      const value = (data as Partial<Record<RecordField, unknown>>)[field];
      if (value === undefined) continue;
      set[FIELD_COLUMNS[field]] = typeof value === 'boolean' ? (value ? 1 : 0) : value;
    }
    const changed = changedFields(current, next);
    if (changed.length === 0) return toPatient(current);

    if (changed.includes('dateOfBirth')) assertBornBy(next.date_of_birth, now);
    // Blame the field the receptionist changed: the channel, or the phone / e-mail it needs.
    const channelField =
      data.preferredChannel !== undefined ? 'preferredChannel' : next.preferred_channel === 'email' ? 'email' : 'phone';
    assertReachable(next.preferred_channel, next.phone, next.email, channelField);
    if (changed.includes('guardianId') && next.guardian_id !== null) assertGuardian(ctx.db, data.id, next.guardian_id as PatientId);

    let candidates: DuplicateCandidate[] = [];
    if (changed.some((f) => IDENTITY_FIELDS.includes(f))) {
      candidates = findDuplicateCandidates(ctx.db, identityOf(withKeys(next)), data.id);
      if (candidates.length > 0 && !data.confirmDuplicate) throw duplicatePatientError(candidates);
    }
    return commitPatientChange(ctx, current, next, { action: 'patient.update', extra: duplicateOverrideDetails(candidates).details });
  });
}

/** The record fields that differ between two versions of a row. */
export function changedFields(before: PatientRow, after: PatientRow): RecordField[] {
  return (Object.keys(FIELD_COLUMNS) as RecordField[]).filter((f) => before[FIELD_COLUMNS[f]] !== after[FIELD_COLUMNS[f]]);
}

/**
 * Writes a changed record with its version counted up, its audit row (field
 * names only: the values are PHI) and its outbox row in the caller's
 * transaction. The outbox row carries the version it was based on, so the hub
 * refuses it as a conflict if another desk changed the record first.
 */
export function commitPatientChange(
  ctx: CoreContext,
  current: PatientRow,
  nextRow: PatientRow,
  opts: { action: string; extra?: Record<string, unknown> | undefined; operation?: string; payloadExtra?: Record<string, unknown> },
): Patient {
  const now = ctx.clock.now();
  const fields = changedFields(current, nextRow);
  const next = withKeys({ ...nextRow, version: current.version + 1, updated_at: now });
  writePatient(ctx.db, next);
  const patient = toPatient(next);
  recordAudit(ctx.db, ctx.actor, now, {
    action: opts.action,
    entityType: 'patient',
    entityId: next.id,
    details: { fields, ...opts.extra },
  });
  enqueueOutbox(ctx.db, now, {
    entityType: 'patient',
    entityId: next.id,
    operation: opts.operation ?? 'patient.update',
    // What the changed fields were before: a concurrent change of other fields at another desk is then no conflict.
    payload: { patient, fields, before: valuesOf(toPatient(current), fields), baseVersion: current.version, ...opts.payloadExtra },
  });
  return patient;
}

/** The derived search and duplicate keys, from the fields they come from. */
function withKeys(r: PatientRow): PatientRow {
  return { ...r, phone_digits: r.phone === null ? '' : phoneDigitsOf(r.phone), name_key: nameKeyOf(r.given_name, r.family_name) };
}

export function loadPatientRow(db: ReadDb, id: PatientId): PatientRow {
  const row = prepared<PatientRow>(db, `SELECT ${PATIENT_RECORD_COLUMNS} FROM patients WHERE id = ?`).get(id);
  if (!row) {
    throw new AppError('NOT_FOUND', 'We could not find that patient. Search again — the record may have been merged.', {
      patientId: id,
    });
  }
  return row;
}

/** A record that is not a tombstone: a merged record cannot be changed, only its merge undone. */
export function loadLivePatientRow(db: ReadDb, id: PatientId): PatientRow {
  const row = loadPatientRow(db, id);
  if (row.merged_into !== null) {
    throw new AppError('NOT_FOUND', 'This record was merged into another one. Search for the patient again to open the kept record.', {
      patientId: id,
      mergedInto: row.merged_into,
    });
  }
  return row;
}

function changedMeanwhile(current: PatientRow): AppError {
  return new AppError(
    'CONFLICT',
    'Someone changed this record while you were editing it. Check the values now shown and make your change again.',
    { patientId: current.id, version: current.version },
  );
}

/** While another desk's concurrent edit waits for a choice, a new edit would only bury it. */
function assertNoOpenConflict(db: ReadDb, id: PatientId): void {
  const open = prepared<number>(db, `SELECT 1 FROM patient_conflicts WHERE patient_id = ? AND resolved_at IS NULL`).pluck().get(id);
  if (open === 1) {
    throw new AppError('CONFLICT', 'Another desk changed this record at the same time as this desk. Choose which version to keep first.', {
      patientId: id,
    });
  }
}

export function insertPatient(db: WriteDb, r: PatientRow): void {
  prepared(db, INSERT_PATIENT).run(r);
}

export function writePatient(db: WriteDb, r: PatientRow): void {
  prepared(db, `UPDATE patients SET ${PATIENT_SET} WHERE id = @id`).run(r);
}

function identityOf(r: PatientRow) {
  return { nameKey: r.name_key, phoneDigits: r.phone_digits, dateOfBirth: r.date_of_birth };
}

/** Audit details of a save the desk confirmed despite look-alikes: their ids, for a later merge. */
function duplicateOverrideDetails(candidates: DuplicateCandidate[]): { details?: Record<string, unknown> } {
  return candidates.length === 0 ? {} : { details: { confirmedDuplicateOf: candidates.map((c) => c.id) } };
}

function defaultChannel(phone: string | null, email: string | null): PreferredChannel {
  return phone !== null ? 'sms' : email !== null ? 'email' : 'none';
}

function assertReachable(channel: PreferredChannel, phone: string | null, email: string | null, field: string): void {
  if (channel === 'sms' && phone === null) {
    throw fieldError(field, 'Text-message reminders need a phone number: add one or choose another reminder channel.');
  }
  if (channel === 'email' && email === null) {
    throw fieldError(field, 'E-mail reminders need an e-mail address: add one or choose another reminder channel.');
  }
}

/**
 * A birth date may not be after today. "Today" is taken where it is latest
 * (UTC+14), so no clinic anywhere rejects a baby born today.
 */
function assertBornBy(dateOfBirth: string, now: number): void {
  const latestToday = new Date(now + 14 * 3_600_000).toISOString().slice(0, 10);
  if (dateOfBirth > latestToday) throw fieldError('dateOfBirth', 'The date of birth cannot be in the future.');
}


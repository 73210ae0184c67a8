import { AppError } from '../../../src-shared/domain/errors';
import type { PatientId } from '../../../src-shared/domain/ids';
import type { DuplicateCandidate, Patient, PreferredChannel } from '../../../src-shared/domain/patients';
import {
  createPatientInput,
  phoneDigitsOf,
  updatePatientInput,
  type CreatePatientInput,
  type UpdatePatientInput,
} from '../../../src-shared/schemas/patients';
import { recordAudit } from '../audit/audit';
import type { CoreContext } from '../context';
import { prepared } from '../db/prepared';
import type { ReadDb, WriteDb } from '../db/open';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { enqueueOutbox } from '../outbox';
import { duplicatePatientError, findDuplicateCandidates } from './duplicates';
import { nameKeyOf } from './normalise';
import { INSERT_PATIENT, PATIENT_COLUMNS, toPatient, type PatientRow } from './rows';
import { parseInput } from '../validation';
import { fieldError } from './field-error';

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
    created_at: now,
    updated_at: now,
  };

  return inWriteTransaction(ctx.db, (): Patient => {
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

/** Field of the update input → column it changes. */
const UPDATABLE = {
  givenName: 'given_name',
  familyName: 'family_name',
  dateOfBirth: 'date_of_birth',
  phone: 'phone',
  email: 'email',
  preferredChannel: 'preferred_channel',
  smsOptOut: 'sms_opt_out',
  emailOptOut: 'email_opt_out',
  notes: 'notes',
} as const satisfies Record<string, keyof PatientRow>;
type UpdatableField = keyof typeof UPDATABLE;

/** Fields whose change can make the record look like someone else's. */
const IDENTITY_FIELDS: readonly UpdatableField[] = ['givenName', 'familyName', 'dateOfBirth', 'phone'];

/**
 * Changes the fields present in the input. Duplicate detection runs only when
 * name, birth date or phone change, so a record confirmed as a look-alike
 * once can still have its notes edited. Nothing changed → nothing written.
 */
export function updatePatient(ctx: CoreContext, input: UpdatePatientInput): Patient {
  const data = parseInput(updatePatientInput, input);
  const now = ctx.clock.now();

  return inWriteTransaction(ctx.db, (): Patient => {
    const current = loadPatientRow(ctx.db, data.id);
    const next: PatientRow = { ...current };
    if (data.givenName !== undefined) next.given_name = data.givenName;
    if (data.familyName !== undefined) next.family_name = data.familyName;
    if (data.dateOfBirth !== undefined) next.date_of_birth = data.dateOfBirth;
    if (data.phone !== undefined) next.phone = data.phone;
    if (data.email !== undefined) next.email = data.email;
    if (data.preferredChannel !== undefined) next.preferred_channel = data.preferredChannel;
    if (data.smsOptOut !== undefined) next.sms_opt_out = data.smsOptOut ? 1 : 0;
    if (data.emailOptOut !== undefined) next.email_opt_out = data.emailOptOut ? 1 : 0;
    if (data.notes !== undefined) next.notes = data.notes;
    next.phone_digits = next.phone === null ? '' : phoneDigitsOf(next.phone);
    next.name_key = nameKeyOf(next.given_name, next.family_name);

    const changed = (Object.keys(UPDATABLE) as UpdatableField[]).filter((f) => next[UPDATABLE[f]] !== current[UPDATABLE[f]]);
    if (changed.length === 0) return toPatient(current);

    if (changed.includes('dateOfBirth')) assertBornBy(next.date_of_birth, now);
    // Blame the field the receptionist changed: the channel, or the phone / e-mail it needs.
    const channelField =
      data.preferredChannel !== undefined ? 'preferredChannel' : next.preferred_channel === 'email' ? 'email' : 'phone';
    assertReachable(next.preferred_channel, next.phone, next.email, channelField);

    let candidates: DuplicateCandidate[] = [];
    if (changed.some((f) => IDENTITY_FIELDS.includes(f))) {
      candidates = findDuplicateCandidates(ctx.db, identityOf(next), data.id);
      if (candidates.length > 0 && !data.confirmDuplicate) throw duplicatePatientError(candidates);
    }

    next.updated_at = now;
    writePatient(ctx.db, next);
    const patient = toPatient(next);
    recordAudit(ctx.db, ctx.actor, now, {
      action: 'patient.update',
      entityType: 'patient',
      entityId: next.id,
      // Field names only: the values are PHI.
      details: { fields: changed, ...duplicateOverrideDetails(candidates).details },
    });
    enqueueOutbox(ctx.db, now, {
      entityType: 'patient',
      entityId: next.id,
      operation: 'patient.update',
      payload: { patient, fields: changed },
    });
    return patient;
  });
}

export function loadPatientRow(db: ReadDb, id: PatientId): PatientRow {
  const row = prepared<PatientRow>(db, `SELECT ${PATIENT_COLUMNS} FROM patients WHERE id = ?`).get(id);
  if (!row) {
    throw new AppError('NOT_FOUND', 'We could not find that patient. Search again — the record may have been merged.', {
      patientId: id,
    });
  }
  return row;
}

export function insertPatient(db: WriteDb, r: PatientRow): void {
  prepared(db, INSERT_PATIENT).run(r);
}

export function writePatient(db: WriteDb, r: PatientRow): void {
  prepared(
    db,
    `UPDATE patients
        SET given_name = @given_name, family_name = @family_name, date_of_birth = @date_of_birth,
            phone = @phone, phone_digits = @phone_digits, email = @email,
            preferred_channel = @preferred_channel, sms_opt_out = @sms_opt_out, email_opt_out = @email_opt_out,
            notes = @notes, name_key = @name_key, updated_at = @updated_at
      WHERE id = @id`,
  ).run(r);
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


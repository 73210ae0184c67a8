import type { PatientId } from '@shared/domain/ids';
import type { Patient, RelatedPatient } from '@shared/domain/patients';
import { linkFamilyInput, unlinkFamilyInput, type LinkFamilyInput } from '@shared/schemas/patients';
import type { CoreContext } from '../context';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { fieldError, parseInput } from '../validation';
import { PATIENT_RECORD_COLUMNS, toPatient, type PatientRow } from './rows';
import { commitPatientChange, loadLivePatientRow } from './write';

/** A household larger than this is a mistake (two families joined by accident), not a family. */
export const MAX_HOUSEHOLD = 30;

/**
 * Households: patients sharing a `household_id` are one family, listed
 * together on each one's panel. Linking two patients puts them in one
 * household (joining two households into one when both had theirs); each
 * record that changes is a patient change like any other (version, audit,
 * outbox), so other desks see the same family.
 */
export function linkFamily(ctx: CoreContext, input: LinkFamilyInput): Patient {
  const { patientId, memberId } = parseInput(linkFamilyInput, input);
  return inWriteTransaction(ctx.db, (): Patient => {
    const patient = loadLivePatientRow(ctx.db, patientId);
    const member = liveMember(ctx.db, memberId);
    if (patient.household_id !== null && patient.household_id === member.household_id) return toPatient(patient);
    const household = patient.household_id ?? member.household_id ?? newId<string>();
    const joining = [patient, ...(member.household_id !== null && member.household_id !== household ? householdRows(ctx.db, member.household_id) : [member])];
    const size = householdRows(ctx.db, household).length + joining.filter((r) => r.household_id !== household).length;
    if (size > MAX_HOUSEHOLD) throw fieldError('memberId', `A household holds at most ${MAX_HOUSEHOLD} people. Check that these are one family.`);
    let result = toPatient(patient);
    for (const row of joining) {
      if (row.household_id === household) continue;
      const saved = commitPatientChange(ctx, row, { ...row, household_id: household }, { action: 'patient.family_link', extra: { householdId: household } });
      if (row.id === patientId) result = saved;
    }
    return result;
  });
}

/** Takes the patient out of their household; a household left with one person is dissolved. */
export function unlinkFamily(ctx: CoreContext, input: { patientId: PatientId | string }): Patient {
  const { patientId } = parseInput(unlinkFamilyInput, input);
  return inWriteTransaction(ctx.db, (): Patient => {
    const patient = loadLivePatientRow(ctx.db, patientId);
    if (patient.household_id === null) return toPatient(patient);
    const others = householdRows(ctx.db, patient.household_id).filter((r) => r.id !== patientId);
    const saved = commitPatientChange(ctx, patient, { ...patient, household_id: null }, { action: 'patient.family_unlink' });
    if (others.length === 1) commitPatientChange(ctx, others[0]!, { ...others[0]!, household_id: null }, { action: 'patient.family_unlink' });
    return saved;
  });
}

function liveMember(db: ReadDb, id: PatientId): PatientRow {
  try {
    return loadLivePatientRow(db, id);
  } catch {
    throw fieldError('memberId', 'Choose a registered patient as the family member.');
  }
}

function householdRows(db: ReadDb, household: string): PatientRow[] {
  return prepared<PatientRow>(
    db,
    `SELECT ${PATIENT_RECORD_COLUMNS} FROM patients WHERE household_id = ? AND merged_into IS NULL ORDER BY id LIMIT ${MAX_HOUSEHOLD + 1}`,
  ).all(household);
}

/**
 * The people shown with a patient: their household, their responsible person
 * and those they answer for, each once, oldest first; the patient left out.
 */
export function relatedPatients(db: ReadDb, p: Pick<Patient, 'id' | 'householdId' | 'guardianId'>): RelatedPatient[] {
  const rows = prepared<{ id: string; given_name: string; family_name: string; date_of_birth: string; phone: string | null; guardian_id: string | null }>(
    db,
    `SELECT id, given_name, family_name, date_of_birth, phone, guardian_id FROM patients
      WHERE merged_into IS NULL AND id <> @id
        AND ((@household IS NOT NULL AND household_id = @household) OR id = @guardian OR guardian_id = @id)
      ORDER BY date_of_birth, family_name, given_name, id
      LIMIT ${MAX_HOUSEHOLD * 2}`,
  ).all({ id: p.id, household: p.householdId, guardian: p.guardianId });
  return rows.map((r) => ({
    id: r.id as PatientId,
    givenName: r.given_name,
    familyName: r.family_name,
    dateOfBirth: r.date_of_birth,
    phone: r.phone,
    isGuardian: r.id === p.guardianId,
    isDependant: r.guardian_id === p.id,
  }));
}

/** The ids of the patient's household, the patient included ([] without one). */
export function householdOf(db: ReadDb, patientId: PatientId | string): string[] {
  return prepared<string>(
    db,
    `SELECT h.id FROM patients p JOIN patients h ON h.household_id = p.household_id AND h.merged_into IS NULL WHERE p.id = ? LIMIT ${MAX_HOUSEHOLD + 1}`,
  )
    .pluck()
    .all(patientId);
}

import { AppError } from '@shared/domain/errors';
import type { PatientId } from '@shared/domain/ids';
import type {
  DuplicateCandidate,
  DuplicatePatientDetails,
  DuplicateReason,
} from '@shared/domain/patients';
import { prepared } from '../db/prepared';
import type { ReadDb } from '../db/open';

/** What identifies a person for duplicate checks. */
export interface Identity {
  nameKey: string;
  phoneDigits: string;
  dateOfBirth: string;
}

interface CandidateRow {
  id: string;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  same_name: number;
  same_phone: number;
}

const MAX_CANDIDATES = 20;

/**
 * Existing patients who share the date of birth and either the normalised
 * name or the phone digits. Driven by the birth-date index: a date of birth
 * is shared by a few dozen people even in a million-patient list.
 */
export function findDuplicateCandidates(
  db: ReadDb,
  who: Identity,
  excludeId: PatientId | null = null,
): DuplicateCandidate[] {
  const rows = prepared<CandidateRow>(
    db,
    `SELECT id, given_name, family_name, date_of_birth,
            name_key = @nameKey AS same_name,
            (@phoneDigits <> '' AND phone_digits = @phoneDigits) AS same_phone
       FROM patients INDEXED BY patients_dob
      WHERE date_of_birth = @dateOfBirth
        AND (name_key = @nameKey OR (@phoneDigits <> '' AND phone_digits = @phoneDigits))
        AND id IS NOT @excludeId
        AND merged_into IS NULL
      ORDER BY family_name, given_name, id
      LIMIT ${MAX_CANDIDATES}`,
  ).all({ ...who, excludeId });
  return rows.map((r) => {
    const reasons: DuplicateReason[] = [];
    if (r.same_name) reasons.push('name_and_birth_date');
    if (r.same_phone) reasons.push('phone_and_birth_date');
    return {
      id: r.id as PatientId,
      givenName: r.given_name,
      familyName: r.family_name,
      dateOfBirth: r.date_of_birth,
      reasons,
    };
  });
}

export function duplicatePatientError(candidates: DuplicateCandidate[]): AppError {
  const details: DuplicatePatientDetails = { candidates };
  const message =
    candidates.length === 1
      ? 'This looks like a patient who is already registered. Open the existing record, or save anyway if this is a different person.'
      : `This looks like ${candidates.length} patients who are already registered. Open one of them, or save anyway if this is a different person.`;
  return new AppError('DUPLICATE_PATIENT', message, { ...details });
}

import type { PatientId } from '@shared/domain/ids';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { fieldError } from '../validation';

/** Longer chains of responsible persons than this are a data fault, not a family. */
const MAX_CHAIN = 64;

/**
 * Checks that `guardianId` may answer for `patientId`: another person, a
 * registered record that was not merged away, and not someone the patient
 * answers for themself, however indirectly (a cycle would leave nobody
 * responsible). Field errors name `guardianId`.
 */
export function assertGuardian(db: ReadDb, patientId: PatientId, guardianId: PatientId): void {
  if (guardianId === patientId) throw fieldError('guardianId', 'A patient cannot be their own responsible person.');
  const step = prepared<{ guardian_id: string | null; merged_into: string | null }>(
    db,
    `SELECT guardian_id, merged_into FROM patients WHERE id = ?`,
  );
  const first = step.get(guardianId);
  if (!first || first.merged_into !== null) {
    throw fieldError('guardianId', 'Choose a registered patient as the responsible person.');
  }
  const next = (id: string): string | null => (id === guardianId ? first.guardian_id : (step.get(id)?.guardian_id ?? null));
  if (guardiansReach(guardianId, patientId, next)) {
    throw fieldError('guardianId', 'This person already depends on the patient, so they cannot also be the patient’s responsible person.');
  }
}

/**
 * True when `patientId` is among `guardianId`'s responsible persons, however
 * indirectly (`guardianOf` gives each person's responsible person): making
 * `guardianId` answer for `patientId` would then close a circle.
 */
export function guardiansReach(guardianId: string, patientId: string, guardianOf: (id: string) => string | null): boolean {
  let at = guardianOf(guardianId);
  for (let i = 0; at !== null && i < MAX_CHAIN; i++) {
    if (at === patientId) return true;
    at = guardianOf(at);
  }
  return false;
}

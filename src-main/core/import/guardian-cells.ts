import type { ImportMapping } from '@shared/schemas/import';
import { createPatientInput } from '@shared/schemas/patients';
import { nameKeyOf } from '../patients/normalise';
import type { CellProblem } from './candidate';
import { readDate } from './dates';
import { splitFullName } from './values';

/**
 * Who a row names as its responsible person: the identity to look for
 * (birth date and normalised name, as the duplicate rule compares them), or
 * which half of it is missing, so the row imports unlinked with a warning.
 */
export type GuardianReading = { key: string } | { missing: 'name' | 'dateOfBirth' };

/** The identity key a responsible person is matched on: the same for a registered patient and a row. */
export const guardianKey = (dateOfBirth: string, nameKey: string): string => `${dateOfBirth}|${nameKey}`;

const { givenName, familyName } = createPatientInput.shape;

/**
 * Reads the responsible-person columns of one row with the patient's own
 * name rules and the file's date format. A value that breaks a rule is a
 * problem (the row is left out to be fixed); blank columns are no one.
 */
export function readGuardian(
  m: ImportMapping,
  headers: readonly string[],
  cell: (i: number | null) => string,
  problems: CellProblem[],
): GuardianReading | null {
  if (m.guardianDateOfBirth === null) return null;
  const column = (i: number | null): string => (i === null ? '' : (headers[i] ?? ''));
  const full = m.guardianFullName !== null;
  const { given, family } = full
    ? splitFullName(cell(m.guardianFullName), m.fullNameOrder)
    : { given: cell(m.guardianGivenName), family: cell(m.guardianFamilyName) };
  const dob = cell(m.guardianDateOfBirth);
  const hasName = given !== '' || family !== '';
  if (!hasName && dob === '') return null;

  const before = problems.length;
  if (hasName) {
    const g = givenName.safeParse(given);
    if (!g.success) problems.push({ column: column(full ? m.guardianFullName : m.guardianGivenName), message: g.error.issues[0]!.message });
    const f = familyName.safeParse(family);
    if (!f.success) problems.push({ column: column(full ? m.guardianFullName : m.guardianFamilyName), message: f.error.issues[0]!.message });
  }
  let iso = '';
  if (dob !== '') {
    const read = readDate(dob, m.dateFormat);
    if (read.ok) iso = read.iso;
    else problems.push({ column: column(m.guardianDateOfBirth), message: read.message });
  }
  if (problems.length > before) return null;
  if (!hasName) return { missing: 'name' };
  if (iso === '') return { missing: 'dateOfBirth' };
  return { key: guardianKey(iso, nameKeyOf(given.trim(), family.trim())) };
}

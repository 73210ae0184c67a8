import type { PreferredChannel } from '@shared/domain/patients';
import type { ImportMapping } from '@shared/schemas/import';
import { createPatientInput, phoneDigitsOf } from '@shared/schemas/patients';
import { nameKeyOf } from '../patients/normalise';
import type { EMPTY_RECORD_FIELDS, PatientRow } from '../patients/rows';
import { readDate } from './dates';
import { readFlag, splitFullName, withoutFormulaGuard } from './values';

/** A row ready to insert, minus the id and times given when it is written and the fields a new record leaves empty. */
export type PatientDraft = Omit<PatientRow, 'id' | 'created_at' | 'updated_at' | keyof typeof EMPTY_RECORD_FIELDS>;

interface CellProblem {
  column: string;
  message: string;
}

export type Candidate = { ok: true; draft: PatientDraft } | { ok: false; problems: CellProblem[] };

/** Patient fields → the column named in problems when the schema refuses them. */
type SchemaField = 'givenName' | 'familyName' | 'dateOfBirth' | 'phone' | 'email';

/**
 * Turns one CSV record into a patient draft with the same rules as a patient
 * registered at the desk (createPatientInput: names, real birth date from
 * 1900, phone of 7–15 digits, e-mail shape), plus the import's own readings
 * (date format, full-name split, yes/no opt-outs) and "not born in the future".
 * Problems name the column, never the value (it is patient data).
 */
export class CandidateReader {
  private readonly columnFor: Record<SchemaField, string>;

  constructor(
    private readonly mapping: ImportMapping,
    private readonly headers: string[],
    /** Latest date of birth accepted: today where it is latest (UTC+14), as createPatient checks. */
    private readonly latestBirthDate: string,
  ) {
    const name = (i: number | null, fallback: string): string => (i === null ? fallback : (headers[i] ?? fallback));
    const fullName = name(mapping.fullName, 'name');
    this.columnFor = {
      givenName: mapping.nameMode === 'full' ? fullName : name(mapping.givenName, 'given name'),
      familyName: mapping.nameMode === 'full' ? fullName : name(mapping.familyName, 'family name'),
      dateOfBirth: name(mapping.dateOfBirth, 'date of birth'),
      phone: name(mapping.phone, 'phone'),
      email: name(mapping.email, 'email'),
    };
  }

  read(record: string[]): Candidate {
    const m = this.mapping;
    const cell = (i: number | null): string => (i === null ? '' : withoutFormulaGuard((record[i] ?? '').trim()));
    const problems: CellProblem[] = [];
    if (record.length < this.headers.length) {
      problems.push({ column: '', message: `The line has ${record.length} of the ${this.headers.length} columns; it may be cut short.` });
    } else if (record.length > this.headers.length) {
      problems.push({ column: '', message: `The line has ${record.length} columns, the header ${this.headers.length}; a separator may be misplaced.` });
    }

    const mapped = [m.givenName, m.familyName, m.fullName, m.dateOfBirth, m.phone, m.email, m.smsOptOut, m.emailOptOut];
    for (const i of mapped) {
      if (i !== null && (record[i] ?? '').includes('"')) {
        problems.push({ column: this.headers[i] ?? '', message: 'A quote mark is out of place in this value; the line may be damaged.' });
      }
    }

    let givenName: string;
    let familyName: string;
    if (m.nameMode === 'full') ({ given: givenName, family: familyName } = splitFullName(cell(m.fullName), m.fullNameOrder));
    else {
      givenName = cell(m.givenName);
      familyName = cell(m.familyName);
    }

    let dateOfBirth = cell(m.dateOfBirth);
    if (dateOfBirth === '') problems.push({ column: this.columnFor.dateOfBirth, message: 'The date of birth is missing.' });
    else {
      const read = readDate(dateOfBirth, m.dateFormat);
      if (read.ok) dateOfBirth = read.iso;
      else problems.push({ column: this.columnFor.dateOfBirth, message: read.message });
      if (read.ok && read.iso > this.latestBirthDate) {
        problems.push({ column: this.columnFor.dateOfBirth, message: 'The date of birth is in the future.' });
      }
    }

    const flag = (i: number | null, what: string): boolean => {
      const v = readFlag(cell(i));
      if (v === null) problems.push({ column: this.headers[i!] ?? what, message: `Write the ${what} as yes or no.` });
      return v ?? false;
    };
    const smsOptOut = flag(m.smsOptOut, 'text-message opt-out');
    const emailOptOut = flag(m.emailOptOut, 'e-mail opt-out');

    const parsed = createPatientInput.safeParse({
      givenName,
      familyName,
      dateOfBirth,
      phone: cell(m.phone),
      email: cell(m.email),
      smsOptOut,
      emailOptOut,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as SchemaField;
        // A date already reported as unreadable is not reported twice.
        if (field === 'dateOfBirth' && problems.some((p) => p.column === this.columnFor.dateOfBirth)) continue;
        problems.push({ column: this.columnFor[field] ?? String(field), message: issue.message });
      }
    }
    if (problems.length > 0 || !parsed.success) return { ok: false, problems };

    const p = parsed.data;
    const preferred: PreferredChannel = p.phone !== null ? 'sms' : p.email !== null ? 'email' : 'none';
    return {
      ok: true,
      draft: {
        given_name: p.givenName,
        family_name: p.familyName,
        date_of_birth: p.dateOfBirth,
        phone: p.phone,
        phone_digits: p.phone === null ? '' : phoneDigitsOf(p.phone),
        email: p.email,
        preferred_channel: preferred,
        sms_opt_out: p.smsOptOut ? 1 : 0,
        email_opt_out: p.emailOptOut ? 1 : 0,
        notes: '',
        name_key: nameKeyOf(p.givenName, p.familyName),
      },
    };
  }
}

/** "Today" where it is latest, as createPatient's birth-date check counts it. */
export function latestBirthDateAt(now: number): string {
  return new Date(now + 14 * 3_600_000).toISOString().slice(0, 10);
}

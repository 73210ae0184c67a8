import type { PreferredChannel } from '@shared/domain/patients';
import { optionalText } from '@shared/schemas/fields';
import { IMPORT_COLUMN_FIELDS, type ImportMapping } from '@shared/schemas/import';
import { createPatientInput, phoneDigitsOf } from '@shared/schemas/patients';
import { nameKeyOf } from '../patients/normalise';
import type { PatientRow } from '../patients/rows';
import { readDate } from './dates';
import { readGuardian, type GuardianReading } from './guardian-cells';
import { readFlag, splitFullName, subscriberOf, withoutFormulaGuard } from './values';

/**
 * A row ready to insert, minus the id and times given when it is written and
 * the fields a new record leaves empty or the import sets once every row is
 * read (responsible person, household).
 */
export type PatientDraft = Omit<
  PatientRow,
  'id' | 'created_at' | 'updated_at' | 'alert' | 'guardian_id' | 'household_id' | 'version' | 'merged_into' | 'merged_at'
>;

export interface CellProblem {
  column: string;
  message: string;
}

/** What a row says about the family, resolved once the whole file is read. */
export interface RowLinks {
  guardian: GuardianReading | null;
  /** The row's household or guarantor number ('' when none). */
  household: string;
}

export type Candidate = { ok: true; draft: PatientDraft; links: RowLinks } | { ok: false; problems: CellProblem[] };

/** Record fields read straight from a column of the same mapping name. */
const RECORD_FIELDS = ['addressLine1', 'addressLine2', 'city', 'region', 'postalCode', 'insurancePayer', 'insuranceMemberId', 'insuranceGroup'] as const;

/** Patient fields → the column named in problems when the schema refuses them. */
type SchemaField = 'givenName' | 'familyName' | 'dateOfBirth' | 'phone' | 'email' | (typeof RECORD_FIELDS)[number] | 'insuranceSubscriber';

const householdNumber = optionalText('household number', 64);

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
      addressLine1: name(mapping.addressLine1, 'street address'),
      addressLine2: name(mapping.addressLine2, 'second address line'),
      city: name(mapping.city, 'city'),
      region: name(mapping.region, 'state or region'),
      postalCode: name(mapping.postalCode, 'postal code'),
      insurancePayer: name(mapping.insurancePayer, 'insurance payer'),
      insuranceMemberId: name(mapping.insuranceMemberId, 'member ID'),
      insuranceGroup: name(mapping.insuranceGroup, 'group number'),
      insuranceSubscriber: name(mapping.insuranceSubscriber ?? mapping.subscriberRelationship, 'subscriber'),
    };
    this.mapped = IMPORT_COLUMN_FIELDS.map((f) => mapping[f]).filter((i): i is number => i !== null);
  }

  private readonly mapped: number[];

  read(record: string[]): Candidate {
    const m = this.mapping;
    const cell = (i: number | null): string => (i === null ? '' : withoutFormulaGuard((record[i] ?? '').trim()));
    const problems: CellProblem[] = [];
    if (record.length < this.headers.length) {
      problems.push({ column: '', message: `The line has ${record.length} of the ${this.headers.length} columns; it may be cut short.` });
    } else if (record.length > this.headers.length) {
      problems.push({ column: '', message: `The line has ${record.length} columns, the header ${this.headers.length}; a separator may be misplaced.` });
    }

    for (const i of this.mapped) {
      if ((record[i] ?? '').includes('"')) {
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

    // Only the record fields with a value go through their rules; a blank one is the schema's default ('').
    const recordValues: Partial<Record<SchemaField, string>> = {};
    for (const f of RECORD_FIELDS) {
      const v = cell(m[f]);
      if (v !== '') recordValues[f] = v;
    }
    const subscriber = subscriberOf(cell(m.insuranceSubscriber), cell(m.subscriberRelationship));
    if (subscriber !== '') recordValues.insuranceSubscriber = subscriber;

    const parsed = createPatientInput.safeParse({
      givenName,
      familyName,
      dateOfBirth,
      phone: cell(m.phone),
      email: cell(m.email),
      smsOptOut,
      emailOptOut,
      ...recordValues,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = issue.path[0] as SchemaField;
        // A date already reported as unreadable is not reported twice.
        if (field === 'dateOfBirth' && problems.some((p) => p.column === this.columnFor.dateOfBirth)) continue;
        problems.push({ column: this.columnFor[field] ?? String(field), message: issue.message });
      }
    }
    const guardian = readGuardian(m, this.headers, cell, problems);
    const household = cell(m.household);
    if (household !== '') {
      const read = householdNumber.safeParse(household);
      if (!read.success) problems.push({ column: this.headers[m.household!] ?? 'household', message: read.error.issues[0]!.message });
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
        address_line1: p.addressLine1,
        address_line2: p.addressLine2,
        city: p.city,
        region: p.region,
        postal_code: p.postalCode,
        insurance_payer: p.insurancePayer,
        insurance_member_id: p.insuranceMemberId,
        insurance_group: p.insuranceGroup,
        insurance_subscriber: p.insuranceSubscriber,
      },
      links: { guardian, household: household.trim() },
    };
  }
}

/** "Today" where it is latest, as createPatient's birth-date check counts it. */
export function latestBirthDateAt(now: number): string {
  return new Date(now + 14 * 3_600_000).toISOString().slice(0, 10);
}

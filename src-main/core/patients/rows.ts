import type { Patient, PreferredChannel } from '@shared/domain/patients';
import type { PatientId } from '@shared/domain/ids';
import { phoneDigitsOf } from '@shared/schemas/patients';
import { nameKeyOf } from './normalise';

/** A `patients` row as SQLite returns it. */
export interface PatientRow {
  id: string;
  given_name: string;
  family_name: string;
  date_of_birth: string;
  phone: string | null;
  phone_digits: string;
  email: string | null;
  preferred_channel: PreferredChannel;
  sms_opt_out: number;
  email_opt_out: number;
  notes: string;
  name_key: string;
  address_line1: string;
  address_line2: string;
  city: string;
  region: string;
  postal_code: string;
  alert: string;
  insurance_payer: string;
  insurance_member_id: string;
  insurance_group: string;
  insurance_subscriber: string;
  guardian_id: string | null;
  household_id: string | null;
  version: number;
  merged_into: string | null;
  merged_at: number | null;
  created_at: number;
  updated_at: number;
}

/** Record field → column, for the fields that map one to one (no derived keys). */
export const FIELD_COLUMNS = {
  givenName: 'given_name',
  familyName: 'family_name',
  dateOfBirth: 'date_of_birth',
  phone: 'phone',
  email: 'email',
  preferredChannel: 'preferred_channel',
  smsOptOut: 'sms_opt_out',
  emailOptOut: 'email_opt_out',
  notes: 'notes',
  addressLine1: 'address_line1',
  addressLine2: 'address_line2',
  city: 'city',
  region: 'region',
  postalCode: 'postal_code',
  alert: 'alert',
  insurancePayer: 'insurance_payer',
  insuranceMemberId: 'insurance_member_id',
  insuranceGroup: 'insurance_group',
  insuranceSubscriber: 'insurance_subscriber',
  guardianId: 'guardian_id',
  householdId: 'household_id',
} as const satisfies Record<string, keyof PatientRow>;
export type RecordField = keyof typeof FIELD_COLUMNS;

const WRITTEN: readonly (keyof PatientRow)[] = [
  'given_name', 'family_name', 'date_of_birth', 'phone', 'phone_digits', 'email', 'preferred_channel',
  'sms_opt_out', 'email_opt_out', 'notes', 'name_key', 'address_line1', 'address_line2', 'city', 'region',
  'postal_code', 'alert', 'insurance_payer', 'insurance_member_id', 'insurance_group', 'insurance_subscriber',
  'guardian_id', 'household_id', 'version', 'merged_into', 'merged_at', 'created_at', 'updated_at',
];

/** Name, birth date, contact and notes: the columns a record had before address, insurance and family (the rest have defaults). */
export const PATIENT_COLUMNS = `id, given_name, family_name, date_of_birth, phone, phone_digits, email,
  preferred_channel, sms_opt_out, email_opt_out, notes, name_key, created_at, updated_at`;

/** Every column of the record. */
export const PATIENT_RECORD_COLUMNS = ['id', ...WRITTEN].join(', ');
/** `INSERT … VALUES (…)` placeholders for {@link PATIENT_RECORD_COLUMNS}. */
const PATIENT_VALUES = ['id', ...WRITTEN].map((c) => `@${c}`).join(', ');

/** A new record's fields beyond name, birth date, contact and notes, as the table's defaults have them. */
export const EMPTY_RECORD_FIELDS = {
  address_line1: '',
  address_line2: '',
  city: '',
  region: '',
  postal_code: '',
  alert: '',
  insurance_payer: '',
  insurance_member_id: '',
  insurance_group: '',
  insurance_subscriber: '',
  guardian_id: null,
  household_id: null,
  version: 1,
  merged_into: null,
  merged_at: null,
} as const satisfies Partial<PatientRow>;
/** `UPDATE … SET …` for every column but the id and creation time. */
export const PATIENT_SET = WRITTEN.filter((c) => c !== 'created_at')
  .map((c) => `${c} = @${c}`)
  .join(', ');
/** Inserts one whole record; its named parameters are the PatientRow's fields (the column names). */
export const INSERT_PATIENT = `INSERT INTO patients (${PATIENT_RECORD_COLUMNS}) VALUES (${PATIENT_VALUES})`;

export function toPatient(r: PatientRow): Patient {
  return {
    id: r.id as PatientId,
    givenName: r.given_name,
    familyName: r.family_name,
    dateOfBirth: r.date_of_birth,
    phone: r.phone,
    phoneDigits: r.phone_digits,
    email: r.email,
    preferredChannel: r.preferred_channel,
    smsOptOut: r.sms_opt_out === 1,
    emailOptOut: r.email_opt_out === 1,
    notes: r.notes,
    addressLine1: r.address_line1,
    addressLine2: r.address_line2,
    city: r.city,
    region: r.region,
    postalCode: r.postal_code,
    alert: r.alert,
    insurancePayer: r.insurance_payer,
    insuranceMemberId: r.insurance_member_id,
    insuranceGroup: r.insurance_group,
    insuranceSubscriber: r.insurance_subscriber,
    guardianId: r.guardian_id as PatientId | null,
    householdId: r.household_id,
    version: r.version,
    mergedInto: r.merged_into as PatientId | null,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/**
 * The row of a patient record (as it travels through the clinic hub); the search keys are derived again.
 * A record from a desk that predates the full record lacks the newer fields: they read as empty.
 */
export function rowOfPatient(p: Partial<Patient> & Pick<Patient, 'id' | 'givenName' | 'familyName' | 'dateOfBirth' | 'phone' | 'email' | 'preferredChannel' | 'smsOptOut' | 'emailOptOut' | 'notes' | 'createdAt' | 'updatedAt'>, mergedAt: number | null = null): PatientRow {
  return {
    id: p.id,
    given_name: p.givenName,
    family_name: p.familyName,
    date_of_birth: p.dateOfBirth,
    phone: p.phone,
    phone_digits: p.phone === null ? '' : phoneDigitsOf(p.phone),
    email: p.email,
    preferred_channel: p.preferredChannel,
    sms_opt_out: p.smsOptOut ? 1 : 0,
    email_opt_out: p.emailOptOut ? 1 : 0,
    notes: p.notes,
    name_key: nameKeyOf(p.givenName, p.familyName),
    address_line1: p.addressLine1 ?? '',
    address_line2: p.addressLine2 ?? '',
    city: p.city ?? '',
    region: p.region ?? '',
    postal_code: p.postalCode ?? '',
    alert: p.alert ?? '',
    insurance_payer: p.insurancePayer ?? '',
    insurance_member_id: p.insuranceMemberId ?? '',
    insurance_group: p.insuranceGroup ?? '',
    insurance_subscriber: p.insuranceSubscriber ?? '',
    guardian_id: p.guardianId ?? null,
    household_id: p.householdId ?? null,
    version: p.version ?? 1,
    merged_into: p.mergedInto ?? null,
    merged_at: p.mergedInto ? (mergedAt ?? p.updatedAt) : null,
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

/** The values of some fields of a record (what a change was based on). */
export function valuesOf(p: Patient, fields: readonly RecordField[]): Partial<Patient> {
  return Object.fromEntries(fields.map((f) => [f, p[f]])) as Partial<Patient>;
}

import type { Patient, PreferredChannel } from '../../../src-shared/domain/patients';
import type { PatientId } from '../../../src-shared/domain/ids';
import { phoneDigitsOf } from '../../../src-shared/schemas/patients';
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
  created_at: number;
  updated_at: number;
}

export const PATIENT_COLUMNS = `id, given_name, family_name, date_of_birth, phone, phone_digits, email,
  preferred_channel, sms_opt_out, email_opt_out, notes, name_key, created_at, updated_at`;

/** Inserts one patient; its named parameters are the PatientRow's fields (the column names). */
export const INSERT_PATIENT = `INSERT INTO patients (${PATIENT_COLUMNS})
  VALUES (${PATIENT_COLUMNS.split(',').map((c) => `@${c.trim()}`).join(', ')})`;

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
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** The row of a patient record (as it travels through the clinic hub); the search keys are derived again. */
export function rowOfPatient(p: Patient): PatientRow {
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
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

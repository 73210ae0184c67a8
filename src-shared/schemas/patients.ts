import { z } from 'zod';
import type { PatientId } from '../domain/ids';
import { displayName, idOf, optionalText, text } from './fields';

/**
 * Inputs of the patient channels. The renderer validates forms with the same
 * schemas main parses with, so a message appears next to the field before the
 * request is even sent.
 */

/** Earliest birth date accepted: anything before is a typo, not a patient. */
const EARLIEST_BIRTH_DATE = '1900-01-01';
export const MIN_PHONE_DIGITS = 7;
const MAX_PHONE_DIGITS = 15;

/**
 * The digits of a phone number as stored for search and duplicate checks.
 * A North American number written with its country code (+1 212 555 0147,
 * 11 digits starting with 1) keeps its 10 national digits, so it matches the
 * same number written without it.
 */
export function phoneDigitsOf(phone: string): string {
  const digits = phone.replace(/\D+/g, '');
  return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}

const givenName = displayName('given name', 100);
const familyName = displayName('family name', 100);

/** A real calendar date, YYYY-MM-DD, not before 1900. "Not in the future" needs the clock: main checks it. */
export const dateOfBirth = text('date of birth')
  .trim()
  .pipe(z.iso.date('Enter the date of birth as a real date, for example 1984-03-07.'))
  .refine((d) => d >= EARLIEST_BIRTH_DATE, 'That date of birth is too far in the past — check the year.');

/** Optional phone: blank means none; otherwise 7–15 digits with any punctuation. */
const phone = text('phone number', { missing: 'Enter the phone number as text.' })
  .trim()
  .max(40, 'The phone number is too long.')
  .nullable()
  .transform((p) => (p === null || p === '' ? null : p))
  .refine((p) => {
    if (p === null) return true;
    const n = phoneDigitsOf(p).length;
    return n >= MIN_PHONE_DIGITS && n <= MAX_PHONE_DIGITS && /^[\d\s()+.\-/]+$/.test(p);
  }, `Enter a phone number of ${MIN_PHONE_DIGITS} to ${MAX_PHONE_DIGITS} digits, for example (212) 555-0147.`);

/** Optional e-mail: blank means none. */
const email = text('e-mail address', { missing: 'Enter the e-mail address as text.' })
  .trim()
  .max(254, 'The e-mail address is too long.')
  .nullable()
  .transform((e) => (e === null || e === '' ? null : e.toLowerCase()))
  .refine((e) => e === null || z.email().safeParse(e).success, 'Enter an e-mail address like name@example.com.');

const preferredChannel = z.enum(['sms', 'email', 'none'], 'Choose text message, e-mail or no reminders.');

const notes = optionalText('note', 4000, { multiline: true });

/** Saving a record that looks like an existing patient needs this, after the desk has seen the candidates. */
const confirmDuplicate = z.boolean('Confirm with yes or no.').default(false);

export const createPatientInput = z
  .object({
    givenName,
    familyName,
    dateOfBirth,
    phone: phone.optional().transform((p) => p ?? null),
    email: email.optional().transform((e) => e ?? null),
    /** Defaults to text messages with a phone, else e-mail with an address, else none. */
    preferredChannel: preferredChannel.optional(),
    smsOptOut: z.boolean().default(false),
    emailOptOut: z.boolean().default(false),
    notes: notes.default(''),
    confirmDuplicate,
  })
  .strict();

/** Only the fields present change; `null` clears the phone or e-mail. */
export const updatePatientInput = z
  .object({
    id: idOf<PatientId>('patient'),
    givenName: givenName.optional(),
    familyName: familyName.optional(),
    dateOfBirth: dateOfBirth.optional(),
    phone: phone.optional(),
    email: email.optional(),
    preferredChannel: preferredChannel.optional(),
    smsOptOut: z.boolean().optional(),
    emailOptOut: z.boolean().optional(),
    notes: notes.optional(),
    confirmDuplicate,
  })
  .strict();

export const patientIdInput = z.object({ id: idOf<PatientId>('patient') }).strict();

export const searchPatientsInput = z
  .object({
    /** Any part of a name, phone digits, a date of birth (see core/patients/search-query.ts), or a mix. */
    query: text('search', { missing: 'Type a name, phone number or date of birth.' }).max(100, 'The search is too long.'),
    limit: z.number().int().min(1).max(100).default(25),
  })
  .strict();

export const patientPanelInput = z
  .object({
    id: idOf<PatientId>('patient'),
    upcomingLimit: z.number().int().min(1).max(200).default(20),
    pastLimit: z.number().int().min(1).max(200).default(20),
  })
  .strict();

export type CreatePatientInput = z.input<typeof createPatientInput>;
export type UpdatePatientInput = z.input<typeof updatePatientInput>;
export type SearchPatientsInput = z.input<typeof searchPatientsInput>;
export type PatientPanelInput = z.input<typeof patientPanelInput>;

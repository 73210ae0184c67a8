import { z } from 'zod';
import type { PatientId } from '../domain/ids';
import { displayName, expectedVersion, idOf, optionalText, text } from './fields';

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

/** Longest insurance member id accepted: payers' ids are far shorter; a longer one is a paste of something else. */
export const MAX_MEMBER_ID = 30;

/** Address lines; all blank means no address on file. */
const addressLine = (what: string, max = 120) => optionalText(what, max);
const postalCode = optionalText('postal code', 12).refine(
  (s) => s === '' || /^[A-Za-z0-9][A-Za-z0-9 -]*$/.test(s),
  'Enter the postal code with letters, digits, spaces or hyphens only.',
);

/**
 * A short warning the whole desk should see before the visit ("needs wheelchair
 * access"). Cards show only that there is one; the text stays in the panel.
 */
const alert = optionalText('alert', 200);

const memberId = optionalText('member ID', MAX_MEMBER_ID)
  .refine((s) => s === '' || /^[A-Za-z0-9][A-Za-z0-9 -]*$/.test(s), 'Enter the member ID with letters, digits, spaces or hyphens only.');

/** The record's own fields beyond name, birth date and contact: address, alert, insurance. */
const recordFields = {
  addressLine1: addressLine('street address'),
  addressLine2: addressLine('second address line'),
  city: addressLine('city', 80),
  region: addressLine('state or region', 80),
  postalCode,
  alert,
  insurancePayer: optionalText('insurance payer', 100),
  insuranceMemberId: memberId,
  insuranceGroup: optionalText('group number', 30),
  /** The policy holder when it is not the patient (blank: the patient). */
  insuranceSubscriber: optionalText('subscriber', 100),
};

/** Who answers for the patient (a parent for a child): another registered patient, or none. */
const guardianId = idOf<PatientId>('responsible person').nullable();

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
    ...Object.fromEntries(Object.entries(recordFields).map(([k, f]) => [k, f.default('')])) as {
      [K in keyof typeof recordFields]: z.ZodDefault<(typeof recordFields)[K]>;
    },
    guardianId: guardianId.default(null),
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
    ...Object.fromEntries(Object.entries(recordFields).map(([k, f]) => [k, f.optional()])) as {
      [K in keyof typeof recordFields]: z.ZodOptional<(typeof recordFields)[K]>;
    },
    guardianId: guardianId.optional(),
    /** The version the form was opened on: a record changed meanwhile (another desk, another window) is a CONFLICT, not overwritten. */
    expectedVersion,
    confirmDuplicate,
  })
  .strict();

/** Names of the fields `patients/update` can change (for forms and audit rows). */
export const UPDATABLE_PATIENT_FIELDS = [
  'givenName', 'familyName', 'dateOfBirth', 'phone', 'email', 'preferredChannel', 'smsOptOut', 'emailOptOut', 'notes',
  ...(Object.keys(recordFields) as (keyof typeof recordFields)[]),
  'guardianId',
] as const;
export type UpdatablePatientField = (typeof UPDATABLE_PATIENT_FIELDS)[number];

/** Puts two patients in one household (family listed together; book for each other from the panel). */
export const linkFamilyInput = z
  .object({ patientId: idOf<PatientId>('patient'), memberId: idOf<PatientId>('family member') })
  .strict()
  .refine((v) => v.patientId !== v.memberId, { message: 'A patient cannot be linked to themself as family.', path: ['memberId'] });

export const unlinkFamilyInput = z.object({ patientId: idOf<PatientId>('patient') }).strict();

/** Fields a merge can take from the record that goes away: the record's fields and its household. */
export const MERGE_FIELDS = [...UPDATABLE_PATIENT_FIELDS, 'householdId'] as const;
export type MergeField = (typeof MERGE_FIELDS)[number];

/** Merging two records of one person: `keepId` survives, `mergeId` becomes a tombstone. */
export const mergePatientsInput = z
  .object({
    keepId: idOf<PatientId>('record to keep'),
    mergeId: idOf<PatientId>('record to merge'),
    /** Fields whose value comes from the merged record instead of the kept one. */
    takeFromMerged: z.array(z.enum(MERGE_FIELDS, 'Choose fields of the patient record.')).max(MERGE_FIELDS.length).default([]),
    keepVersion: expectedVersion,
    mergeVersion: expectedVersion,
  })
  .strict()
  .refine((v) => v.keepId !== v.mergeId, { message: 'Choose two different records to merge.', path: ['mergeId'] });

/** Undoes the merge that made this record a tombstone (same day only). */
export const undoMergeInput = z.object({ mergedId: idOf<PatientId>('merged record') }).strict();

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
/** Settles a concurrent edit from another desk: keep this desk's values or the other desk's record. */
export const resolvePatientConflictInput = z
  .object({ patientId: idOf<PatientId>('patient'), keep: z.enum(['mine', 'theirs'], 'Choose which version to keep.') })
  .strict();

export type ResolvePatientConflictInput = z.input<typeof resolvePatientConflictInput>;
export type LinkFamilyInput = z.input<typeof linkFamilyInput>;
export type MergePatientsInput = z.input<typeof mergePatientsInput>;
export type SearchPatientsInput = z.input<typeof searchPatientsInput>;
export type PatientPanelInput = z.input<typeof patientPanelInput>;

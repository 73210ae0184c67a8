import { z } from 'zod';
import { EHR_MAPPING_KINDS, EHR_SYNC_MODES } from '../domain/ehr';
import { isSecureWebAddress, localDate, text } from './fields';
import { dateOfBirth } from './patients';

/**
 * The clinic's EHR connection (FHIR R4). Secrets are write-only: `null`
 * keeps the stored token or password (only for the same server and user).
 * SMART Backend Services signs with a key made on this desk (ehr/make-key),
 * whose public half the EHR registers; the private half never leaves the desk.
 */
const webAddress = (what: string, example: string) =>
  text(what)
    .trim()
    .min(1, `Enter the ${what}.`)
    .max(1000, `The ${what} is too long.`)
    .refine(isSecureWebAddress, `The ${what} starts with https:// (for example ${example}).`)
    .transform((u) => u.replace(/\/+$/, ''));

const secret = (what: string) => text(what).min(1, `Enter the ${what}.`).max(8000, `The ${what} is too long.`).nullable().default(null);

const ehrAuthInput = z.discriminatedUnion(
  'kind',
  [
    z.strictObject({
      kind: z.literal('smart'),
      clientId: text('client id').trim().min(1, 'Enter the client id the EHR gave this desk.').max(300, 'The client id is too long.'),
      /** Empty: read from the server's .well-known/smart-configuration. */
      tokenUrl: z.union([z.literal(''), webAddress('token address', 'https://ehr.example.com/oauth2/token')]).default(''),
      scope: text('scopes').trim().max(1000, 'The scopes are too long.').default(''),
    }),
    z.strictObject({ kind: z.literal('bearer'), token: secret('access token') }),
    z.strictObject({
      kind: z.literal('basic'),
      username: text('user name').trim().min(1, 'Enter the user name.').max(200, 'The user name is too long.'),
      password: secret('password'),
    }),
  ],
  'Choose how the desk signs in to the EHR.',
);

export const ehrConnectionInput = z.strictObject({
  baseUrl: webAddress('FHIR address', 'https://ehr.example.com/fhir/R4'),
  auth: ehrAuthInput,
  mode: z.enum(EHR_SYNC_MODES, 'Choose real-time, batch or hybrid.').default('hybrid'),
  batchMinutes: z.number('Enter the minutes between batches.').int('Whole minutes only.').min(1, 'At least 1 minute.').max(1440, 'At most 1440 minutes (a day).').default(15),
  sendNotes: z.boolean().default(false),
});
export type EhrConnectionInput = z.input<typeof ehrConnectionInput>;

const localId = text('record').trim().min(1, 'Choose a record.').max(64, 'That record reference is not valid.');

/** One mapping: a provider / location / room to an EHR reference, a type to a coding; `target: null` removes it. */
export const ehrMappingInput = z.strictObject({
  kind: z.enum(EHR_MAPPING_KINDS, 'Choose what to map.'),
  localId,
  target: z
    .strictObject({
      reference: text('EHR reference')
        .trim()
        .max(300, 'The EHR reference is too long.')
        .refine((r) => r === '' || /^(Practitioner|PractitionerRole|Location)\/[A-Za-z0-9\-.]{1,64}$/.test(r), 'Write the EHR reference as Practitioner/123, PractitionerRole/123 or Location/123.'),
      system: text('code system').trim().max(300, 'The code system is too long.').default(''),
      code: text('code').trim().max(100, 'The code is too long.').default(''),
      display: text('name').trim().max(200, 'The name is too long.').default(''),
    })
    .nullable(),
});
export type EhrMappingInput = z.input<typeof ehrMappingInput>;

/** Looking a patient up in the EHR: the name as typed and the birth date. */
export const ehrPatientLookupInput = z.strictObject({
  familyName: text('family name').trim().min(1, 'Enter the family name.').max(100, 'The family name is too long.'),
  givenName: text('given name').trim().max(100, 'The given name is too long.').default(''),
  dateOfBirth,
});

export const ehrPatientImportInput = z.strictObject({
  reference: text('EHR patient').trim().regex(/^Patient\/[A-Za-z0-9\-.]{1,64}$/, 'That EHR patient reference is not valid.'),
});

export const ehrVisitInput = z.strictObject({ appointmentId: localId });
export type EhrPatientLookupInput = z.input<typeof ehrPatientLookupInput>;
export type EhrPatientImportInput = z.input<typeof ehrPatientImportInput>;

/** Visits of local dates (inclusive, in the clinic's zone) as a FHIR transaction Bundle; at most a week at a time. */
export const ehrExportBundleInput = z
  .strictObject({ fromDate: localDate('first date'), toDate: localDate('last date') })
  .refine((v) => v.toDate >= v.fromDate, { message: 'The last date must be on or after the first date.', path: ['toDate'] })
  .refine((v) => (Date.parse(v.toDate) - Date.parse(v.fromDate)) / 86_400_000 < 7, { message: 'Choose at most 7 days at a time.', path: ['toDate'] });
export type EhrExportBundleInput = z.input<typeof ehrExportBundleInput>;

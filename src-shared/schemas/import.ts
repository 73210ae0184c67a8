import { z } from 'zod';
import { text } from './fields';

/**
 * Inputs of the patient-import channels (src-main/core/import). A CSV file is
 * sent in chunks (the web host caps one message at 1 MiB), previewed, mapped
 * to patient fields, checked, then imported in one transaction on a worker.
 */

/** Characters per upload chunk: at most 3 UTF-8 bytes each, well under a 1 MiB message. */
export const IMPORT_CHUNK_CHARS = 256 * 1024;
/** Largest file accepted (about 2 million patient rows). */
const IMPORT_MAX_BYTES = 256 * 1024 * 1024;
export const IMPORT_MAX_COLUMNS = 200;

export const IMPORT_DATE_FORMATS = ['YYYY-MM-DD', 'MM/DD/YYYY', 'DD/MM/YYYY', 'DD.MM.YYYY', 'YYYYMMDD'] as const;
export type ImportDateFormat = (typeof IMPORT_DATE_FORMATS)[number];

export const IMPORT_DELIMITERS = [',', ';', '\t', '|'] as const;

const uploadId = z
  .string('The import file reference is missing.')
  .regex(/^[0-9a-f-]{36}$/, 'That import file reference is not valid. Choose the file again.');

export const beginImportInput = z.strictObject({
  fileName: text('file name').trim().max(255, 'The file name is too long.'),
  size: z.number().int().min(1, 'The file is empty.').max(IMPORT_MAX_BYTES, 'The file is too large to import (at most 256 MB).'),
});

export const appendImportInput = z.strictObject({
  uploadId,
  /** Chunks are appended in order; `index` catches a lost or repeated one. */
  index: z.number().int().min(0),
  chunk: z.string().max(IMPORT_CHUNK_CHARS, 'An upload chunk is too large.'),
});

export const uploadRefInput = z.strictObject({ uploadId });

/** A column of the file, by position; null = the file has no such column. */
const column = z.number().int().min(0).max(IMPORT_MAX_COLUMNS - 1).nullable();

/**
 * Columns read one to one into the patient record's fields of the same name
 * (address and insurance), checked with the record's own rules. The
 * subscriber's relationship to the patient is read with the subscriber.
 */
const IMPORT_RECORD_COLUMNS = [
  'addressLine1',
  'addressLine2',
  'city',
  'region',
  'postalCode',
  'insurancePayer',
  'insuranceMemberId',
  'insuranceGroup',
  'insuranceSubscriber',
  'subscriberRelationship',
] as const;
export type ImportRecordColumn = (typeof IMPORT_RECORD_COLUMNS)[number];

/** Every mapping field that names a column of the file. */
export const IMPORT_COLUMN_FIELDS = [
  'givenName', 'familyName', 'fullName', 'dateOfBirth', 'phone', 'email', 'smsOptOut', 'emailOptOut',
  ...IMPORT_RECORD_COLUMNS,
  'guardianFullName', 'guardianGivenName', 'guardianFamilyName', 'guardianDateOfBirth', 'household',
] as const;
export type ImportColumnField = (typeof IMPORT_COLUMN_FIELDS)[number];

export const importMapping = z
  .strictObject({
    delimiter: z.enum(IMPORT_DELIMITERS, 'Choose how the columns are separated.'),
    /** Separate given and family name columns, or one column with the whole name. */
    nameMode: z.enum(['parts', 'full']),
    givenName: column.default(null),
    familyName: column.default(null),
    fullName: column.default(null),
    /** Word order in a full-name column without a comma ("Family, Given" is always read as such). */
    fullNameOrder: z.enum(['given-family', 'family-given']).default('given-family'),
    dateOfBirth: column,
    dateFormat: z.enum(IMPORT_DATE_FORMATS, 'Choose how dates of birth are written.'),
    phone: column.default(null),
    email: column.default(null),
    smsOptOut: column.default(null),
    emailOptOut: column.default(null),
    ...Object.fromEntries(IMPORT_RECORD_COLUMNS.map((f) => [f, column.default(null)])) as Record<ImportRecordColumn, ReturnType<typeof column.default>>,
    /** The responsible person (guardian, guarantor), found by name and date of birth among registered patients and this file's rows. */
    guardianFullName: column.default(null),
    guardianGivenName: column.default(null),
    guardianFamilyName: column.default(null),
    guardianDateOfBirth: column.default(null),
    /** A household or guarantor number: rows sharing one become one household. */
    household: column.default(null),
  })
  .refine((m) => m.nameMode !== 'parts' || m.givenName !== null, { message: 'Choose the given-name column.', path: ['givenName'] })
  .refine((m) => m.nameMode !== 'parts' || m.familyName !== null, { message: 'Choose the family-name column.', path: ['familyName'] })
  .refine((m) => m.nameMode !== 'full' || m.fullName !== null, { message: 'Choose the name column.', path: ['fullName'] })
  .refine((m) => m.dateOfBirth !== null, { message: 'Choose the date-of-birth column.', path: ['dateOfBirth'] })
  .refine((m) => (m.guardianGivenName === null) === (m.guardianFamilyName === null), {
    message: 'Choose both name columns of the responsible person, or neither.',
    path: ['guardianFamilyName'],
  })
  .refine((m) => m.guardianFullName === null || m.guardianGivenName === null, {
    message: 'Choose either the whole name or the name parts of the responsible person, not both.',
    path: ['guardianFullName'],
  })
  .refine((m) => (m.guardianFullName === null && m.guardianGivenName === null) === (m.guardianDateOfBirth === null), {
    message: 'The responsible person is found by name and date of birth: choose both columns, or neither.',
    path: ['guardianDateOfBirth'],
  });

export const checkImportInput = z.strictObject({ uploadId, mapping: importMapping });

export const runImportInput = z.strictObject({
  uploadId,
  mapping: importMapping,
  /** Rows that look like a registered patient or an earlier row: left out (default) or imported anyway. */
  duplicates: z.enum(['skip', 'import']).default('skip'),
});

export const importReportInput = z.strictObject({ uploadId, offset: z.number().int().min(0).default(0) });

export type ImportMapping = z.output<typeof importMapping>;
export type ImportMappingInput = z.input<typeof importMapping>;

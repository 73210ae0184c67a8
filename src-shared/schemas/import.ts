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
  })
  .refine((m) => m.nameMode !== 'parts' || m.givenName !== null, { message: 'Choose the given-name column.', path: ['givenName'] })
  .refine((m) => m.nameMode !== 'parts' || m.familyName !== null, { message: 'Choose the family-name column.', path: ['familyName'] })
  .refine((m) => m.nameMode !== 'full' || m.fullName !== null, { message: 'Choose the name column.', path: ['fullName'] })
  .refine((m) => m.dateOfBirth !== null, { message: 'Choose the date-of-birth column.', path: ['dateOfBirth'] });

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

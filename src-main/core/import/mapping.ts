import { IMPORT_DELIMITERS, type ImportDateFormat, type ImportMappingInput } from '../../../src-shared/schemas/import';

/** The delimiter that splits the header line into the most columns (comma on a tie). */
export function detectDelimiter(headerLine: string): (typeof IMPORT_DELIMITERS)[number] {
  let best: (typeof IMPORT_DELIMITERS)[number] = ',';
  let most = 0;
  for (const d of IMPORT_DELIMITERS) {
    const n = headerLine.split(d).length - 1;
    if (n > most) {
      best = d;
      most = n;
    }
  }
  return best;
}

const norm = (h: string): string => h.toLowerCase().replace(/[^a-z]/g, '');

/** Header spellings of common practice-system exports, normalised (letters only). */
const NAMES = {
  givenName: ['firstname', 'givenname', 'first', 'given', 'forename', 'fname', 'patientfirstname'],
  familyName: ['lastname', 'familyname', 'surname', 'last', 'family', 'lname', 'patientlastname'],
  fullName: ['name', 'fullname', 'patientname', 'patient'],
  dateOfBirth: ['dateofbirth', 'dob', 'birthdate', 'birthday', 'born', 'birth'],
  phone: ['phone', 'mobile', 'cell', 'cellphone', 'mobilephone', 'phonenumber', 'telephone', 'tel', 'homephone'],
  email: ['email', 'emailaddress', 'mail'],
  smsOptOut: ['smsoptout', 'textoptout', 'nosms', 'notext', 'optoutsms', 'optouttext'],
  emailOptOut: ['emailoptout', 'noemail', 'optoutemail'],
} as const;

/**
 * A first guess at the mapping from the header names and the first rows;
 * the manager confirms or corrects it on screen.
 */
export function suggestMapping(headers: string[], rows: string[][], delimiter: string): ImportMappingInput {
  const normalised = headers.map(norm);
  const find = (names: readonly string[]): number | null => {
    const i = normalised.findIndex((h) => names.includes(h));
    return i >= 0 ? i : null;
  };
  const givenName = find(NAMES.givenName);
  const familyName = find(NAMES.familyName);
  const dateOfBirth = find(NAMES.dateOfBirth);
  const nameMode = givenName !== null && familyName !== null ? 'parts' : 'full';
  return {
    delimiter: delimiter as ImportMappingInput['delimiter'],
    nameMode,
    givenName,
    familyName,
    fullName: nameMode === 'full' ? find(NAMES.fullName) : null,
    fullNameOrder: 'given-family',
    dateOfBirth,
    dateFormat: guessDateFormat(dateOfBirth === null ? [] : rows.map((r) => r[dateOfBirth] ?? '')),
    phone: find(NAMES.phone),
    email: find(NAMES.email),
    smsOptOut: find(NAMES.smsOptOut),
    emailOptOut: find(NAMES.emailOptOut),
  };
}

/** ISO if the samples look ISO; D/M/Y when a first part above 12 shows it; else M/D/Y (US exports). */
export function guessDateFormat(samples: string[]): ImportDateFormat {
  const values = samples.map((s) => s.trim()).filter((s) => s.length > 0);
  if (values.length === 0 || values.some((v) => /^\d{4}-\d{1,2}-\d{1,2}/.test(v))) return 'YYYY-MM-DD';
  if (values.every((v) => /^\d{8}$/.test(v))) return 'YYYYMMDD';
  if (values.some((v) => /^\d{1,2}\.\d{1,2}\.\d{4}$/.test(v))) return 'DD.MM.YYYY';
  const firstParts = values.map((v) => Number(/^(\d{1,2})[/-]/.exec(v)?.[1] ?? 0));
  return firstParts.some((n) => n > 12) ? 'DD/MM/YYYY' : 'MM/DD/YYYY';
}

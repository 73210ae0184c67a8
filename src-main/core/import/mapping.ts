import { IMPORT_DELIMITERS, type ImportDateFormat, type ImportMappingInput } from '@shared/schemas/import';
import { DateTally } from './date-tally';

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

/** The format most of the sample values read in (see DateTally); ISO when there are none. */
export function guessDateFormat(samples: string[]): ImportDateFormat {
  const tally = new DateTally();
  for (const s of samples) tally.add(s);
  const r = tally.result(0);
  return r.values === 0 ? 'YYYY-MM-DD' : r.best;
}

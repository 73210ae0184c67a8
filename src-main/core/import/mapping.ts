import { IMPORT_DELIMITERS, type ImportColumnField, type ImportDateFormat, type ImportMappingInput } from '@shared/schemas/import';
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
/** Letters and digits: "Address 2" is not "Address". */
const normWithDigits = (h: string): string => h.toLowerCase().replace(/[^a-z0-9]/g, '');

/** Header spellings of common practice-system exports, normalised (letters only). */
const NAMES = {
  givenName: ['firstname', 'givenname', 'first', 'given', 'forename', 'fname', 'patientfirstname'],
  familyName: ['lastname', 'familyname', 'surname', 'last', 'family', 'lname', 'patientlastname'],
  fullName: ['name', 'fullname', 'patientname', 'patient'],
  dateOfBirth: ['dateofbirth', 'dob', 'birthdate', 'birthday', 'born', 'birth', 'patientdob', 'patientdateofbirth', 'patientbirthdate'],
  phone: ['phone', 'mobile', 'cell', 'cellphone', 'mobilephone', 'phonenumber', 'telephone', 'tel', 'homephone'],
  email: ['email', 'emailaddress', 'mail'],
  smsOptOut: ['smsoptout', 'textoptout', 'nosms', 'notext', 'optoutsms', 'optouttext'],
  emailOptOut: ['emailoptout', 'noemail', 'optoutemail'],
} as const;

/**
 * Header spellings of the record's other columns in Open Dental, Dentrix,
 * athenahealth and generic exports, normalised with digits kept (letters and
 * digits only; "Primary Insurance Policy #" → primaryinsurancepolicy).
 */
const RECORD_NAMES: Record<Exclude<ImportColumnField, keyof typeof NAMES | 'fullName'>, readonly string[]> = {
  addressLine1: [
    'address', 'address1', 'addressline1', 'street', 'street1', 'streetaddress', 'streetaddress1', 'addr', 'addr1', 'line1',
    'patientaddress', 'patientaddress1', 'homeaddress', 'mailingaddress', 'address1street',
  ],
  addressLine2: [
    'address2', 'addressline2', 'addr2', 'line2', 'street2', 'streetaddress2', 'patientaddress2', 'apt', 'aptsuite', 'suite',
    'apartment', 'unit',
  ],
  city: ['city', 'town', 'citytown', 'patientcity', 'locality'],
  region: ['state', 'region', 'province', 'stateprovince', 'provincestate', 'stateregion', 'st', 'patientstate'],
  postalCode: ['zip', 'zipcode', 'postalcode', 'postcode', 'postal', 'zippostalcode', 'postalzip', 'patientzip', 'patientzipcode'],
  insurancePayer: [
    'insurance', 'insurancepayer', 'payer', 'payername', 'carrier', 'carriername', 'insurancecarrier', 'insurancecompany',
    'insurancename', 'primaryinsurance', 'primarycarrier', 'primarypayer', 'pricarrier', 'priinscarrier', 'priminscarrier',
    'primarydentalinsurancecarrier', 'primaryinsurancecarrier', 'primaryinsurancepackagename', 'primaryinsurancename',
  ],
  insuranceMemberId: [
    'memberid', 'membernumber', 'memberno', 'subscriberid', 'subscribernumber', 'subscriberno', 'subid', 'insuranceid',
    'insurancememberid', 'insuranceidnumber', 'policynumber', 'policyno', 'policyid', 'policy', 'insurancepolicynumber',
    'primarymemberid', 'primarysubscriberid', 'primarypolicynumber', 'primaryinsurancepolicy', 'primaryinsurancepolicynumber',
    'primaryinsuranceid', 'primaryinsurancememberid',
  ],
  insuranceGroup: [
    'groupnumber', 'groupnum', 'groupno', 'groupid', 'group', 'insurancegroup', 'insurancegroupnumber', 'plangroupnumber',
    'primarygroupnumber', 'primarygroup', 'primaryinsurancegroupnumber', 'primaryinsurancegroup',
  ],
  insuranceSubscriber: [
    'subscriber', 'subscribername', 'policyholder', 'policyholdername', 'insured', 'insuredname', 'primarysubscriber',
    'primarysubscribername', 'primarypolicyholder', 'primaryinsured', 'primaryinsuredname',
  ],
  subscriberRelationship: [
    'subscriberrelationship', 'relationshiptosubscriber', 'reltosubscriber', 'relationtosubscriber', 'relationshiptoinsured',
    'relationtoinsured', 'insuredrelationship', 'patientrelationshiptoinsured', 'patientrelationtosubscriber',
    'policyholderrelationship', 'relationshiptopolicyholder', 'primarysubscriberrelationship', 'primaryrelationshiptoinsured',
  ],
  guardianFullName: [
    'guardian', 'guardianname', 'responsibleparty', 'responsiblepartyname', 'responsibleperson', 'responsiblepersonname',
    'guarantorname', 'parentname', 'parentguardian', 'parentguardianname',
  ],
  guardianGivenName: [
    'guardianfirstname', 'guardianfirst', 'guardiangivenname', 'responsiblepartyfirstname', 'responsiblepersonfirstname',
    'guarantorfirstname', 'guarantorfirst', 'guarfirstname', 'parentfirstname',
  ],
  guardianFamilyName: [
    'guardianlastname', 'guardianlast', 'guardianfamilyname', 'guardiansurname', 'responsiblepartylastname',
    'responsiblepersonlastname', 'guarantorlastname', 'guarantorlast', 'guarlastname', 'parentlastname',
  ],
  guardianDateOfBirth: [
    'guardiandob', 'guardiandateofbirth', 'guardianbirthdate', 'guardianbirthday', 'responsiblepartydob',
    'responsiblepartydateofbirth', 'responsiblepartybirthdate', 'responsiblepersondob', 'responsiblepersondateofbirth',
    'guarantordob', 'guarantordateofbirth', 'guarantorbirthdate', 'guarantorbirthday', 'guardob', 'parentdob',
    'parentdateofbirth', 'parentbirthdate',
  ],
  household: [
    'household', 'householdid', 'householdnumber', 'householdno', 'familyid', 'familynumber', 'familyno', 'famid', 'famnum',
    'guarantor', 'guarantorid', 'guarantornumber', 'guarantornum', 'guarantorno', 'guarnum', 'guarantoraccount',
    'account', 'accountnumber', 'accountno', 'accountid', 'accountnum',
  ],
};

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
    ...suggestRecordColumns(headers),
  };
}

/** Address, insurance, responsible-person and household columns, each a column not taken by another field. */
function suggestRecordColumns(headers: string[]): Pick<ImportMappingInput, keyof typeof RECORD_NAMES> {
  const normalised = headers.map(normWithDigits);
  const out = {} as Record<keyof typeof RECORD_NAMES, number | null>;
  for (const [field, names] of Object.entries(RECORD_NAMES) as [keyof typeof RECORD_NAMES, readonly string[]][]) {
    const i = normalised.findIndex((h) => names.includes(h));
    out[field] = i >= 0 ? i : null;
  }
  // A whole-name column wins over parts only when the parts are not both there.
  if (out.guardianGivenName === null || out.guardianFamilyName === null) {
    out.guardianGivenName = null;
    out.guardianFamilyName = null;
  } else out.guardianFullName = null;
  const named = out.guardianFullName !== null || out.guardianGivenName !== null;
  // The responsible person is found by name and date of birth: one without the other links no one.
  if (!named || out.guardianDateOfBirth === null) {
    out.guardianFullName = null;
    out.guardianGivenName = null;
    out.guardianFamilyName = null;
    out.guardianDateOfBirth = null;
  }
  return out;
}

/** The format most of the sample values read in (see DateTally); ISO when there are none. */
export function guessDateFormat(samples: string[]): ImportDateFormat {
  const tally = new DateTally();
  for (const s of samples) tally.add(s);
  const r = tally.result(0);
  return r.values === 0 ? 'YYYY-MM-DD' : r.best;
}

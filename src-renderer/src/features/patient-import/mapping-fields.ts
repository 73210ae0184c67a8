import { IMPORT_COLUMN_FIELDS, type ImportColumnField, type ImportMappingInput } from '@shared/schemas/import';

/** Each column field's label on the mapping form, and how the preview marks the column it takes. */
export const COLUMN_CHOICES: Readonly<Record<ImportColumnField, { label: string; marks: string }>> = {
  givenName: { label: 'Given name', marks: 'given name' },
  familyName: { label: 'Family name', marks: 'family name' },
  fullName: { label: 'Whole name', marks: 'name' },
  dateOfBirth: { label: 'Date of birth', marks: 'date of birth' },
  phone: { label: 'Phone (optional)', marks: 'phone' },
  email: { label: 'E-mail (optional)', marks: 'e-mail' },
  smsOptOut: { label: 'Text-message opt-out (optional)', marks: 'text opt-out' },
  emailOptOut: { label: 'E-mail opt-out (optional)', marks: 'e-mail opt-out' },
  addressLine1: { label: 'Street address', marks: 'street' },
  addressLine2: { label: 'Second address line', marks: 'address line 2' },
  city: { label: 'City', marks: 'city' },
  region: { label: 'State or region', marks: 'state' },
  postalCode: { label: 'Postal code', marks: 'postal code' },
  insurancePayer: { label: 'Payer (carrier)', marks: 'payer' },
  insuranceMemberId: { label: 'Member ID', marks: 'member ID' },
  insuranceGroup: { label: 'Group number', marks: 'group' },
  insuranceSubscriber: { label: 'Subscriber (policy holder)', marks: 'subscriber' },
  subscriberRelationship: { label: 'Subscriber’s relationship', marks: 'relationship' },
  guardianFullName: { label: 'Responsible person’s whole name', marks: 'responsible person' },
  guardianGivenName: { label: 'Responsible person’s given name', marks: 'responsible person’s given name' },
  guardianFamilyName: { label: 'Responsible person’s family name', marks: 'responsible person’s family name' },
  guardianDateOfBirth: { label: 'Responsible person’s date of birth', marks: 'responsible person’s birth date' },
  household: { label: 'Household or guarantor number', marks: 'household' },
};

/** Without these the file cannot be read; every other column may be missing from it. */
export const REQUIRED_COLUMNS: ReadonlySet<ImportColumnField> = new Set(['givenName', 'familyName', 'fullName', 'dateOfBirth']);

/** The optional groups below names, birth date and contact: the record's address and insurance. */
export const RECORD_GROUPS: readonly { legend: string; hint: string; fields: readonly ImportColumnField[] }[] = [
  {
    legend: 'Address',
    hint: 'Checked like the patient form: no hidden characters, postal code of letters, digits, spaces or hyphens.',
    fields: ['addressLine1', 'addressLine2', 'city', 'region', 'postalCode'],
  },
  {
    legend: 'Insurance',
    hint: 'Member IDs of up to 30 letters, digits, spaces or hyphens. A relationship of “self” means the patient holds the policy.',
    fields: ['insurancePayer', 'insuranceMemberId', 'insuranceGroup', 'insuranceSubscriber', 'subscriberRelationship'],
  },
];

/** Column → what it is read as, for the preview's header marks (the name columns of the chosen name mode only). */
export function columnMarks(m: ImportMappingInput): Map<number, string> {
  const unused: readonly ImportColumnField[] = m.nameMode === 'parts' ? ['fullName'] : ['givenName', 'familyName'];
  const used = new Map<number, string>();
  for (const field of IMPORT_COLUMN_FIELDS) {
    const i = m[field];
    if (i !== null && i !== undefined && !unused.includes(field)) used.set(i, COLUMN_CHOICES[field].marks);
  }
  return used;
}

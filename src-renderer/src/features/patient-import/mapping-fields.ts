import type { ImportColumnField, ImportMappingInput } from '@shared/schemas/import';

/** A column choice of the mapping form: its label, and how the preview marks the column it takes. */
export interface ColumnChoice {
  field: ImportColumnField;
  label: string;
  marks: string;
}

/** The optional groups below names, birth date and contact: the record's address, insurance and family. */
export const RECORD_GROUPS: { legend: string; hint: string; fields: ColumnChoice[] }[] = [
  {
    legend: 'Address',
    hint: 'Checked like the patient form: no hidden characters, postal code of letters, digits, spaces or hyphens.',
    fields: [
      { field: 'addressLine1', label: 'Street address', marks: 'street' },
      { field: 'addressLine2', label: 'Second address line', marks: 'address line 2' },
      { field: 'city', label: 'City', marks: 'city' },
      { field: 'region', label: 'State or region', marks: 'state' },
      { field: 'postalCode', label: 'Postal code', marks: 'postal code' },
    ],
  },
  {
    legend: 'Insurance',
    hint: 'Member IDs of up to 30 letters, digits, spaces or hyphens. A relationship of “self” means the patient holds the policy.',
    fields: [
      { field: 'insurancePayer', label: 'Payer (carrier)', marks: 'payer' },
      { field: 'insuranceMemberId', label: 'Member ID', marks: 'member ID' },
      { field: 'insuranceGroup', label: 'Group number', marks: 'group' },
      { field: 'insuranceSubscriber', label: 'Subscriber (policy holder)', marks: 'subscriber' },
      { field: 'subscriberRelationship', label: 'Subscriber’s relationship', marks: 'relationship' },
    ],
  },
];

/** The responsible-person and household columns. */
export const FAMILY_CHOICES: Record<'guardianFullName' | 'guardianGivenName' | 'guardianFamilyName' | 'guardianDateOfBirth' | 'household', ColumnChoice> = {
  guardianFullName: { field: 'guardianFullName', label: 'Responsible person’s whole name', marks: 'responsible person' },
  guardianGivenName: { field: 'guardianGivenName', label: 'Responsible person’s given name', marks: 'responsible person’s given name' },
  guardianFamilyName: { field: 'guardianFamilyName', label: 'Responsible person’s family name', marks: 'responsible person’s family name' },
  guardianDateOfBirth: { field: 'guardianDateOfBirth', label: 'Responsible person’s date of birth', marks: 'responsible person’s birth date' },
  household: { field: 'household', label: 'Household or guarantor number', marks: 'household' },
};

/** Column → what it is read as, for the preview's header marks. */
export function columnMarks(m: ImportMappingInput): Map<number, string> {
  const used = new Map<number, string>();
  const mark = (i: number | null | undefined, label: string) => i !== null && i !== undefined && used.set(i, label);
  if (m.nameMode === 'parts') {
    mark(m.givenName, 'given name');
    mark(m.familyName, 'family name');
  } else mark(m.fullName, 'name');
  mark(m.dateOfBirth, 'date of birth');
  mark(m.phone, 'phone');
  mark(m.email, 'e-mail');
  mark(m.smsOptOut, 'text opt-out');
  mark(m.emailOptOut, 'e-mail opt-out');
  for (const c of [...RECORD_GROUPS.flatMap((g) => g.fields), ...Object.values(FAMILY_CHOICES)]) mark(m[c.field], c.marks);
  return used;
}

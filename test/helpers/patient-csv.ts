import { FAMILY_NAMES, FEMALE_GIVEN_NAMES, MALE_GIVEN_NAMES } from '@main/core/demo/data/names';

/**
 * Deterministic patient CSV as another practice system exports it (M/D/Y
 * dates, formatted phones, a yes/no opt-out column), with broken lines and
 * duplicates planted at known places so tests and the benchmark know exactly
 * what the import must find.
 */
const HEADER = 'First Name,Last Name,DOB,Mobile,Email,SMS Opt-Out';

const GIVEN = [...FEMALE_GIVEN_NAMES, ...MALE_GIVEN_NAMES];
const FAMILY = FAMILY_NAMES.filter((f) => !f.includes(','));

export interface PersonFields {
  given: string;
  family: string;
  /** M/D/YYYY */
  dob: string;
  phone: string;
  email: string;
}

/** Person number k: unique (name, birth date, phone) for every k below ~10^7. */
export function person(k: number): PersonFields {
  const given = GIVEN[k % GIVEN.length]!;
  const family = FAMILY[Math.floor(k / GIVEN.length) % FAMILY.length]!;
  const day = new Date(Date.UTC(1935, 0, 1) + (k % 29_989) * 86_400_000);
  const dob = `${day.getUTCMonth() + 1}/${day.getUTCDate()}/${day.getUTCFullYear()}`;
  const n = String(k).padStart(7, '0');
  const phone = `(212) ${n.slice(0, 3)}-${n.slice(3)}`;
  return { given, family, dob, phone, email: `p${k}@example.org` };
}

/** Address, insurance, responsible-person and household columns, after the six above. */
const RECORD_HEADER = 'Address,City,State,Zip,Carrier,Member ID,Group Number,Guardian First Name,Guardian Last Name,Guardian DOB,Household ID';
const CARRIERS = ['Delta Dental', 'Aetna', 'Cigna', 'MetLife', 'Guardian', 'United Concordia'];

/**
 * Record columns of row k: every fifth row names a responsible person — the
 * next row's person (a reference forward) or, alternately, the row two back —
 * and rows come in households of three.
 */
function recordCells(k: number): string {
  const guardian = k % 5 !== 0 ? null : person(k % 10 === 0 ? k + 1 : k - 2);
  return [
    `${100 + (k % 9_900)} Main St`,
    'Springfield',
    'IL',
    String(60_000 + (k % 9_999)),
    CARRIERS[k % CARRIERS.length]!,
    `M-${k}`,
    `G${k % 500}`,
    guardian?.given ?? '',
    guardian?.family ?? '',
    guardian?.dob ?? '',
    `H${Math.floor(k / 3)}`,
  ].join(',');
}

const line = (p: PersonFields, optOut = 'no'): string => `${p.given},${p.family},${p.dob},${p.phone},${p.email},${optOut}`;

/** The kinds of broken line planted, in rotation. */
const BROKEN: Array<(p: PersonFields) => string> = [
  (p) => `${p.given},${p.family},2/30/1980,${p.phone},${p.email},no`, // no 30 February
  (p) => `${p.given},,${p.dob},${p.phone},${p.email},no`, // family name missing
  (p) => `${p.given},${p.family},${p.dob},12,${p.email},no`, // phone too short
  (p) => `${p.given},${p.family},${p.dob},${p.phone},${p.email},no,extra`, // a column too many
  (p) => `"${p.given}"x,${p.family},${p.dob},${p.phone},${p.email},no`, // text after a closing quote
  (p) => `${p.given},${p.family},${p.dob},${p.phone},not-an-email,maybe`, // bad e-mail and opt-out
];

export interface PlantedCsv {
  text: string;
  expected: { rows: number; invalid: number; duplicatesInFile: number; duplicatesOfExisting: number; ready: number };
}

export interface PlantOptions {
  /** Every n-th row is broken. */
  brokenEvery: number;
  /** Every n-th row repeats an earlier good row (phone written differently). */
  duplicateEvery: number;
  /** Every n-th row is one of these already-registered people (person numbers). */
  existingEvery: number;
  existing: number[];
  /** Adds address, insurance, responsible-person and household columns (mapping: see RECORD_MAPPING). */
  recordColumns?: boolean;
}

/** Where the record columns sit when `recordColumns` is set. */
export const RECORD_MAPPING = {
  addressLine1: 6, city: 7, region: 8, postalCode: 9, insurancePayer: 10, insuranceMemberId: 11, insuranceGroup: 12,
  guardianGivenName: 13, guardianFamilyName: 14, guardianDateOfBirth: 15, household: 16,
} as const;

export function plantedCsv(rows: number, o: PlantOptions): PlantedCsv {
  const out: string[] = [o.recordColumns ? `${HEADER},${RECORD_HEADER}` : HEADER];
  const good: PersonFields[] = [];
  const expected = { rows, invalid: 0, duplicatesInFile: 0, duplicatesOfExisting: 0, ready: 0 };
  let nextExisting = 0;
  for (let i = 1; i <= rows; i++) {
    const p = person(i);
    if (i % o.brokenEvery === 0) {
      out.push(BROKEN[(i / o.brokenEvery) % BROKEN.length]!(p));
      expected.invalid += 1;
    } else if (i % o.duplicateEvery === 0 && good.length > 5) {
      const src = good[good.length - 5]!;
      out.push(line({ ...src, phone: src.phone.replace(/[() -]/g, ''), email: '' }, 'yes'));
      expected.duplicatesInFile += 1;
    } else if (i % o.existingEvery === 0 && o.existing.length > 0) {
      out.push(line(person(o.existing[nextExisting++ % o.existing.length]!)));
      expected.duplicatesOfExisting += 1;
    } else {
      out.push(line(p));
      good.push(p);
      expected.ready += 1;
    }
    if (o.recordColumns) out[out.length - 1] += `,${recordCells(i)}`;
  }
  return { text: `${out.join('\r\n')}\r\n`, expected };
}

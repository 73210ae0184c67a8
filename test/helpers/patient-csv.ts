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
}

export function plantedCsv(rows: number, o: PlantOptions): PlantedCsv {
  const out: string[] = [HEADER];
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
  }
  return { text: `${out.join('\r\n')}\r\n`, expected };
}

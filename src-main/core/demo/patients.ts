import type { PatientId } from '@shared/domain/ids';
import type { PreferredChannel } from '@shared/domain/patients';
import { phoneDigitsOf } from '@shared/schemas/patients';
import type { WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import { foldText, nameKeyOf } from '../patients/normalise';
import { EMPTY_RECORD_FIELDS, INSERT_PATIENT, type PatientRow } from '../patients/rows';
import { withDeferredSearchIndex } from '../patients/search-index';
import {
  AREA_CODES_CHICAGO,
  AREA_CODES_NEW_YORK,
  DEMO_EMAIL_DOMAINS,
  FAMILY_NAMES,
  FEMALE_GIVEN_NAMES,
  MALE_GIVEN_NAMES,
} from './data/names';
import { ZipfPicker, type Random } from './random';

const DAY_MS = 86_400_000;
const YEAR_MS = 365.25 * DAY_MS;

// Exponents chosen so the commonest names have about their real share
// (Smith ≈ 2 % of patients, James ≈ 4 % of men): search cost depends on it.
const familyNames = new ZipfPicker(FAMILY_NAMES, 0.5);
const femaleNames = new ZipfPicker(FEMALE_GIVEN_NAMES, 0.5);
const maleNames = new ZipfPicker(MALE_GIVEN_NAMES, 0.5);

/** Ages of a general dental and medical practice: few infants, many adults, a long tail. */
const AGE_BANDS: ReadonlyArray<readonly [minAge: number, maxAge: number, weight: number]> = [
  [0, 4, 5],
  [5, 17, 14],
  [18, 34, 24],
  [35, 54, 28],
  [55, 74, 22],
  [75, 98, 7],
];
const AGE_WEIGHT_TOTAL = AGE_BANDS.reduce((s, b) => s + b[2], 0);

const NOTES = [
  'Prefers morning appointments.',
  'Needs wheelchair access.',
  'Ask about updated insurance card.',
  'Prefers a call over text.',
  'Interpreter needed (Spanish).',
];

/** One plausible patient row. Phones are (area) 555-xxxx and mail goes to reserved domains: demo data reaches nobody. */
function demoPatientRow(rng: Random, id: string, now: number): PatientRow {
  const female = rng.chance(0.51);
  const givenName = (female ? femaleNames : maleNames).pick(rng);
  let familyName = familyNames.pick(rng);
  if (rng.chance(0.03)) familyName = `${familyName}-${familyNames.pick(rng)}`;

  const dateOfBirth = randomBirthDate(rng, now);
  const areaCodes = rng.chance(0.6) ? AREA_CODES_NEW_YORK : AREA_CODES_CHICAGO;
  const phone = rng.chance(0.94) ? `(${rng.pick(areaCodes)}) 555-${rng.digits(4)}` : null;
  const email = rng.chance(0.6)
    ? `${emailLocal(givenName)}.${emailLocal(familyName)}${rng.int(1, 999)}@${rng.pick(DEMO_EMAIL_DOMAINS)}`
    : null;
  let preferred: PreferredChannel = 'none';
  if (phone !== null && (email === null || rng.chance(0.75))) preferred = 'sms';
  else if (email !== null) preferred = 'email';
  const createdAt = now - rng.int(30, 6 * 365) * DAY_MS - rng.int(0, DAY_MS - 1);

  return {
    id,
    given_name: givenName,
    family_name: familyName,
    date_of_birth: dateOfBirth,
    phone,
    phone_digits: phone === null ? '' : phoneDigitsOf(phone),
    email,
    preferred_channel: preferred,
    sms_opt_out: rng.chance(0.03) ? 1 : 0,
    email_opt_out: rng.chance(0.04) ? 1 : 0,
    notes: rng.chance(0.05) ? rng.pick(NOTES) : '',
    name_key: nameKeyOf(givenName, familyName),
    ...EMPTY_RECORD_FIELDS,
    created_at: createdAt,
    updated_at: createdAt,
  };
}

function randomBirthDate(rng: Random, now: number): string {
  let x = rng.next() * AGE_WEIGHT_TOTAL;
  let band = AGE_BANDS[AGE_BANDS.length - 1]!;
  for (const b of AGE_BANDS) {
    if (x < b[2]) {
      band = b;
      break;
    }
    x -= b[2];
  }
  const ageYears = band[0] + rng.next() * (band[1] - band[0] + 1);
  return new Date(now - ageYears * YEAR_MS).toISOString().slice(0, 10);
}

function emailLocal(name: string): string {
  return foldText(name).replace(/[^a-z0-9]+/g, '');
}

/** The demo patients as appointments need them: ids and the channel reminders go out on. */
export interface DemoPatients {
  ids: PatientId[];
  channels: Array<'sms' | 'email' | 'none'>;
}

export interface InsertPatientsOptions {
  count: number;
  rng: Random;
  now: number;
  /** Called every `progressEvery` rows and at the end with the number inserted so far. */
  onProgress?: (done: number) => void;
  progressEvery?: number;
  /** Called once the rows are in, before the search index is built (a long step at scale). */
  onIndexing?: () => void;
}

/**
 * Bulk-inserts demo patients through one reused prepared statement. Runs
 * inside the caller's transaction (the whole demo is one), with the search
 * index built once at the end (withDeferredSearchIndex).
 */
export function insertDemoPatients(db: WriteDb, opts: InsertPatientsOptions): DemoPatients {
  const insert = prepared(db, INSERT_PATIENT);
  const every = opts.progressEvery ?? 10_000;
  const out: DemoPatients = { ids: [], channels: [] };
  withDeferredSearchIndex(
    db,
    () => {
      for (let i = 0; i < opts.count; i++) {
        // Ids carry registration times before now, in order, like a list built over the years.
        const id = opts.rng.uuidV7(opts.now - (opts.count - i) * 60_000) as PatientId;
        const row = demoPatientRow(opts.rng, id, opts.now);
        insert.run(row);
        out.ids.push(id);
        out.channels.push(reminderChannel(row));
        if ((i + 1) % every === 0 && i + 1 < opts.count) opts.onProgress?.(i + 1);
      }
      opts.onProgress?.(opts.count);
    },
    opts.onIndexing,
  );
  return out;
}

function reminderChannel(r: PatientRow): 'sms' | 'email' | 'none' {
  if (r.preferred_channel === 'sms' && r.sms_opt_out === 0) return 'sms';
  if (r.preferred_channel === 'email' && r.email_opt_out === 0) return 'email';
  return 'none';
}

/**
 * import.csv.100k — seconds to import a 100,000-row patient CSV into a clinic
 * that already has 20,000 patients: stream-parse (csv-parse), read and check
 * every row with the patient rules, duplicate detection against the
 * registered patients and within the file, then one transaction writing the
 * patients, their search entries, an outbox row each and the audit row, plus
 * the error report. The file carries address, insurance, responsible-person
 * (every fifth row, half of them naming a later row) and household columns,
 * all mapped. Runs the same core the import worker runs (in-process
 * here, so the worker's start-up is not counted).
 *
 * import.csv.100k.plain — the baseline in the same run on an identical
 * database: the same file parsed (csv-parse) and the same rows' names, birth
 * dates and contact inserted in one
 * transaction with the demo's bulk search indexing, no checks, no duplicate
 * detection, no outbox. ratio = value / baseline (how many times the plain
 * insert the full import costs).
 *
 * Floor: 30 s.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { openDatabase, type WriteDb } from '../../src-main/core/db/open';
import { inWriteTransaction } from '../../src-main/core/db/transaction';
import { BULK_TABLES, withDeferredIndexes } from '../../src-main/core/demo/bulk-load';
import { insertDemoPatients } from '../../src-main/core/demo/patients';
import { Random } from '../../src-main/core/demo/random';
import { runImportJob } from '../../src-main/core/import';
import { newId } from '../../src-main/core/ids';
import { nameKeyOf } from '../../src-main/core/patients/normalise';
import { PATIENT_COLUMNS } from '../../src-main/core/patients/rows';
import { withDeferredSearchIndex } from '../../src-main/core/patients/search-index';
import { FixedClock } from '../../src-main/platform/clock';
import { importMapping } from '../../src-shared/schemas/import';
import { phoneDigitsOf } from '../../src-shared/schemas/patients';
import { plantedCsv, RECORD_MAPPING } from '../helpers/patient-csv';
import { round, tempDir, type BenchResult } from './lib';
import { createEventBus } from '../../src-main/core/events';

const ROWS = 100_000;
const EXISTING = 20_000;
const FLOOR_SECONDS = 30;
const NOW = Date.parse('2026-03-10T15:00:00Z');

function clinicWithPatients(file: string): WriteDb {
  const db = openDatabase(file);
  inWriteTransaction(db, () =>
    withDeferredIndexes(db, BULK_TABLES, () => insertDemoPatients(db, { count: EXISTING, rng: new Random(42), now: NOW })),
  );
  return db;
}

function plainInsert(db: WriteDb, csvFile: string): void {
  const [, ...records] = parse(readFileSync(csvFile), { relax_column_count: true, relax_quotes: true }) as string[][];
  const insert = db.prepare(
    `INSERT INTO patients (${PATIENT_COLUMNS})
     VALUES (@id, @given_name, @family_name, @date_of_birth, @phone, @phone_digits, @email,
             @preferred_channel, @sms_opt_out, @email_opt_out, @notes, @name_key, @created_at, @updated_at)`,
  );
  inWriteTransaction(db, () =>
    withDeferredSearchIndex(db, () => {
      for (const r of records) {
        const [given = '', family = '', dob = '', phone = '', email = ''] = r;
        insert.run({
          id: newId(),
          given_name: given || '?',
          family_name: family || '?',
          date_of_birth: dob,
          phone: phone || null,
          phone_digits: phoneDigitsOf(phone),
          email: email || null,
          preferred_channel: 'sms',
          sms_opt_out: r[5] === 'yes' ? 1 : 0,
          email_opt_out: 0,
          notes: '',
          name_key: nameKeyOf(given, family),
          created_at: NOW,
          updated_at: NOW,
        });
      }
    }),
  );
}

export default async function importBench(): Promise<BenchResult[]> {
  const { dir, cleanup } = tempDir();
  try {
    const csv = plantedCsv(ROWS, { brokenEvery: 997, duplicateEvery: 499, existingEvery: 1_000_000, existing: [], recordColumns: true });
    const csvFile = join(dir, 'patients.csv');
    writeFileSync(csvFile, csv.text);

    const baseDb = clinicWithPatients(join(dir, 'plain.sqlite'));
    const t0 = process.hrtime.bigint();
    plainInsert(baseDb, csvFile);
    const plainSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    baseDb.close();

    const db = clinicWithPatients(join(dir, 'import.sqlite'));
    const phases: Record<string, number> = {};
    let phaseStart = process.hrtime.bigint();
    let phase = '';
    const t1 = process.hrtime.bigint();
    const summary = await runImportJob(
      { db, clock: new FixedClock(NOW), actor: { user: 'bench', device: 'bench' }, events: createEventBus() },
      {
        csvFile,
        reportFile: join(dir, 'report.csv'),
        mapping: importMapping.parse({
          delimiter: ',', nameMode: 'parts', givenName: 0, familyName: 1, dateOfBirth: 2, dateFormat: 'MM/DD/YYYY', phone: 3, email: 4, smsOptOut: 5,
          ...RECORD_MAPPING,
        }),
        mode: 'import',
        duplicates: 'skip',
      },
      {
        onProgress: (p) => {
          if (p === phase) return;
          const now = process.hrtime.bigint();
          if (phase) phases[phase] = round(Number(now - phaseStart) / 1e9, 2);
          phase = p;
          phaseStart = now;
        },
      },
    );
    const seconds = Number(process.hrtime.bigint() - t1) / 1e9;
    db.close();
    if (summary.imported !== csv.expected.ready) throw new Error(`imported ${summary.imported}, expected ${csv.expected.ready}`);

    return [
      { name: 'import.csv.100k.plain', value: round(plainSeconds, 2), unit: 's', info: { rows: ROWS } },
      {
        name: 'import.csv.100k',
        value: round(seconds, 2),
        unit: 's',
        baseline: 'import.csv.100k.plain',
        ratio: round(seconds / plainSeconds, 2),
        info: {
          rows: ROWS,
          existingPatients: EXISTING,
          imported: summary.imported,
          invalid: summary.invalid,
          duplicates: summary.duplicatesInFile + summary.duplicatesOfExisting,
          withoutFamilyLink: summary.warnings,
          phaseSeconds: phases,
          floorSeconds: FLOOR_SECONDS,
          withinFloor: seconds <= FLOOR_SECONDS,
        },
      },
    ];
  } finally {
    cleanup();
  }
}

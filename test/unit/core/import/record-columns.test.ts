import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPatient } from '@main/core/patients';
import { runImportJob, suggestMapping, type ImportJob } from '@main/core/import';
import { subscriberOf } from '@main/core/import/values';
import { guardianFirstOrder } from '@main/core/import/family-links';
import { importMapping, type ImportMappingInput } from '@shared/schemas/import';
import type { Patient } from '@shared/domain/patients';
import { openTempDb } from '../../../helpers/tempdb';
import { plantedCsv, RECORD_MAPPING } from '../../../helpers/patient-csv';
import { testContext, type TestContext } from '../../../helpers/clinic-fixture';

let t: ReturnType<typeof openTempDb>;
let ctx: TestContext;
beforeEach(() => {
  t = openTempDb();
  ctx = testContext(t.db);
});
afterEach(() => t.cleanup());

const HEADER =
  'First Name,Last Name,DOB,Address,Address 2,City,State,Zip,Carrier,Subscriber ID,Group Number,Subscriber,Relationship to Subscriber,Guardian First Name,Guardian Last Name,Guardian DOB,Household ID';

/** One line of the file above; every field blank unless given. */
function row(v: Partial<Record<'given' | 'family' | 'dob' | 'street' | 'line2' | 'city' | 'state' | 'zip' | 'payer' | 'member' | 'group' | 'subscriber' | 'relationship' | 'gGiven' | 'gFamily' | 'gDob' | 'household', string>>): string {
  return [
    v.given ?? '', v.family ?? '', v.dob ?? '', v.street ?? '', v.line2 ?? '', v.city ?? '', v.state ?? '', v.zip ?? '', v.payer ?? '',
    v.member ?? '', v.group ?? '', v.subscriber ?? '', v.relationship ?? '', v.gGiven ?? '', v.gFamily ?? '', v.gDob ?? '', v.household ?? '',
  ].join(',');
}

const MAPPING = suggestMapping(HEADER.split(','), [], ',');

function job(lines: string[], over: Partial<ImportJob> = {}, mapping: ImportMappingInput = { ...MAPPING, dateFormat: 'MM/DD/YYYY' }): ImportJob {
  const dir = join(t.file, '..');
  writeFileSync(join(dir, 'in.csv'), `${[HEADER, ...lines].join('\n')}\n`);
  return { csvFile: join(dir, 'in.csv'), reportFile: join(dir, 'report.csv'), mapping: importMapping.parse(mapping), mode: 'import', duplicates: 'skip', ...over };
}

const byName = (family: string): { id: string; guardian_id: string | null; household_id: string | null } =>
  t.db.prepare(`SELECT id, guardian_id, household_id FROM patients WHERE family_name = ?`).get(family) as never;
const count = (sql: string): number => t.db.prepare(sql).pluck().get() as number;
const why = (): Map<number, string> => {
  const rows = parseCsv(readFileSync(join(t.file, '..', 'report.csv'), 'utf8')) as string[][];
  return new Map(rows.slice(1).map((r) => [Number(r.at(-2)), r.at(-1)!]));
};

describe('mapping the record columns', () => {
  it('recognises address, insurance, responsible-person and household headers of common exports', () => {
    expect(MAPPING).toMatchObject({
      addressLine1: 3, addressLine2: 4, city: 5, region: 6, postalCode: 7, insurancePayer: 8, insuranceMemberId: 9, insuranceGroup: 10,
      insuranceSubscriber: 11, subscriberRelationship: 12, guardianGivenName: 13, guardianFamilyName: 14, guardianFullName: null,
      guardianDateOfBirth: 15, household: 16,
    });
    // Open Dental's patient export.
    const od = suggestMapping(['LName', 'FName', 'Birthdate', 'Address', 'Address2', 'City', 'State', 'Zip', 'CarrierName', 'SubscriberID', 'GroupNum', 'Guarantor'], [], ',');
    expect(od).toMatchObject({ familyName: 0, givenName: 1, dateOfBirth: 2, addressLine1: 3, addressLine2: 4, city: 5, region: 6, postalCode: 7, insurancePayer: 8, insuranceMemberId: 9, insuranceGroup: 10, household: 11 });
    // athenahealth's patient list.
    const athena = suggestMapping(
      ['Patient First Name', 'Patient Last Name', 'Patient DOB', 'Patient Address 1', 'Patient Address 2', 'Patient City', 'Patient State', 'Patient Zip', 'Primary Insurance Package Name', 'Primary Insurance Policy #', 'Primary Insurance Group #', 'Responsible Party Name', 'Responsible Party DOB'],
      [], ',',
    );
    expect(athena).toMatchObject({ givenName: 0, familyName: 1, dateOfBirth: 2, addressLine1: 3, addressLine2: 4, city: 5, region: 6, postalCode: 7, insurancePayer: 8, insuranceMemberId: 9, insuranceGroup: 10, guardianFullName: 11, guardianDateOfBirth: 12 });
    // Dentrix: a guarantor name without a birth date cannot find anyone, so it is not suggested.
    const dentrix = suggestMapping(['First Name', 'Last Name', 'Birth Date', 'Street Address', 'Zip Code', 'Prim Ins Carrier', 'Policy Holder', 'Guarantor Name'], [], ',');
    expect(dentrix).toMatchObject({ addressLine1: 3, postalCode: 4, insurancePayer: 5, insuranceSubscriber: 6, guardianFullName: null, guardianDateOfBirth: null });
    // "Email Address" stays the e-mail; "Address 2" is not the street.
    expect(suggestMapping(['Name', 'DOB', 'Email Address', 'Address 2'], [], ',')).toMatchObject({ email: 2, addressLine1: null, addressLine2: 3 });
  });

  it('refuses half a responsible person: a name without a birth date column, or one name part', () => {
    const base = { delimiter: ',', nameMode: 'parts', givenName: 0, familyName: 1, dateOfBirth: 2, dateFormat: 'MM/DD/YYYY' } as const;
    expect(importMapping.safeParse({ ...base, guardianFullName: 3 }).error?.issues[0]?.path).toEqual(['guardianDateOfBirth']);
    expect(importMapping.safeParse({ ...base, guardianGivenName: 3, guardianDateOfBirth: 4 }).error?.issues[0]?.path).toEqual(['guardianFamilyName']);
    expect(importMapping.safeParse({ ...base, guardianFullName: 3, guardianDateOfBirth: 4 }).success).toBe(true);
  });

  it('reads the subscriber with its relationship', () => {
    expect(subscriberOf('Maria Lopez', 'Mother')).toBe('Maria Lopez (mother)');
    expect(subscriberOf('Maria Lopez', 'Self')).toBe('');
    expect(subscriberOf('', '01')).toBe('Spouse');
    expect(subscriberOf('Maria Lopez', '')).toBe('Maria Lopez');
  });
});

describe('importing the record columns', () => {
  it('imports address and insurance with the record, and the outbox row carries them', async () => {
    const summary = await runImportJob(ctx, job([
      row({ given: 'Ann', family: 'Archer', dob: '3/7/1984', street: '12 Elm St', line2: 'Apt 4', city: 'Springfield', state: 'IL', zip: '62704', payer: 'Delta Dental', member: 'DD-12345', group: 'G 77', subscriber: 'Tom Archer', relationship: 'spouse' }),
    ]));
    expect(summary).toMatchObject({ imported: 1, invalid: 0, warnings: 0 });
    const payload = JSON.parse(t.db.prepare(`SELECT payload FROM outbox WHERE operation = 'patient.create'`).pluck().get() as string) as Patient;
    expect(payload).toMatchObject({
      addressLine1: '12 Elm St', addressLine2: 'Apt 4', city: 'Springfield', region: 'IL', postalCode: '62704',
      insurancePayer: 'Delta Dental', insuranceMemberId: 'DD-12345', insuranceGroup: 'G 77', insuranceSubscriber: 'Tom Archer (spouse)',
    });
    expect(t.db.prepare(`SELECT address_line1, insurance_member_id FROM patients`).get()).toEqual({ address_line1: '12 Elm St', insurance_member_id: 'DD-12345' });
  });

  it('leaves out a row with a bad address or insurance value, with the form’s reason, and writes nothing of it', async () => {
    const summary = await runImportJob(ctx, job([
      row({ given: 'Ann', family: 'Long', dob: '3/7/1984', member: 'X'.repeat(31) }),
      row({ given: 'Bo', family: 'Hash', dob: '3/7/1984', member: 'AB#12' }),
      row({ given: 'Cy', family: 'Ctrl', dob: '3/7/1984', city: 'Spring\u0007field' }),
      row({ given: 'Di', family: 'Zip', dob: '3/7/1984', zip: '627/04' }),
      row({ given: 'Ed', family: 'Fine', dob: '3/7/1984', member: 'ok-1' }),
    ]));
    expect(summary).toMatchObject({ imported: 1, invalid: 4, leftOutRows: 4 });
    expect(count(`SELECT count(*) FROM patients`)).toBe(1);
    const reasons = why();
    expect(reasons.get(2)).toBe('Subscriber ID: The member ID is too long (at most 30 characters).');
    expect(reasons.get(3)).toBe('Subscriber ID: Enter the member ID with letters, digits, spaces or hyphens only.');
    expect(reasons.get(4)).toBe('City: The city contains a hidden control character, often copied from another program. Type it again.');
    expect(reasons.get(5)).toBe('Zip: Enter the postal code with letters, digits, spaces or hyphens only.');
  });

  it('keeps the new columns of a left-out row as they were in the rows to fix', async () => {
    const bad = row({ given: 'Ann', family: '', dob: '3/7/1984', street: '12 Elm St', payer: 'Delta Dental', member: 'DD-1', gGiven: 'Tom', gFamily: 'Archer', gDob: '1/2/1960', household: 'H7' });
    await runImportJob(ctx, job([bad]));
    const report = readFileSync(join(t.file, '..', 'report.csv'), 'utf8').split(/\r?\n/);
    expect(report[0]).toBe(`${HEADER},Line in the original file,Why it was not imported`);
    expect(report[1]).toBe(`${bad},2,Last Name: Enter a family name.`);
  });
});

describe('responsible person and household', () => {
  it('links a child to a parent whose row comes later, and writes the parent first so the hub knows them', async () => {
    const summary = await runImportJob(ctx, job([
      row({ given: 'Kid', family: 'Child', dob: '5/6/2015', gGiven: 'Pat', gFamily: 'Parent', gDob: '1/2/1980' }),
      row({ given: 'Pat', family: 'Parent', dob: '1/2/1980' }),
    ]));
    expect(summary).toMatchObject({ imported: 2, warnings: 0 });
    expect(byName('Child').guardian_id).toBe(byName('Parent').id);
    const order = t.db.prepare(`SELECT entity_id FROM outbox WHERE operation = 'patient.create' ORDER BY rowid`).pluck().all();
    expect(order).toEqual([byName('Parent').id, byName('Child').id]);
    const payload = JSON.parse(t.db.prepare(`SELECT payload FROM outbox WHERE entity_id = ?`).pluck().get(byName('Child').id) as string) as Patient;
    expect(payload.guardianId).toBe(byName('Parent').id);
  });

  it('links a registered patient by name and birth date, however the name is written', async () => {
    const mum = createPatient(ctx, { givenName: 'Maria', familyName: 'López', dateOfBirth: '1980-01-02' });
    await runImportJob(ctx, job([row({ given: 'Kid', family: 'Lopez', dob: '5/6/2015', gGiven: 'maria', gFamily: 'LOPEZ', gDob: '01/02/1980' })]));
    expect(byName('Lopez').guardian_id).toBe(mum.id);
  });

  it('imports without the link, with a warning, when nobody or several match', async () => {
    createPatient(ctx, { givenName: 'Sam', familyName: 'Twin', dateOfBirth: '1980-01-02' });
    createPatient(ctx, { givenName: 'Sam', familyName: 'Twin', dateOfBirth: '1980-01-02', confirmDuplicate: true });
    const lines = [
      row({ given: 'Ava', family: 'Nobody', dob: '5/6/2015', gGiven: 'No', gFamily: 'One', gDob: '1/2/1980' }),
      row({ given: 'Bea', family: 'Ambiguous', dob: '5/6/2015', gGiven: 'Sam', gFamily: 'Twin', gDob: '1/2/1980' }),
      row({ given: 'Cal', family: 'Nodate', dob: '5/6/2015', gGiven: 'Sam', gFamily: 'Twin' }),
    ];
    const check = await runImportJob(ctx, job(lines, { mode: 'check' }));
    const summary = await runImportJob(ctx, job(lines));
    for (const s of [check, summary]) {
      expect(s).toMatchObject({ ready: 3, invalid: 0, warnings: 3, leftOutRows: 0 });
      expect(s.problems.map((p) => [p.line, p.kind, p.message])).toEqual([
        [2, 'warning', 'No responsible person linked: no registered patient or row of this file has their name and date of birth.'],
        [3, 'warning', "No responsible person linked: several patients have their name and date of birth. Choose the right one on the patient's panel."],
        [4, 'warning', 'No responsible person linked: their date of birth is missing, and both are needed to find their record.'],
      ]);
    }
    expect(summary.imported).toBe(3);
    expect(count(`SELECT count(*) FROM patients WHERE guardian_id IS NOT NULL`)).toBe(0);
  });

  it('makes no circle of responsible persons, and a row naming itself answers for itself', async () => {
    const summary = await runImportJob(ctx, job([
      row({ given: 'Ann', family: 'Alpha', dob: '1/1/1980', gGiven: 'Bob', gFamily: 'Beta', gDob: '2/2/1980' }),
      row({ given: 'Bob', family: 'Beta', dob: '2/2/1980', gGiven: 'Cy', gFamily: 'Gamma', gDob: '3/3/1980' }),
      row({ given: 'Cy', family: 'Gamma', dob: '3/3/1980', gGiven: 'Ann', gFamily: 'Alpha', gDob: '1/1/1980' }),
      row({ given: 'Dee', family: 'Self', dob: '4/4/1980', gGiven: 'Dee', gFamily: 'Self', gDob: '4/4/1980' }),
    ]));
    expect(summary).toMatchObject({ imported: 4, warnings: 1 });
    expect(summary.problems).toEqual([
      { line: 4, column: '', kind: 'warning', message: 'No responsible person linked: that person already depends on this patient, so they cannot also answer for them.' },
    ]);
    expect(byName('Alpha').guardian_id).toBe(byName('Beta').id);
    expect(byName('Beta').guardian_id).toBe(byName('Gamma').id);
    expect(byName('Gamma').guardian_id).toBeNull();
    expect(byName('Self').guardian_id).toBeNull();
  });

  it('leaves out a row whose responsible person has an unreadable birth date or a broken name', async () => {
    const summary = await runImportJob(ctx, job([
      row({ given: 'Ann', family: 'Baddate', dob: '1/1/2015', gGiven: 'Pat', gFamily: 'Parent', gDob: '2/30/1980' }),
      row({ given: 'Bo', family: 'Badname', dob: '1/1/2015', gGiven: 'P\u0000at', gFamily: 'Parent', gDob: '2/3/1980' }),
    ]));
    expect(summary).toMatchObject({ imported: 0, invalid: 2 });
    expect(why().get(2)).toBe('Guardian DOB: The date of birth is not a real date.');
    expect(why().get(3)).toMatch(/^Guardian First Name: The given name contains a hidden control character/);
  });

  it('puts rows sharing a household number in one household, one per number', async () => {
    const summary = await runImportJob(ctx, job([
      row({ given: 'Ann', family: 'One', dob: '1/1/1980', household: 'A-1' }),
      row({ given: 'Bob', family: 'Two', dob: '1/1/1981', household: 'B-2' }),
      row({ given: 'Cy', family: 'Three', dob: '1/1/2010', household: 'A-1' }),
      row({ given: 'Dee', family: 'Four', dob: '1/1/1982', household: 'C-3' }),
      row({ given: 'Eve', family: 'Five', dob: '1/1/2012', household: 'B-2' }),
    ]));
    expect(summary).toMatchObject({ imported: 5, warnings: 0 });
    expect(byName('One').household_id).not.toBeNull();
    expect(byName('Three').household_id).toBe(byName('One').household_id);
    expect(byName('Five').household_id).toBe(byName('Two').household_id);
    expect(byName('Two').household_id).not.toBe(byName('One').household_id);
    expect(byName('Four').household_id).toBeNull();
    const audit = JSON.parse(t.db.prepare(`SELECT details FROM audit_log WHERE action = 'patient.import'`).pluck().get() as string);
    expect(audit).toMatchObject({ households: 2, responsiblePersonsLinked: 0, withoutLinks: 0 });
  });

  it('puts no one in a household that would hold more people than a household can', async () => {
    const lines = Array.from({ length: 31 }, (_, i) => row({ given: `Kin${i}`, family: 'Clan', dob: `1/${i + 1}/1980`, household: 'BIG' }));
    const summary = await runImportJob(ctx, job(lines));
    expect(summary).toMatchObject({ imported: 31, warnings: 31 });
    expect(summary.problems[0]?.message).toBe('Not put in a household: 31 rows share its household number, more than one household holds (30).');
    expect(count(`SELECT count(*) FROM patients WHERE household_id IS NOT NULL`)).toBe(0);
  });

  it('imports the benchmark’s file with every record column mapped', async () => {
    const csv = plantedCsv(600, { brokenEvery: 97, duplicateEvery: 49, existingEvery: 1_000_000, existing: [], recordColumns: true });
    const mapping = { delimiter: ',', nameMode: 'parts', givenName: 0, familyName: 1, dateOfBirth: 2, dateFormat: 'MM/DD/YYYY', phone: 3, email: 4, smsOptOut: 5, ...RECORD_MAPPING } as const;
    const dir = join(t.file, '..');
    writeFileSync(join(dir, 'bench.csv'), csv.text);
    const summary = await runImportJob(ctx, { csvFile: join(dir, 'bench.csv'), reportFile: join(dir, 'report.csv'), mapping: importMapping.parse(mapping), mode: 'import', duplicates: 'skip' });
    expect(summary).toMatchObject({ imported: csv.expected.ready, invalid: csv.expected.invalid });
    // Every fifth row names someone; only those whose row was left out (broken or a repeat) stay unlinked.
    const linked = count(`SELECT count(*) FROM patients WHERE guardian_id IS NOT NULL`);
    expect(linked + summary.warnings).toBe(count(`SELECT count(*) FROM patients p WHERE CAST(substr(p.email, 2, instr(p.email, '@') - 2) AS INTEGER) % 5 = 0 AND p.email IS NOT NULL`));
    expect(linked).toBeGreaterThan(100);
    expect(count(`SELECT count(DISTINCT household_id) FROM patients WHERE household_id IS NOT NULL`)).toBeGreaterThan(150);
  });

  it('orders each row after its responsible person', () => {
    expect(guardianFirstOrder(4, new Map([[0, { row: 2 }], [2, { row: 3 }]]))).toEqual([3, 2, 0, 1]);
  });
});

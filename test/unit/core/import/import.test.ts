import { readFileSync, writeFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPatient, searchPatients } from '@main/core/patients';
import { detectDelimiter, guessDateFormat, readDate, runImportJob, suggestMapping, type ImportJob } from '@main/core/import';
import { importMapping, type ImportMappingInput } from '@shared/schemas/import';
import { AppError } from '@shared/domain/errors';
import { openTempDb } from '../../../helpers/tempdb';
import { testContext, type TestContext } from '../../../helpers/clinic-fixture';
import { person, plantedCsv } from '../../../helpers/patient-csv';
import { DateTally } from '@main/core/import/date-tally';

let t: ReturnType<typeof openTempDb>;
let ctx: TestContext;
beforeEach(() => {
  t = openTempDb();
  ctx = testContext(t.db);
});
afterEach(() => t.cleanup());

const MAPPING: ImportMappingInput = {
  delimiter: ',',
  nameMode: 'parts',
  givenName: 0,
  familyName: 1,
  dateOfBirth: 2,
  dateFormat: 'MM/DD/YYYY',
  phone: 3,
  email: 4,
  smsOptOut: 5,
};

function job(text: string, over: Partial<ImportJob> = {}, mapping: ImportMappingInput = MAPPING): ImportJob {
  const dir = join(t.file, '..');
  writeFileSync(join(dir, 'in.csv'), text);
  return {
    csvFile: join(dir, 'in.csv'),
    reportFile: join(dir, 'report.csv'),
    mapping: importMapping.parse(mapping),
    mode: 'import',
    duplicates: 'skip',
    ...over,
  };
}

const count = (sql: string): number => t.db.prepare(sql).pluck().get() as number;

describe('reading cells', () => {
  it('reads each date format and refuses impossible or two-digit-year dates', () => {
    expect(readDate('3/7/1984', 'MM/DD/YYYY')).toEqual({ ok: true, iso: '1984-03-07' });
    expect(readDate('07/03/1984', 'DD/MM/YYYY')).toEqual({ ok: true, iso: '1984-03-07' });
    expect(readDate('7.3.1984', 'DD.MM.YYYY')).toEqual({ ok: true, iso: '1984-03-07' });
    expect(readDate('19840307', 'YYYYMMDD')).toEqual({ ok: true, iso: '1984-03-07' });
    expect(readDate('1984-03-07', 'YYYY-MM-DD')).toEqual({ ok: true, iso: '1984-03-07' });
    expect(readDate('2/29/2001', 'MM/DD/YYYY').ok).toBe(false);
    expect(readDate('2/29/2000', 'MM/DD/YYYY')).toEqual({ ok: true, iso: '2000-02-29' });
    expect(readDate('13/01/1990', 'MM/DD/YYYY').ok).toBe(false);
    expect(readDate('3/7/84', 'MM/DD/YYYY')).toEqual({ ok: false, message: expect.stringContaining('two-digit year') });
    expect(readDate('1984-03-07', 'MM/DD/YYYY').ok).toBe(false);
  });

  it('guesses the separator, the columns and the date order from the header and first rows', () => {
    expect(detectDelimiter('a;b;c')).toBe(';');
    expect(detectDelimiter('a\tb\tc')).toBe('\t');
    expect(detectDelimiter('a,b')).toBe(',');
    const m = suggestMapping(['Patient Name', 'Birth Date', 'Cell Phone', 'E-mail'], [['x', '25/12/1990', '', '']], ',');
    expect(m).toMatchObject({ nameMode: 'full', fullName: 0, dateOfBirth: 1, phone: 2, email: 3, dateFormat: 'DD/MM/YYYY' });
    const parts = suggestMapping(['First Name', 'Last Name', 'DOB'], [], ',');
    expect(parts).toMatchObject({ nameMode: 'parts', givenName: 0, familyName: 1, dateOfBirth: 2 });
    expect(guessDateFormat(['01/02/1990', '12/11/1980'])).toBe('MM/DD/YYYY');
    expect(guessDateFormat(['1990-02-01'])).toBe('YYYY-MM-DD');
    // A majority decides: one ISO date among US dates does not make the file ISO.
    expect(guessDateFormat(['1990-02-01', '12/25/1980', '3/4/1975'])).toBe('MM/DD/YYYY');
    expect(guessDateFormat(['25/12/1980', '3/4/1975', '1990-02-01'])).toBe('DD/MM/YYYY');
  });

  it('tallies every row of a date column per format and picks the majority', () => {
    const tally = new DateTally();
    for (const v of ['1990-02-01', '12/25/1980', '3/4/1975', '', '31/12/1999', 'not a date']) tally.add(v);
    expect(tally.result(2)).toEqual({
      column: 2,
      values: 5,
      readable: { 'YYYY-MM-DD': 1, 'MM/DD/YYYY': 2, 'DD/MM/YYYY': 2, 'DD.MM.YYYY': 0, YYYYMMDD: 0 },
      best: 'MM/DD/YYYY',
    });
  });

  it('refuses a mapping without names or birth date, naming the field', () => {
    const r = importMapping.safeParse({ ...MAPPING, familyName: null });
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(['familyName']);
    expect(importMapping.safeParse({ ...MAPPING, nameMode: 'full' }).error?.issues[0]?.path).toEqual(['fullName']);
  });
});

describe('import', () => {
  it('imports good rows through the write path (search, outbox, one audit row with counts) and reports the rest', async () => {
    const existing = [9_001, 9_002];
    for (const k of existing) {
      const p = person(k);
      const [m, d, y] = p.dob.split('/');
      createPatient(ctx, { givenName: p.given, familyName: p.family, dateOfBirth: `${y}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`, phone: p.phone });
    }
    const auditBefore = count(`SELECT count(*) FROM audit_log`);
    const csv = plantedCsv(300, { brokenEvery: 25, duplicateEvery: 40, existingEvery: 35, existing });
    expect(csv.expected.duplicatesOfExisting).toBeGreaterThan(0);
    const summary = await runImportJob(ctx, job(csv.text));

    expect(summary).toMatchObject({ mode: 'import', ...csv.expected, imported: csv.expected.ready });
    expect(count(`SELECT count(*) FROM patients`)).toBe(existing.length + csv.expected.ready);
    expect(count(`SELECT count(*) FROM outbox WHERE operation = 'patient.create'`)).toBe(existing.length + csv.expected.ready);
    expect(count(`SELECT count(*) FROM patient_search_docs`)).toBe(existing.length + csv.expected.ready);
    // One audit row for the whole import, counts only.
    expect(count(`SELECT count(*) FROM audit_log`)).toBe(auditBefore + 1);
    const audit = t.db.prepare(`SELECT action, details FROM audit_log ORDER BY seq DESC LIMIT 1`).get() as { action: string; details: string };
    expect(audit.action).toBe('patient.import');
    expect(JSON.parse(audit.details)).toEqual({
      rows: 300,
      imported: csv.expected.ready,
      invalid: csv.expected.invalid,
      duplicatesOfExisting: csv.expected.duplicatesOfExisting,
      duplicatesInFile: csv.expected.duplicatesInFile,
      duplicatePolicy: 'skip',
      responsiblePersonsLinked: 0,
      households: 0,
      withoutLinks: 0,
    });

    // Imported patients are found by search like any other.
    const p7 = person(7);
    const hits = searchPatients(ctx, { query: `${p7.given} ${p7.family}` }).hits;
    expect(hits.some((h) => h.givenName === p7.given && h.familyName === p7.family)).toBe(true);
    const stored = t.db.prepare(`SELECT date_of_birth, phone_digits, preferred_channel FROM patients WHERE phone_digits = ?`).get('2120000007');
    expect(stored).toEqual({ date_of_birth: '1935-01-08', phone_digits: '2120000007', preferred_channel: 'sms' });

    // The rows left out, as they were in the file, with their line and why — to fix and import again.
    const report = readFileSync(join(t.file, '..', 'report.csv'), 'utf8');
    const rows = parseCsv(report) as string[][];
    const original = parseCsv(csv.text, { relax_column_count: true, relax_quotes: true }) as string[][];
    expect(rows[0]).toEqual([...original[0]!, 'Line in the original file', 'Why it was not imported']);
    expect(rows.length - 1).toBe(summary.leftOutRows);
    expect(summary.leftOutRows).toBe(csv.expected.invalid + csv.expected.duplicatesOfExisting + csv.expected.duplicatesInFile);
    const byLine = new Map(rows.slice(1).map((r) => [Number(r.at(-2)), r]));
    const why = (line: number) => byLine.get(line)?.at(-1);
    expect(why(26)).toBe('Last Name: Enter a family name.');
    expect(why(51)).toBe('Mobile: Enter a phone number of 7 to 15 digits, for example (212) 555-0147.');
    expect(why(76)).toBe('The line has 7 columns, the header 6; a separator may be misplaced.');
    expect(why(101)).toMatch(/^First Name: A quote mark is out of place/);
    // Several problems of one row are listed together.
    expect(why(126)).toBe('SMS Opt-Out: Write the text-message opt-out as yes or no.; Email: Enter an e-mail address like name@example.com.');
    expect(why(151)).toBe('DOB: The date of birth is not a real date.');
    expect([...byLine.values()].some((r) => /^Looks like the patient on line \d+ \(same name and date of birth\)\.$/.test(r.at(-1)!))).toBe(true);
    expect([...byLine.values()].some((r) => r.at(-1) === 'Looks like a patient who is already registered (same name and date of birth).')).toBe(true);
    // Each row as the file had it (a line with a column too many is cut to the header's width).
    for (const line of [26, 51, 126, 151]) expect(byLine.get(line)!.slice(0, 6)).toEqual(original[line - 1]!.slice(0, 6));
    expect(byLine.get(76)!.slice(0, 6)).toEqual(original[75]!.slice(0, 6));
  });

  it('imports the rows to fix again once fixed, phones written formula-safe included', async () => {
    const text = 'First Name,Last Name,DOB,Mobile,Email,SMS Opt-Out\nAnn,,1/2/1980,+1 212 555 0147,,no\nBo,Lee,1/3/1980,,,no\n';
    expect(await runImportJob(ctx, job(text))).toMatchObject({ imported: 1, leftOutRows: 1 });
    const toFix = readFileSync(join(t.file, '..', 'report.csv'), 'utf8');
    expect(toFix).toContain("Ann,,1/2/1980,'+1 212 555 0147,,no,2,Last Name: Enter a family name.");
    const fixed = toFix.replace('Ann,,1/2/1980', 'Ann,Archer,1/2/1980');
    expect(await runImportJob(ctx, job(fixed))).toMatchObject({ rows: 1, imported: 1, leftOutRows: 0 });
    expect(t.db.prepare(`SELECT phone FROM patients WHERE family_name = 'Archer'`).pluck().get()).toBe('+1 212 555 0147');
  });

  it('writes a column header from the file that starts like a spreadsheet formula as text in the report', async () => {
    const text = `First Name,=HYPERLINK("http://x.example/"),DOB,Mobile,Email,SMS Opt-Out\nAnn,,1/2/1980,,,no\n`;
    await runImportJob(ctx, job(text, { mode: 'check' }));
    const report = readFileSync(join(t.file, '..', 'report.csv'), 'utf8');
    expect(report).toContain(`First Name,"'=HYPERLINK(""http://x.example/"")",DOB`);
    expect(report).toContain(`Ann,,1/2/1980,,,no,2,"'=HYPERLINK(""http://x.example/""): Enter a family name."`);
  });

  it('reports a name with a control character in it as a problem of its line, and imports the rest', async () => {
    const text = `First Name,Last Name,DOB,Mobile,Email,SMS Opt-Out\nAn\u0000n,Lee,1/2/1980,,,no\nBo,Lee,1/3/1980,,,no\n`;
    const summary = await runImportJob(ctx, job(text));
    expect(summary).toMatchObject({ imported: 1 });
    const report = readFileSync(join(t.file, '..', 'report.csv'), 'utf8');
    expect(report).toContain(',2,"First Name: The given name contains a hidden control character, often copied from another program. Type it again."');
    expect(count(`SELECT COUNT(*) FROM patients`)).toBe(1);
  });

  it('checks without writing anything', async () => {
    const csv = plantedCsv(120, { brokenEvery: 25, duplicateEvery: 40, existingEvery: 1_000, existing: [] });
    const summary = await runImportJob(ctx, job(csv.text, { mode: 'check' }));
    expect(summary).toMatchObject({ mode: 'check', ...csv.expected, imported: 0 });
    expect(count(`SELECT count(*) FROM patients`)).toBe(0);
    expect(count(`SELECT count(*) FROM outbox`)).toBe(0);
  });

  it('imports duplicates too when asked, still reporting them', async () => {
    const csv = plantedCsv(120, { brokenEvery: 1_000, duplicateEvery: 40, existingEvery: 1_000, existing: [] });
    const summary = await runImportJob(ctx, job(csv.text, { duplicates: 'import' }));
    expect(summary.imported).toBe(120);
    expect(summary.duplicatesInFile).toBe(csv.expected.duplicatesInFile);
    expect(count(`SELECT count(*) FROM patients`)).toBe(120);
  });

  it('writes nothing when cancelled during the write', async () => {
    const csv = plantedCsv(12_000, { brokenEvery: 1_000, duplicateEvery: 1_000, existingEvery: 100_000, existing: [] });
    let writing = false;
    await expect(
      runImportJob(ctx, job(csv.text), {
        onProgress: (phase, done) => {
          if (phase === 'writing' && done > 0) writing = true;
        },
        isCancelled: () => writing,
      }),
    ).rejects.toThrow('import cancelled');
    expect(count(`SELECT count(*) FROM patients`)).toBe(0);
    expect(count(`SELECT count(*) FROM patient_search_docs`)).toBe(0);
    expect(count(`SELECT count(*) FROM outbox`)).toBe(0);
    expect(count(`SELECT count(*) FROM audit_log`)).toBe(0);
    // The search feed triggers came back with the rollback: a desk registration is indexed again.
    createPatient(ctx, { givenName: 'Zed', familyName: 'Quill', dateOfBirth: '1990-01-01' });
    expect(searchPatients(ctx, { query: 'Quill' }).hits).toHaveLength(1);
  });

  it('reads a full-name column, semicolons, a BOM and ISO dates', async () => {
    const text = '\uFEFFName;Born;Phone\r\n"Archer, Ann";1980-01-01;555 010 1234\r\nBob Baker;1975-06-15;\r\nCher;1946-05-20;\r\n';
    const summary = await runImportJob(
      ctx,
      job(text, {}, { delimiter: ';', nameMode: 'full', fullName: 0, dateOfBirth: 1, dateFormat: 'YYYY-MM-DD', phone: 2 }),
    );
    expect(summary).toMatchObject({ rows: 3, imported: 2, invalid: 1 });
    expect(summary.problems[0]).toMatchObject({ line: 4, column: 'Name', message: 'Enter a given name.' });
    const names = t.db.prepare(`SELECT given_name || ' ' || family_name FROM patients ORDER BY family_name`).pluck().all();
    expect(names).toEqual(['Ann Archer', 'Bob Baker']);
  });

  it('refuses a birth date in the future and a mapping past the last column', async () => {
    const future = await runImportJob(ctx, job('First Name,Last Name,DOB\nAnn,Archer,1/1/2031\n', {}, { ...MAPPING, phone: null, email: null, smsOptOut: null }));
    expect(future.problems[0]?.message).toBe('The date of birth is in the future.');
    let caught: unknown;
    try {
      await runImportJob(ctx, job('First Name,Last Name\nAnn,Archer\n'));
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AppError);
    expect((caught as AppError).code).toBe('VALIDATION');
    expect((caught as AppError).details?.issues).toContainEqual({ path: 'dateOfBirth', message: expect.any(String) });
  });

  it('leaves out rows that became duplicates of patients registered at a desk during the check', async () => {
    const csv = plantedCsv(50, { brokenEvery: 1_000, duplicateEvery: 1_000, existingEvery: 1_000, existing: [] });
    const p = person(10);
    let registered = false;
    const summary = await runImportJob(ctx, job(csv.text), {
      onProgress: (phase) => {
        if (phase === 'checking' && !registered) {
          registered = true;
          createPatient(ctx, { givenName: p.given, familyName: p.family, dateOfBirth: '1935-01-11' });
        }
      },
    });
    expect(summary.imported).toBe(49);
    expect(summary.duplicatesOfExisting).toBe(1);
    expect(count(`SELECT count(*) FROM patients`)).toBe(50);
  });
});

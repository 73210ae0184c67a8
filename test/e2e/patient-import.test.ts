import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { person, plantedCsv } from '../helpers/patient-csv';
import { readDb } from './booking-helpers';
import {
  buildRendererOnce,
  launchChromium,
  openDeskPage,
  saveScreenshot,
  seriousA11yViolations,
  startWebHost,
  gotoSignedIn,
  type WebHostProcess,
} from './harness';

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');
const ROWS = 3_000;

describe('patient import (Set-up → Import patients)', () => {
  let host: WebHostProcess;
  let browser: Browser;

  beforeAll(async () => {
    await buildRendererOnce();
    [host, browser] = await Promise.all([startWebHost({ now: NOW, demo: false }), launchChromium()]);
  });

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it('maps, checks, reports problems, imports, finds the patients, then sees them as duplicates', async () => {
    const csv = plantedCsv(ROWS, { brokenEvery: 53, duplicateEvery: 71, existingEvery: 1_000_000, existing: [] });
    const { page, errors } = await openDeskPage(browser);
    await gotoSignedIn(page, host.url);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Set-up' }).click();
    await page.getByRole('tab', { name: 'Import patients' }).click();

    const choose = async (): Promise<void> => {
      await page.getByLabel('CSV file exported from the old system').setInputFiles({
        name: 'old-system-export.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(csv.text),
      });
      await page.getByRole('region', { name: 'First rows of the file' }).waitFor();
    };
    await choose();

    // The mapping is guessed from the header; the preview shows the first rows.
    expect(await page.getByLabel('Given name').inputValue()).toBe('0');
    expect(await page.getByLabel('Family name').inputValue()).toBe('1');
    expect(await page.getByLabel('Date of birth', { exact: true }).inputValue()).toBe('2');
    expect(await page.getByLabel('Dates are written as').inputValue()).toBe('MM/DD/YYYY');
    expect(await page.getByRole('cell', { name: person(1).family, exact: true }).first().isVisible()).toBe(true);

    // A required column left unmapped: the message sits at the field and nothing is checked.
    await page.getByLabel('Family name').selectOption('');
    await page.getByRole('button', { name: 'Check the file' }).click();
    const family = page.getByLabel('Family name');
    expect(await family.getAttribute('aria-invalid')).toBe('true');
    expect(await page.getByText('Choose the family-name column.').isVisible()).toBe(true);
    await saveScreenshot(page, 'patient-import-mapping-error');
    await family.selectOption('1');
    expect(await family.getAttribute('aria-invalid')).toBeNull();
    await saveScreenshot(page, 'patient-import-mapping');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'The file is checked' }).waitFor({ timeout: 60_000 });
    const counts = page.locator('.pi-counts');
    expect(await counts.textContent()).toContain(`Ready to import${csv.expected.ready.toLocaleString('en-US')}`);
    expect(await counts.textContent()).toContain(`Rows with problems${csv.expected.invalid}`);
    expect(await counts.textContent()).toContain(`Repeat an earlier row${csv.expected.duplicatesInFile}`);
    expect(await page.getByRole('cell', { name: 'Enter a family name.' }).first().isVisible()).toBe(true);
    await saveScreenshot(page, 'patient-import-checked');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The rows left out, as the file had them, with their line and why.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /^Download the .* to fix/ }).click()]);
    expect(download.suggestedFilename()).toBe('old-system-export-rows-to-fix.csv');
    const report = readFileSync((await download.path())!, 'utf8').trim().split(/\r?\n/);
    expect(report[0]).toBe('First Name,Last Name,DOB,Mobile,Email,SMS Opt-Out,Line in the original file,Why it was not imported');
    expect(report.length - 1).toBeGreaterThanOrEqual(csv.expected.invalid + csv.expected.duplicatesInFile);
    expect(await page.locator('.pi-note').textContent()).toContain('will be left out');

    await page.getByRole('button', { name: `Import ${csv.expected.ready.toLocaleString('en-US')} patients` }).click();
    await page.getByRole('heading', { name: `Imported ${csv.expected.ready.toLocaleString('en-US')} patients` }).waitFor({ timeout: 60_000 });
    await saveScreenshot(page, 'patient-import-done');

    // Imported patients are in the desk's search at once.
    const p = person(1_234);
    await page.getByRole('combobox', { name: /Search patients|Find a patient|patients/i }).fill(`${p.given} ${p.family}`);
    await page.getByRole('listbox', { name: 'Matching patients' }).getByRole('option').first().waitFor();
    expect(await page.getByRole('listbox', { name: 'Matching patients' }).textContent()).toContain(p.family);
    await page.keyboard.press('Escape');

    // The same file again: every good row now looks like a registered patient.
    await page.getByRole('button', { name: 'Import another file' }).click();
    await choose();
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'The file is checked' }).waitFor({ timeout: 60_000 });
    expect(await counts.textContent()).toContain(`Look like registered patients${(csv.expected.ready + csv.expected.duplicatesInFile).toLocaleString("en-US")}`);
    expect(await counts.textContent()).toContain('Ready to import0');
    expect(await page.getByRole('button', { name: 'Import 0 patients' }).isDisabled()).toBe(true);

    expect(errors, host.output()).toEqual([]);
  }, 180_000);

  it('reads dates by the majority of all rows, imports the good rows, and takes the fixed rows back', async () => {
    const { page, errors } = await openDeskPage(browser);
    await gotoSignedIn(page, host.url);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Set-up' }).click();
    await page.getByRole('tab', { name: 'Import patients' }).click();
    // Ten US dates and one ISO date (first), and one row without a family name.
    const lines = ['First Name,Last Name,DOB,Mobile', 'Iris,Isodate,1971-04-05,+1 212 555 0100'];
    for (let i = 1; i <= 10; i++) lines.push(`Gina${i},${i === 4 ? '' : `Goodrow${i}`},${i}/${20 + i}/1980,`);
    const upload = async (name: string, text: string): Promise<void> => {
      await page.getByLabel('CSV file exported from the old system').setInputFiles({ name, mimeType: 'text/csv', buffer: Buffer.from(text) });
      await page.getByRole('region', { name: 'First rows of the file' }).waitFor();
    };
    await upload('front-office.csv', `${lines.join('\n')}\n`);

    const format = page.getByLabel('Dates are written as');
    expect(await format.inputValue()).toBe('MM/DD/YYYY');
    expect(await format.locator('option:checked').textContent()).toBe('MM/DD/YYYY — 10 of 11 rows');
    expect(await page.getByText('Over all 11 dates in this column, 10 read as MM/DD/YYYY.').isVisible()).toBe(true);
    // Choosing a format most rows do not read in says so at the field.
    await format.selectOption('YYYY-MM-DD');
    expect(await page.getByText('Most of them (10) read as MM/DD/YYYY').isVisible()).toBe(true);
    await format.selectOption('MM/DD/YYYY');
    await saveScreenshot(page, 'patient-import-date-majority');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'The file is checked' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('.pi-note').textContent()).toContain('Importing adds the 9 patients that passed. The other 2 rows will be left out.');
    await saveScreenshot(page, 'patient-import-left-out');
    await page.getByRole('button', { name: 'Import 9 patients' }).click();
    await page.getByRole('heading', { name: 'Imported 9 patients' }).waitFor({ timeout: 60_000 });
    expect(await page.locator('.pi-note').textContent()).toContain('2 rows were left out.');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download the 2 rows to fix (CSV)' }).click()]);
    const toFix = readFileSync((await download.path())!, 'utf8');
    expect(toFix.trim().split(/\r?\n/)).toEqual([
      'First Name,Last Name,DOB,Mobile,Line in the original file,Why it was not imported',
      "Iris,Isodate,1971-04-05,'+1 212 555 0100,2,DOB: The date of birth is not written as MM/DD/YYYY.",
      'Gina4,,4/24/1980,,6,Last Name: Enter a family name.',
    ]);

    // Fixed in a spreadsheet and imported the same way: both come in, the phone as it was.
    await page.getByRole('button', { name: 'Import another file' }).click();
    await upload('front-office-rows-to-fix.csv', toFix.replace('1971-04-05', '4/5/1971').replace('Gina4,,', 'Gina4,Goodrow4,'));
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'The file is checked' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Import 2 patients' }).click();
    await page.getByRole('heading', { name: 'Imported 2 patients' }).waitFor({ timeout: 60_000 });
    const phone = readDb(host.dbFile, (db) => db.prepare(`SELECT phone FROM patients WHERE family_name = 'Isodate'`).pluck().get());
    expect(phone).toBe('+1 212 555 0100');
    expect(errors, host.output()).toEqual([]);
  }, 180_000);

  it('imports address, insurance and a responsible person named on a later row; the child’s panel shows them', async () => {
    const { page, errors } = await openDeskPage(browser);
    await gotoSignedIn(page, host.url);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Set-up' }).click();
    await page.getByRole('tab', { name: 'Import patients' }).click();
    const text = [
      'First Name,Last Name,DOB,Address,City,State,Zip,Carrier,Subscriber ID,Group Number,Guardian First Name,Guardian Last Name,Guardian DOB,Household ID',
      // The child comes before the parent; a third row's member id is longer than a payer's; a fourth names nobody registered.
      'Wren,Oakhollow,5/6/2016,14 Birch Lane,Springfield,IL,62704,Delta Dental,DDX-4471,G-88,Marisol,Oakhollow,1/2/1984,F-17',
      'Marisol,Oakhollow,1/2/1984,14 Birch Lane,Springfield,IL,62704,Delta Dental,DDX-4470,G-88,,,,F-17',
      `Tobin,Longmember,3/3/1990,,,,,Aetna,${'A'.repeat(31)},,,,,`,
      'Quill,Orphanby,4/4/2012,,,,,,,,Nobody,Known,1/1/1970,',
    ].join('\n');
    await page.getByLabel('CSV file exported from the old system').setInputFiles({ name: 'family.csv', mimeType: 'text/csv', buffer: Buffer.from(`${text}\n`) });
    await page.getByRole('region', { name: 'First rows of the file' }).waitFor();

    // The record's columns are recognised and shown like the others.
    const columns = page.getByRole('form', { name: 'Columns' });
    expect(await columns.getByLabel('Street address').inputValue()).toBe('3');
    expect(await columns.getByLabel('Postal code').inputValue()).toBe('6');
    expect(await columns.getByLabel('Payer (carrier)').inputValue()).toBe('7');
    expect(await columns.getByLabel('Member ID').inputValue()).toBe('8');
    expect(await columns.getByLabel('Responsible person’s given name').inputValue()).toBe('10');
    expect(await columns.getByLabel('Responsible person’s date of birth').inputValue()).toBe('12');
    expect(await columns.getByLabel('Household or guarantor number').inputValue()).toBe('13');
    await saveScreenshot(page, 'patient-import-mapping-record');
    await columns.getByRole('group', { name: /^Responsible person and household/ }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'patient-import-mapping-family');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'The file is checked' }).waitFor({ timeout: 60_000 });
    const counts = page.locator('.pi-counts');
    expect(await counts.textContent()).toContain('Ready to import3');
    expect(await counts.textContent()).toContain('Rows with problems1');
    expect(await counts.textContent()).toContain('Without a family link1');
    expect(await page.getByRole('cell', { name: 'The member ID is too long (at most 30 characters).' }).isVisible()).toBe(true);
    expect(await page.getByRole('cell', { name: /^No responsible person linked: no registered patient/ }).isVisible()).toBe(true);
    await saveScreenshot(page, 'patient-import-record-checked');
    await page.getByRole('button', { name: 'Import 3 patients' }).click();
    await page.getByRole('heading', { name: 'Imported 3 patients' }).waitFor({ timeout: 60_000 });

    const stored = readDb(host.dbFile, (db) =>
      db.prepare(`SELECT address_line1, postal_code, insurance_payer, insurance_member_id, household_id IS NOT NULL AS household FROM patients WHERE given_name = 'Wren'`).get(),
    );
    expect(stored).toEqual({ address_line1: '14 Birch Lane', postal_code: '62704', insurance_payer: 'Delta Dental', insurance_member_id: 'DDX-4471', household: 1 });

    // The child's panel lists the parent as the responsible person.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Schedule' }).click();
    await page.getByRole('search', { name: 'Patients' }).getByRole('combobox').click();
    await page.keyboard.type('Wren Oakhollow');
    await page.getByRole('listbox', { name: 'Matching patients' }).getByRole('option', { name: /Oakhollow, Wren/ }).click();
    const side = page.getByRole('complementary', { name: 'Details' });
    await side.getByRole('heading', { name: 'Wren Oakhollow' }).waitFor();
    const parent = side.locator('.pt-family__member', { hasText: 'Marisol Oakhollow' });
    await parent.waitFor();
    expect(await parent.textContent()).toContain('Responsible person');
    await saveScreenshot(page, 'patient-import-child-panel');
    expect(errors, host.output()).toEqual([]);
  }, 180_000);
});

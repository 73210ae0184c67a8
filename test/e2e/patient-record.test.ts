import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { gotoSignedIn, hostAndBrowserPerFile, openDeskPage, saveScreenshot, seriousA11yViolations } from './harness';
import { dialog, readDb, type DemoPatient } from './booking-helpers';

/**
 * The patient record in the real renderer at desk size: edit a phone number
 * (a second browser context on the same clinic sees it at once), a member id
 * that is too long stops at the field with nothing saved, an alert shows in
 * the panel and as a mark on the patient's card, family is linked and booked
 * for from the panel, and a manager merges two duplicates and undoes it.
 */

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');
const DAY = { from: Date.parse('2025-11-24T05:00:00Z'), to: Date.parse('2025-11-25T05:00:00Z') };

const side = (page: Page) => page.getByRole('complementary', { name: 'Details' });
const readyGrid = (page: Page) => page.locator('.cg-scroll[data-state="ready"]');

async function openPatient(page: Page, p: DemoPatient): Promise<void> {
  await page.getByRole('search', { name: 'Patients' }).getByRole('combobox').click();
  await page.keyboard.type(`${p.givenName} ${p.familyName}`);
  await page.getByRole('listbox', { name: 'Matching patients' }).getByRole('option', { name: new RegExp(`${p.familyName}, ${p.givenName}`) }).click();
  await side(page).getByRole('heading', { name: `${p.givenName} ${p.familyName}` }).waitFor();
}

/** Demo patients with one visit today (their card is on the grid), unique by name. */
function patientsSeenToday(dbFile: string, count: number): DemoPatient[] {
  return readDb(dbFile, (db) =>
    db
      .prepare(
        `SELECT p.id, p.given_name AS givenName, p.family_name AS familyName, p.date_of_birth AS dateOfBirth
           FROM patients p JOIN appointments a ON a.patient_id = p.id
          WHERE a.start_at >= ? AND a.start_at < ? AND a.status = 'booked'
            AND (SELECT count(*) FROM patients q WHERE q.given_name = p.given_name AND q.family_name = p.family_name) = 1
          GROUP BY p.id HAVING count(*) = 1 ORDER BY a.start_at LIMIT ?`,
      )
      .all(DAY.from, DAY.to, count) as DemoPatient[],
  );
}

describe('patient record', () => {
  const desk = hostAndBrowserPerFile({ now: NOW, seed: 1 });

  it('edits the phone (seen on a second desk), refuses a long member id at the field, shows the alert as a card mark, links family', async () => {
    const host = desk.host();
    const { page, errors } = await openDeskPage(desk.browser());
    const { page: other } = await openDeskPage(desk.browser());
    await gotoSignedIn(page, host.url);
    await gotoSignedIn(other, host.url);
    await readyGrid(page).waitFor({ timeout: 60_000 });
    const [ann, bea] = patientsSeenToday(host.dbFile, 2);
    await openPatient(page, ann!);
    await openPatient(other, ann!);

    // Edit the phone number.
    await side(page).getByRole('button', { name: 'Edit patient' }).click();
    const edit = dialog(page, /^Edit /);
    await edit.getByLabel('Phone').fill('(212) 555-0123');
    await edit.getByLabel('Payer').fill('Delta Dental');
    await edit.getByLabel('Member ID').fill('X'.repeat(31));
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => edit.getByText('The member ID is too long (at most 30 characters).').isVisible()).toBe(true);
    expect(await edit.getByLabel('Member ID').getAttribute('aria-invalid')).toBe('true');
    expect(readDb(host.dbFile, (db) => db.prepare(`SELECT version FROM patients WHERE id = ?`).pluck().get(ann!.id))).toBe(1);

    await edit.getByLabel('Member ID').fill('DX-4471');
    await edit.getByLabel('Alert').fill('Needs wheelchair access');
    await saveScreenshot(page, 'patient-edit-dialog');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await edit.getByRole('button', { name: 'Save changes' }).click();
    await edit.waitFor({ state: 'detached' });
    await expect.poll(() => side(page).getByText('(212) 555-0123').isVisible()).toBe(true);
    // The second desk's open panel shows it without anyone touching it.
    await expect.poll(() => side(other).getByText('(212) 555-0123').isVisible(), { timeout: 10_000 }).toBe(true);
    await expect.poll(() => side(other).getByRole('note', { name: 'Patient alert' }).textContent()).toContain('Needs wheelchair access');

    // The alert is a mark on the patient's card; its text is not on the grid.
    const card = page.locator(`.cg-card:has-text("${ann!.familyName}, ${ann!.givenName}")`).first();
    await expect.poll(() => card.locator('[data-patient-alert]').count()).toBe(1);
    expect(await card.textContent()).not.toContain('wheelchair');

    // Family: link Bea, listed with a Book button.
    await side(page).getByRole('button', { name: 'Add family member…' }).click();
    await side(page).getByRole('combobox', { name: /Add a family member/ }).fill(`${bea!.givenName} ${bea!.familyName}`);
    await side(page).getByRole('option', { name: new RegExp(`${bea!.familyName}, ${bea!.givenName}`) }).click();
    const member = side(page).locator(`.pt-family__member[data-patient-id="${bea!.id}"]`);
    await member.waitFor();
    await saveScreenshot(page, 'patient-panel-record');
    await member.getByRole('button', { name: `Book for ${bea!.givenName} ${bea!.familyName}` }).click();
    const booking = dialog(page, 'Find the next available time');
    await expect.poll(() => booking.textContent()).toContain(`For ${bea!.givenName} ${bea!.familyName}`);
    await page.keyboard.press('Escape');
    await booking.waitFor({ state: 'detached' });

    // Put away with Esc while working in it, the record hands the focus back to the patient search, not to the page.
    await side(page).getByRole('button', { name: 'Edit patient' }).focus();
    await page.keyboard.press('Escape');
    await side(page).getByRole('heading', { name: `${ann!.givenName} ${ann!.familyName}` }).waitFor({ state: 'detached' });
    expect(await page.evaluate(`document.activeElement?.id`)).toBe('patient-search-input');
    expect(errors).toEqual([]);
  }, 180_000);

  it('a manager merges two duplicate records field by field, the other disappears from search, and undoes it', async () => {
    const host = desk.host();
    const { page, errors } = await openDeskPage(desk.browser());
    await gotoSignedIn(page, host.url);
    await readyGrid(page).waitFor({ timeout: 60_000 });
    const [, , keep, dupe] = patientsSeenToday(host.dbFile, 4);
    await openPatient(page, keep!);
    await side(page).getByRole('button', { name: 'Merge duplicate…' }).click();
    const merge = dialog(page, 'Merge duplicate records');
    await merge.getByRole('combobox').fill(`${dupe!.givenName} ${dupe!.familyName}`);
    await merge.getByRole('option', { name: new RegExp(`${dupe!.familyName}, ${dupe!.givenName}`) }).click();
    // Take the other record's date of birth.
    const dobRow = merge.getByRole('row', { name: /Date of birth/ });
    await dobRow.getByRole('radio').nth(1).check();
    await saveScreenshot(page, 'patient-merge-dialog');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await merge.getByRole('button', { name: /^Merge into/ }).click();
    await merge.waitFor({ state: 'detached' });

    const moved = readDb(host.dbFile, (db) => db.prepare(`SELECT count(*) FROM appointments WHERE patient_id = ?`).pluck().get(dupe!.id));
    expect(moved).toBe(0);
    expect(readDb(host.dbFile, (db) => db.prepare(`SELECT date_of_birth FROM patients WHERE id = ?`).pluck().get(keep!.id))).toBe(dupe!.dateOfBirth);
    // Search no longer offers the merged record.
    await page.getByRole('search', { name: 'Patients' }).getByRole('combobox').fill(`${dupe!.givenName} ${dupe!.familyName}`);
    await expect.poll(() => page.getByText('No patient matches', { exact: false }).or(page.getByRole('option', { name: new RegExp(`${dupe!.familyName}, ${dupe!.givenName}`) })).first().textContent()).not.toContain(dupe!.givenName);
    await page.keyboard.press('Escape');

    const undo = side(page).getByRole('button', { name: 'Undo merge' });
    await undo.waitFor();
    await saveScreenshot(page, 'patient-merge-undo');
    await undo.click();
    await undo.waitFor({ state: 'detached' });
    expect(readDb(host.dbFile, (db) => db.prepare(`SELECT count(*) FROM appointments WHERE patient_id = ?`).pluck().get(dupe!.id))).toBe(1);
    expect(readDb(host.dbFile, (db) => db.prepare(`SELECT merged_into FROM patients WHERE id = ?`).pluck().get(dupe!.id))).toBeNull();
    expect(errors).toEqual([]);
  }, 180_000);
});

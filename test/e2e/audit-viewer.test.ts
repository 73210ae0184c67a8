import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  buildRendererOnce,
  DEMO_MANAGER,
  DEMO_RECEPTIONIST,
  launchChromium,
  openDeskPage,
  saveScreenshot,
  seriousA11yViolations,
  signIn,
  startWebHost,
  type WebHostProcess,
} from './harness';
import { somePatients, type DemoPatient } from './booking-helpers';

/**
 * The manager's audit viewer in the real renderer: a receptionist opens a
 * patient; the manager finds that view in the Audit section by filtering on
 * her, sees her name in the patient's Access history, exports the filtered
 * rows as CSV and has the trail's chain checked.
 */

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');

const readyGrid = (page: Page) => page.locator('.cg-scroll[data-state="ready"]');

/** Opens a patient's panel from the top bar's search. */
async function openPatient(page: Page, patient: DemoPatient): Promise<void> {
  await page.getByRole('search', { name: 'Patients' }).getByRole('combobox').click();
  await page.keyboard.type(`${patient.givenName} ${patient.familyName}`);
  await page
    .getByRole('listbox', { name: 'Matching patients' })
    .getByRole('option', { name: new RegExp(`${patient.familyName}, ${patient.givenName}`) })
    .click();
  await page.getByRole('complementary', { name: 'Details' }).getByRole('heading', { name: `${patient.givenName} ${patient.familyName}` }).waitFor();
}

describe('audit viewer', () => {
  let host: WebHostProcess;
  let browser: Browser;

  beforeAll(async () => {
    await buildRendererOnce();
    [host, browser] = await Promise.all([startWebHost({ now: NOW, seed: 1 }), launchChromium()]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
  });

  it("the manager filters the trail by a receptionist, finds her record view, sees it in the patient's access history, exports it and verifies the chain", async () => {
    const { page, errors } = await openDeskPage(browser);
    await page.goto(host.url);
    const rail = page.getByRole('navigation', { name: 'Sections' });

    // The receptionist opens a patient; she has no Audit section.
    await signIn(page, DEMO_RECEPTIONIST);
    await readyGrid(page).waitFor();
    expect(await rail.getByRole('button', { name: 'Audit' }).count()).toBe(0);
    const [patient] = somePatients(host.dbFile, 1, 5);
    await openPatient(page, patient!);
    await page.locator('.cg-scroll').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Control+l');

    // The manager opens Audit and filters by the receptionist: her view of the record is there.
    await signIn(page, DEMO_MANAGER);
    await rail.getByRole('button', { name: 'Audit' }).click();
    const audit = page.getByRole('main');
    await audit.getByRole('heading', { name: 'Audit trail' }).waitFor();
    expect(await audit.getByLabel('From').inputValue()).toBe('2025-11-24');
    await audit.getByLabel('Staff member').selectOption({ label: DEMO_RECEPTIONIST.name });
    await audit.getByRole('button', { name: 'Show' }).click();
    const table = audit.getByRole('table');
    const view = table.getByRole('row').filter({ hasText: 'Viewed a patient' }).filter({ hasText: 'Patient record (side panel)' });
    await view.first().waitFor();
    expect(await view.first().textContent()).toContain(DEMO_RECEPTIONIST.name);
    // Only her rows, and never a patient's name.
    const whoCells = await table.locator('tbody tr td:nth-child(2)').allTextContents();
    expect(new Set(whoCells)).toEqual(new Set([DEMO_RECEPTIONIST.name]));
    expect(await table.textContent()).not.toContain(patient!.familyName);
    await saveScreenshot(page, 'audit-section');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // The patient's panel names the receptionist in its access history.
    await openPatient(page, patient!);
    const history = page.getByRole('complementary', { name: 'Details' }).getByRole('region', { name: 'Access history' });
    await history.getByText(DEMO_RECEPTIONIST.name).first().waitFor();
    expect(await history.textContent()).toContain('Viewed the side panel');
    await saveScreenshot(page, 'audit-access-history');

    // Export the filtered rows as CSV: only her rows, her record view among them.
    const [download] = await Promise.all([page.waitForEvent('download'), audit.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).toBe('frontdesk-audit-2025-11-24.csv');
    const rows = parse(readFileSync((await download.path())!, 'utf8'), { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.staff))).toEqual(new Set([DEMO_RECEPTIONIST.name]));
    expect(rows).toContainEqual(expect.objectContaining({ action: 'patient.read', entity_id: patient!.id }));
    await audit.getByText(`Exported ${rows.length} rows.`).waitFor();

    // The chain holds.
    await audit.getByRole('button', { name: 'Verify the trail' }).click();
    await audit.getByText(/^The trail is intact: [\d,]+ entries from \d+ desks? checked, every link holds\.$/).waitFor();
    await saveScreenshot(page, 'audit-verified');

    // By patient instead of person: both views of this record, the receptionist's and the manager's.
    await audit.getByLabel('Staff member').selectOption({ label: 'Anyone' });
    await audit.getByLabel('Action').selectOption({ label: 'Viewed a patient' });
    await audit.getByRole('combobox', { name: 'Patient' }).fill(patient!.familyName);
    await audit.getByRole('listbox', { name: 'Patients for the filter' }).getByRole('option', { name: new RegExp(`^${patient!.familyName}, ${patient!.givenName}`) }).click();
    await audit.getByText(`${patient!.givenName} ${patient!.familyName}`, { exact: true }).waitFor();
    await audit.getByRole('button', { name: 'Show' }).click();
    await expect
      .poll(async () => new Set(await table.locator('tbody tr td:nth-child(2)').allTextContents()))
      .toEqual(new Set([DEMO_RECEPTIONIST.name, DEMO_MANAGER.name]));
    expect(new Set(await table.locator('tbody tr td:nth-child(4)').allTextContents())).toEqual(new Set(['Viewed a patient']));
    await saveScreenshot(page, 'audit-by-patient');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);
});

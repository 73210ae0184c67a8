import { readFileSync } from 'node:fs';
import type { Bundle, Location, Practitioner } from '@medplum/fhirtypes';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFhirServer, type TestFhirServer } from '../helpers/fhir-server';
import { providerNamed, readDb, waitForDesk } from './booking-helpers';
import { buildRendererOnce, launchChromium, openDeskPage, saveScreenshot, seriousA11yViolations, startWebHost, type WebHostProcess } from './harness';

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');

/**
 * Connecting the clinic's EHR in Sync, in Chromium through the web host with
 * a real FHIR R4 server: a wrong token is refused in plain words and saves
 * nothing; the right one reports what the server supports, saves, and the
 * mapping screen suggests the EHR's practitioner and location by name. A
 * manager downloads a few days of visits as a FHIR file, recorded in the
 * audit trail.
 */
describe('the EHR, at the desk', () => {
  let host: WebHostProcess;
  let browser: Browser;
  let fhir: TestFhirServer;

  beforeAll(async () => {
    await buildRendererOnce();
    [host, browser, fhir] = await Promise.all([
      startWebHost({ now: NOW, seed: 1 }),
      launchChromium(),
      startFhirServer({ auth: { kind: 'bearer', token: 'ehr-token-7' }, conditionalCreate: false }),
    ]);
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await host?.stop();
    await fhir?.close();
  });

  it('connects with a token, reports in plain words, and maps by suggestion', async () => {
    const goldberg = await fhir.seed<Practitioner>({ resourceType: 'Practitioner', name: [{ family: 'Goldberg', given: ['Sarah'] }] });
    await fhir.seed<Location>({ resourceType: 'Location', name: 'Hudson Street (Manhattan)' });
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    await page.getByRole('button', { name: /^Sync:/ }).click();
    const section = page.getByRole('region', { name: 'EHR (FHIR)' });
    const form = section.getByRole('form', { name: 'EHR connection' });
    await form.getByLabel('FHIR address').fill(fhir.baseUrl);
    await form.getByLabel('Sign in with').selectOption('bearer');
    await form.getByLabel('Access token').fill('wrong');
    await form.getByRole('button', { name: 'Test connection' }).click();
    await expect.poll(() => form.getByRole('alert').textContent()).toMatch(/refused this desk’s sign-in.*Nothing was saved/);

    await form.getByLabel('Access token').fill('ehr-token-7');
    await form.getByRole('button', { name: 'Test connection' }).click();
    const report = form.getByRole('status');
    await expect.poll(() => report.textContent()).toMatch(/Connected.*FHIR 4\.0\.1/);
    expect(await report.textContent()).toContain('Conditional create is not supported: duplicates are prevented by searching before each create.');
    await form.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'sync-ehr-test-report');

    await form.getByRole('button', { name: 'Save connection' }).click();
    await expect.poll(() => form.count()).toBe(0);
    expect(await section.textContent()).not.toContain('ehr-token-7');

    const provider = providerNamed(host.dbFile, 'Goldberg');
    const mappings = section.getByRole('region', { name: /Mappings/ });
    const row = mappings.getByRole('listitem').filter({ hasText: provider.name });
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toMatch(/Suggested: .*Practitioner\/.*Same name/);
    await row.getByRole('button', { name: `Use suggestion for ${provider.name}` }).click();
    await expect
      .poll(() => readDb(host.dbFile, (db) => db.prepare(`SELECT reference FROM ehr_mappings WHERE kind = 'provider' AND local_id = ?`).pluck().get(provider.id)))
      .toBe(`Practitioner/${goldberg.id}`);
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).not.toMatch(/Suggested/);
    await mappings.scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'sync-ehr-mappings');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('downloads a few days of visits as a FHIR transaction Bundle, audited', async () => {
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    await page.getByRole('button', { name: /^Sync:/ }).click();
    const form = page.getByRole('form', { name: 'FHIR file of visits' });
    await form.scrollIntoViewIfNeeded();
    // More than a week at once is refused at the field, and nothing is written.
    await form.getByLabel('Last day').fill('2025-12-05');
    await form.getByRole('button', { name: 'Download FHIR file' }).click();
    await expect.poll(() => form.getByText('Choose at most 7 days at a time.').count()).toBe(1);
    expect(readDb(host.dbFile, (db) => db.prepare(`SELECT COUNT(*) FROM audit_log WHERE action = 'ehr.export_bundle'`).pluck().get())).toBe(0);

    await form.getByLabel('First day').fill('2025-11-24');
    await form.getByLabel('Last day').fill('2025-11-25');
    const [download] = await Promise.all([page.waitForEvent('download'), form.getByRole('button', { name: 'Download FHIR file' }).click()]);
    expect(download.suggestedFilename()).toBe('frontdesk-fhir-2025-11-24-to-2025-11-25.json');
    const bundle = JSON.parse(readFileSync((await download.path())!, 'utf8')) as Bundle;
    expect(bundle).toMatchObject({ resourceType: 'Bundle', type: 'transaction' });
    const visits = bundle.entry!.filter((e) => e.resource?.resourceType === 'Appointment').length;
    expect(visits).toBeGreaterThan(0);
    await expect.poll(() => form.getByRole('status').textContent()).toBe(`${visits} visits in frontdesk-fhir-2025-11-24-to-2025-11-25.json.`);
    const audited = readDb(host.dbFile, (db) => db.prepare(`SELECT details FROM audit_log WHERE action = 'ehr.export_bundle'`).pluck().all());
    expect(audited).toEqual([JSON.stringify({ fromDate: '2025-11-24', toDate: '2025-11-25', visits })]);
    await saveScreenshot(page, 'sync-ehr-bundle');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
});

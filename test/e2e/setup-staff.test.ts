import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { readDb, waitForDesk } from './booking-helpers';
import { buildRendererOnce, launchChromium, openDeskPage, startWebHost, type WebHostProcess } from './harness';

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');

interface StaffRow {
  role: string;
  verifier: string;
}
const staffRow = (dbFile: string, name: string): StaffRow | undefined =>
  readDb(dbFile, (db) => db.prepare(`SELECT role, verifier FROM staff WHERE name = ?`).get(name) as StaffRow | undefined);

describe('set-up: staff', () => {
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

  it('adds a person once the PIN is typed the same twice, and gives them a new PIN', async () => {
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Set-up' }).click();
    await page.getByRole('tab', { name: 'Staff' }).click();

    const add = page.getByRole('form', { name: 'Add a person' });
    await add.getByLabel('Name').fill('Pat Okafor');
    await add.getByLabel('Role').selectOption({ label: 'Manager' });
    await add.getByLabel('PIN or passphrase').fill('482916');
    await add.getByLabel('Repeat it').fill('482917');
    await add.getByRole('button', { name: 'Add person' }).click();
    await add.getByText('The two PINs are not the same.').waitFor();
    expect(await add.getByLabel('Repeat it').getAttribute('aria-invalid')).toBe('true');
    expect(staffRow(host.dbFile, 'Pat Okafor')).toBeUndefined();

    await add.getByLabel('Repeat it').fill('482916');
    await add.getByRole('button', { name: 'Add person' }).click();
    await page.getByRole('status').getByText('Pat Okafor can sign in now.').waitFor();
    await page.getByRole('cell', { name: 'Pat Okafor', exact: true }).waitFor();
    // The form is empty again for the next person.
    expect(await add.getByLabel('Name').inputValue()).toBe('');
    const added = staffRow(host.dbFile, 'Pat Okafor');
    expect(added?.role).toBe('manager');

    // A PIN main refuses is shown at its field; a good one replaces the old verifier.
    await page.getByRole('button', { name: 'New PIN for Pat Okafor' }).click();
    const reset = page.getByRole('form', { name: 'New PIN for Pat Okafor' });
    await reset.getByLabel('PIN or passphrase').fill('123');
    await reset.getByLabel('Repeat it').fill('123');
    await reset.getByRole('button', { name: 'Set the new PIN' }).click();
    await expect.poll(() => reset.getByLabel('PIN or passphrase').getAttribute('aria-invalid')).toBe('true');
    expect(staffRow(host.dbFile, 'Pat Okafor')?.verifier).toBe(added?.verifier);

    await reset.getByLabel('PIN or passphrase').fill('907153');
    await reset.getByLabel('Repeat it').fill('907153');
    await reset.getByRole('button', { name: 'Set the new PIN' }).click();
    await page.getByRole('status').getByText('Pat Okafor has a new PIN.').waitFor();
    await page.getByRole('form', { name: 'Add a person' }).waitFor();
    expect(staffRow(host.dbFile, 'Pat Okafor')?.verifier).not.toBe(added?.verifier);
    expect(errors).toEqual([]);
  }, 120_000);
});

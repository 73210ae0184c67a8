import { mkdirSync, readdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { buildRendererOnce, DEMO_RECEPTIONIST, gotoSignedIn, launchChromium, openDeskPage, saveScreenshot, seriousA11yViolations, startWebHost, type WebHostProcess } from './harness';

/**
 * Backups in the real renderer on the web host, in Chromium: the manager sets the recovery
 * passphrase and the folder in Set-up › Backups, the first backup is made at once, a restore
 * opens it with the passphrase and shows what it holds before replacing anything, and a
 * backup folder that goes away shows as a warning on the schedule.
 */
const NOW = new Date('2025-11-24T14:30:00Z');
const PASSPHRASE = 'seven green lanterns by the river';

describe('backups', () => {
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

  it('sets up, backs up, restores with a preview, and warns on the schedule when the folder is gone', async () => {
    const usb = join(host.dir, 'usb');
    mkdirSync(usb);
    const { page, errors } = await openDeskPage(browser);
    await gotoSignedIn(page, host.url);
    await page.locator('.cg-scroll[data-state="ready"]').waitFor({ timeout: 180_000 });

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Set-up' }).click();
    await page.getByRole('tab', { name: 'Backups' }).click();
    const notSetUp = page.getByRole('note').filter({ hasText: 'Backups are not set up' });
    await notSetUp.waitFor();
    // On this page the warning says what to do here, not where this page is; the idle button says what it needs.
    expect(await notSetUp.textContent()).toContain('Set a recovery passphrase and a backup folder below.');
    expect(await page.getByRole('button', { name: 'Back up now' }).isDisabled()).toBe(true);
    await page.getByText('Set a recovery passphrase and a backup folder first.').waitFor();

    const pass = page.getByRole('form', { name: 'Recovery passphrase' });
    await pass.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
    await pass.getByLabel('Type it again').fill(PASSPHRASE);
    await pass.getByRole('button', { name: 'Set passphrase' }).click();
    await pass.getByRole('status').filter({ hasText: 'Passphrase set.' }).waitFor();

    const where = page.getByRole('form', { name: 'Backup schedule' });
    await where.getByLabel('Backup folder').fill('not/a/whole/path');
    await where.getByRole('button', { name: 'Save' }).click();
    await where.getByText('Enter the whole folder path').waitFor();
    await where.getByLabel('Backup folder').fill(usb);
    await where.getByRole('button', { name: 'Save' }).click();

    const status = page.getByRole('definition').first();
    await expect.poll(() => status.textContent(), { timeout: 60_000 }).not.toBe('none yet');
    await page.getByRole('table').getByRole('button', { name: 'Restore…' }).waitFor();
    expect(readdirSync(usb).filter((n) => n.endsWith('.fdbackup'))).toHaveLength(1);
    await page.getByRole('heading', { name: 'Backups', exact: true }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'backups-setup');
    expect(await seriousA11yViolations(page)).toEqual([]);

    // Restore: the wrong passphrase is told at the field; the right one shows what the backup holds first.
    await page.getByRole('table').getByRole('button', { name: 'Restore…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore a backup' });
    await dialog.getByLabel('Recovery passphrase').fill('not the passphrase at all');
    await dialog.getByRole('button', { name: 'Open backup' }).click();
    await dialog.getByText('That recovery passphrase does not open this backup').waitFor();
    await dialog.getByLabel('Recovery passphrase').fill(PASSPHRASE);
    await dialog.getByRole('button', { name: 'Open backup' }).click();
    const facts = dialog.getByRole('definition');
    await dialog.getByRole('button', { name: 'Restore this backup' }).waitFor({ timeout: 60_000 });
    expect(await facts.nth(1).textContent()).toBe('20,000');
    await saveScreenshot(page, 'backups-restore-preview');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await dialog.getByRole('button', { name: 'Restore this backup' }).click();
    await dialog.getByText('The backup is restored and the desk is ready.').waitFor({ timeout: 120_000 });
    expect(readdirSync(host.dir).some((n) => n.startsWith('clinic.sqlite.before-restore-'))).toBe(true);
    await dialog.getByRole('button', { name: 'Done' }).click();
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Set-up' }).click();
    await page.getByRole('tab', { name: 'Backups' }).click();

    // The backup drive unplugged: backing up fails in plain words and the schedule shows it.
    renameSync(usb, `${usb}-unplugged`);
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByRole('alert').filter({ hasText: 'The backup folder cannot be reached' }).waitFor({ timeout: 60_000 });
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Schedule' }).click();
    await page.getByRole('status').filter({ hasText: 'The backup folder cannot be reached' }).waitFor();
    await page.locator('.cg-scroll[data-state="ready"]').waitFor();
    await saveScreenshot(page, 'backups-schedule-warning');
    expect(await page.getByRole('status').filter({ hasText: 'The backup folder cannot be reached' }).getByRole('button', { name: 'Open Set-up' }).count()).toBe(1);

    // A receptionist cannot open Set-up: the warning says whom to tell instead of offering a button that goes nowhere.
    await gotoSignedIn(page, host.url, DEMO_RECEPTIONIST);
    const banner = page.getByRole('status').filter({ hasText: 'The backup folder cannot be reached' });
    await banner.getByText('Tell the clinic manager.').waitFor();
    expect(await banner.getByRole('button').count()).toBe(0);
    expect(errors).toEqual([]);
  }, 420_000);
});

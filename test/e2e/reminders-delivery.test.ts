import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { getReminderSecrets } from '../../src-main/core/reminders/delivery-settings';
import { readDb, waitForDesk } from './booking-helpers';
import { buildRendererOnce, launchChromium, openDeskPage, openHostDb, saveScreenshot, seriousA11yViolations, startWebHost, type WebHostProcess } from './harness';

/** Monday 24 November 2025, 09:30 in New York. */
const NOW = new Date('2025-11-24T14:30:00Z');

interface Target {
  reminderId: string;
  given: string;
  family: string;
}

/** The day's first visit's day-before reminder went out late (the desk was off when it was due); first in the Sent list. */
function sendOneLate(dbFile: string, except: string): Target {
  const db = openHostDb(dbFile);
  try {
    db.pragma('busy_timeout = 5000');
    const t = db
      .prepare(
        `SELECT r.id AS reminderId, p.given_name AS given, p.family_name AS family
           FROM reminders r JOIN appointments a ON a.id = r.appointment_id JOIN patients p ON p.id = a.patient_id
          WHERE r.offset_min = 1440 AND r.id <> ? AND a.start_at BETWEEN ? AND ?
            AND (SELECT count(*) FROM patients q WHERE q.given_name = p.given_name AND q.family_name = p.family_name) = 1
          ORDER BY a.start_at, a.id LIMIT 1`,
      )
      .get(except, NOW.getTime() - 10 * 3_600_000, NOW.getTime() + 10 * 3_600_000) as Target;
    db.prepare(`UPDATE reminders SET state = 'sent', late = 1, channel = 'email', attempts = 1, sent_at = ? WHERE id = ?`).run(NOW.getTime() - 3_600_000, t.reminderId);
    return t;
  } finally {
    db.close();
  }
}

/**
 * A visit later today whose day-before reminder failed (the demo has a few by
 * chance; this makes one certain), written as another process on the desk
 * would: through its own connection to the host's database file.
 */
function failOneReminder(dbFile: string): Target {
  const db = openHostDb(dbFile);
  try {
    db.pragma('busy_timeout = 5000');
    const t = db
      .prepare(
        `SELECT r.id AS reminderId, p.given_name AS given, p.family_name AS family
           FROM reminders r JOIN appointments a ON a.id = r.appointment_id JOIN patients p ON p.id = a.patient_id
          WHERE r.offset_min = 1440 AND a.status IN ('booked', 'confirmed') AND a.team_id IS NULL
            AND a.start_at BETWEEN ? AND ?
            AND (SELECT count(*) FROM patients q WHERE q.given_name = p.given_name AND q.family_name = p.family_name) = 1
          ORDER BY a.start_at, a.id LIMIT 1`,
      )
      .get(NOW.getTime() + 3 * 3_600_000, NOW.getTime() + 7 * 3_600_000) as Target;
    db.prepare(`UPDATE reminders SET state = 'failed', attempts = 5, channel = 'sms', last_error = ? WHERE id = ?`).run(
      'The SMS gateway had a problem (503). Gave up after 5 attempts.',
      t.reminderId,
    );
    return t;
  } finally {
    db.close();
  }
}

describe('reminder delivery at the desk', () => {
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

  it('resends a failed reminder from the day list', async () => {
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    const target = failOneReminder(host.dbFile);
    const late = sendOneLate(host.dbFile, target.reminderId);
    await page.getByRole('button', { name: 'Reminders', exact: true }).click();
    await page.locator('.rm-day[data-state="ready"]').waitFor();
    await page.getByRole('button', { name: /^Failed/ }).click();
    const row = page.locator('.rm-table tbody tr[data-state="failed"]').filter({ hasText: `${target.family}, ${target.given}` });
    await row.waitFor();
    expect(await row.locator('.rm-list__reason').textContent()).toBe('The SMS gateway had a problem (503). Gave up after 5 attempts.');
    await saveScreenshot(page, 'reminders-failed-before-resend');

    await row.getByRole('button', { name: `Send the reminder for ${target.given} ${target.family} again` }).click();
    // Main pushes reminders/changed: the row leaves the Failed filter and shows as scheduled.
    await expect.poll(() => row.count()).toBe(0);
    const stored = readDb(host.dbFile, (db) => ({
      state: db.prepare(`SELECT state FROM reminders WHERE id = ?`).pluck().get(target.reminderId),
      log: db.prepare(`SELECT outcome FROM reminder_attempts WHERE reminder_id = ?`).pluck().all(target.reminderId),
      audit: db.prepare(`SELECT count(*) FROM audit_log WHERE action = 'reminder.resend' AND entity_id = ?`).pluck().get(target.reminderId),
    }));
    expect(stored).toEqual({ state: 'scheduled', log: ['resend'], audit: 1 });
    await page.getByRole('button', { name: /^Scheduled/ }).click();
    const again = page.locator('.rm-table tbody tr[data-state="scheduled"]').filter({ hasText: `${target.family}, ${target.given}` });
    await again.first().waitFor();
    await saveScreenshot(page, 'reminders-resent');

    // A reminder that went out late says so, in the day list and in the visit's panel.
    await page.getByRole('button', { name: /^Sent/ }).click();
    const visitRows = page.locator('.rm-table tbody tr[data-state="sent"]').filter({ hasText: `${late.family}, ${late.given}` });
    await visitRows.first().waitFor();
    const lateRow = visitRows.filter({ has: page.locator('.rm-badge--late') });
    expect(await lateRow.count()).toBe(1);
    expect(await lateRow.locator('.rm-badge--late').textContent()).toBe('Sent late');
    expect(await lateRow.locator('td').nth(3).textContent()).toBe('Day before');
    await lateRow.getByRole('button', { name: `${late.family}, ${late.given}` }).click();
    const panelList = page.getByRole('list', { name: 'Reminders of this visit' });
    await panelList.locator('.rm-badge--late').waitFor();
    expect(await panelList.textContent()).toContain('E-mail');
    await saveScreenshot(page, 'reminders-sent-late');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors, host.output()).toEqual([]);
  }, 240_000);

  it('previews the exact text live, refuses a template that says why, and keeps secrets write-only', async () => {
    const { page, errors } = await openDeskPage(browser);
    await waitForDesk(page, host.url);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Set-up' }).click();
    await page.getByRole('tab', { name: 'Clinic settings' }).click();
    const form = page.getByRole('form', { name: 'Reminder delivery' });
    const sms = form.getByLabel('Text message', { exact: true });
    const preview = form.getByTestId('preview-sms');
    await expect.poll(() => preview.textContent()).toMatch(/^Hi Alex, a reminder of your appointment on Tuesday, November 25 at 9:30 AM at .+\. To confirm or cancel, call .+\.$/);

    await sms.fill('Your {type} visit is on {date}.');
    await expect.poll(() => sms.getAttribute('aria-invalid')).toBe('true');
    expect(await form.textContent()).toContain('{type} cannot be used');
    await sms.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await saveScreenshot(page, 'reminders-template-refused');

    await sms.fill('See you {date} at {time}, {location}. To change it call {locationPhone}.');
    await expect.poll(() => sms.getAttribute('aria-invalid')).toBeNull();
    await expect.poll(() => preview.textContent()).toMatch(/^See you Tuesday, November 25 at 9:30 AM, .+\. To change it call .+\.$/);

    await form.getByLabel('Send reminders by e-mail', { exact: false }).check();
    await form.getByLabel('Mail server', { exact: true }).fill('smtp.clinic.example');
    await form.getByLabel('Port', { exact: true }).fill('587');
    await form.getByLabel('Sender address', { exact: true }).fill('reminders@clinic.example');
    await form.getByLabel('User name', { exact: true }).fill('desk');
    await form.getByLabel('Password', { exact: true }).fill('s3cret-pass');
    await form.getByRole('button', { name: 'Save reminder settings' }).click();
    await form.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    expect(await form.textContent()).toContain('Set. Type a new one to replace it.');
    expect(await form.getByLabel('Password', { exact: true }).inputValue()).toBe('');
    expect(await page.content()).not.toContain('s3cret-pass');
    const stored = readDb(host.dbFile, (db) => ({
      delivery: JSON.parse(db.prepare(`SELECT value FROM settings WHERE key = 'reminderDelivery'`).pluck().get() as string) as {
        templates: { smsBody: string };
        email: { host: string };
      },
      secrets: JSON.parse(db.prepare(`SELECT value FROM settings WHERE key = 'reminderSecrets'`).pluck().get() as string) as { smtpPassword: string },
      forRunner: getReminderSecrets(db),
    }));
    expect(stored.delivery.templates.smsBody).toBe('See you {date} at {time}, {location}. To change it call {locationPhone}.');
    expect(stored.delivery.email.host).toBe('smtp.clinic.example');
    // The web host has no OS keychain: the password is kept marked as unwrapped, for the runner only.
    expect(stored.secrets.smtpPassword).toMatch(/^frontdesk-secret\/1:none:/);
    expect(stored.forRunner.smtpPassword).toBe('s3cret-pass');
    await form.scrollIntoViewIfNeeded();
    await form.getByRole('group', { name: 'Message text' }).scrollIntoViewIfNeeded();
    await saveScreenshot(page, 'reminders-template-preview');
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(errors, host.output()).toEqual([]);
  }, 240_000);
});

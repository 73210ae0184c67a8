import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNPROTECTED, type KeyProtector } from '@main/app/database-key';
import { writeSetting } from '@main/core/clinic/settings';
import { openDatabase, type WriteDb } from '@main/core/db/open';
import { getReminderSecrets } from '@main/core/reminders/delivery-settings';
import { readConnection } from '@main/sync/adapters/caldav/store';
import { HUB_CONNECTION_KEY, readHubConnection } from '@main/sync/hub-settings';
import { CHANNEL_NAMES } from '@shared/contract';
import { startTestApp, type TestApp } from '../../helpers/app-services';
import { buildClinic, NOW } from '../../helpers/clinic-fixture';
import { addTestStaff } from '../../helpers/staff';
import { tempDbFile } from '../../helpers/tempdb';
import { testKeychain } from '../../helpers/test-keychain';

/**
 * The passwords a desk keeps for other systems, through the real services
 * and handler table on a real database file: wrapped by the keychain when
 * saved and when found plain from an earlier version, readable by the code
 * that needs them, never in any answer to the renderer, and not carried to
 * another mail server or gateway.
 */
const caller = { id: 'test:1' };
const SECRETS = { hub: 'hub-pass-7Q', smtp: 'smtp-pass-9X', sms: 'sms-token-4K', calendar: 'cal-pass-2M' };
const EMAIL = { host: 'smtp.clinic.example', port: 587, tls: 'starttls', user: 'desk', from: 'reminders@clinic.example' } as const;
const SMS = { kind: 'webhook', url: 'https://sms.clinic.example/send' } as const;

let temp: ReturnType<typeof tempDbFile>;
let running: TestApp | null = null;
let providerId: string;

beforeEach(() => {
  temp = tempDbFile();
  const db = openDatabase(temp.file);
  const clinic = buildClinic(db);
  providerId = clinic.providers.smith.id;
  addTestStaff(clinic.ctx);
  db.close();
});

afterEach(async () => {
  await stop();
  temp.cleanup();
});

async function start(secrets: KeyProtector): Promise<TestApp & { db: WriteDb }> {
  running = await startTestApp(temp.file, { secrets });
  return { ...running, db: running.services.core().db };
}

async function stop(): Promise<void> {
  await running?.close();
  running = null;
}

/** Secrets as an earlier version stored them: plain, in the settings rows and the calendar table. */
function writePlainSecrets(): void {
  const db = openDatabase(temp.file);
  writeSetting(db, HUB_CONNECTION_KEY, { url: `postgres://desk:${SECRETS.hub}@hub.clinic.lan:5432/frontdesk`, tls: 'require', ca: null });
  writeSetting(db, 'reminderDelivery', { email: EMAIL, sms: SMS });
  writeSetting(db, 'reminderSecrets', { smtpPassword: SECRETS.smtp, smsToken: SECRETS.sms });
  db.prepare(`INSERT INTO provider_calendars (provider_id, url, username, password, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)`).run(
    providerId, 'https://cal.clinic.example/smith/', 'smith', SECRETS.calendar, NOW, NOW,
  );
  db.close();
}

/** Every stored text of the file that could hold a secret. */
function storedText(db: WriteDb): string {
  const settings = db.prepare(`SELECT key, value FROM settings`).all();
  const calendars = db.prepare(`SELECT * FROM provider_calendars`).all();
  const audit = db.prepare(`SELECT * FROM audit_log`).all();
  return JSON.stringify({ settings, calendars, audit });
}

function expectReadable(db: WriteDb): void {
  expect(new URL(readHubConnection(db)!.url).password).toBe(SECRETS.hub);
  expect(getReminderSecrets(db)).toEqual({ smtpPassword: SECRETS.smtp, smsToken: SECRETS.sms });
  expect(readConnection(db, providerId)!.password).toBe(SECRETS.calendar);
}

describe('stored secrets', () => {
  it('wraps plain secrets from an earlier version on start, and they still work', async () => {
    writePlainSecrets();
    const { db } = await start(testKeychain());
    const stored = storedText(db);
    for (const secret of Object.values(SECRETS)) expect(stored).not.toContain(secret);
    expect(stored.match(/frontdesk-secret\/1:os-keychain:/g)).toHaveLength(4);
    expectReadable(db);
  });

  it('keeps them marked as unwrapped without a keychain, and wraps them once it is there', async () => {
    writePlainSecrets();
    const plain = await start(UNPROTECTED);
    expect(plain.services.status().keychain).toBe('none');
    expect(storedText(plain.db).match(/frontdesk-secret\/1:none:/g)).toHaveLength(4);
    expectReadable(plain.db);
    await stop();
    const { db, services } = await start(testKeychain());
    expect(services.status().keychain).toBe('os-keychain');
    expect(storedText(db)).not.toContain('frontdesk-secret/1:none:');
    expectReadable(db);
  });

  it('starts with secrets another computer’s keychain wrapped (a restored database) and shows them as missing', async () => {
    writePlainSecrets();
    await start(testKeychain());
    await stop();
    const { db, table, services } = await start(testKeychain()); // another computer: its keychain cannot unwrap them
    expect(services.status().phase).toBe('ready');
    expect(readHubConnection(db)!.url).toBe('postgres://desk@hub.clinic.lan:5432/frontdesk');
    expect(await table.invoke('sync/get-hub-settings', {}, caller)).toMatchObject({ ok: true, data: { url: 'postgres://desk@hub.clinic.lan:5432/frontdesk' } });
    expect(getReminderSecrets(db)).toEqual({ smtpPassword: null, smsToken: null });
    expect(await table.invoke('provider-calendars/list', {}, caller)).toMatchObject({ ok: true, data: expect.arrayContaining([expect.objectContaining({ providerId, connected: true, hasPassword: false })]) });
  });

  it('wraps secrets saved at the desk and never sends one to the renderer', async () => {
    const { db, table } = await start(testKeychain());
    const saved = await table.invoke(
      'reminders/update-delivery-settings',
      { email: EMAIL, sms: SMS, smtpPassword: SECRETS.smtp, smsToken: SECRETS.sms },
      caller,
    );
    expect(saved).toMatchObject({ ok: true, data: { secrets: { smtpPassword: true, smsToken: true } } });
    const stored = storedText(db);
    expect(stored).not.toContain(SECRETS.smtp);
    expect(stored).not.toContain(SECRETS.sms);
    expect(getReminderSecrets(db)).toEqual({ smtpPassword: SECRETS.smtp, smsToken: SECRETS.sms });

    // Every channel that takes no input, as the renderer would call it: no answer holds a secret.
    const answers: unknown[] = [saved];
    for (const channel of CHANNEL_NAMES) answers.push(await table.invoke(channel, {}, caller));
    const seen = JSON.stringify(answers);
    for (const secret of [SECRETS.smtp, SECRETS.sms]) expect(seen).not.toContain(secret);
  });

  it('drops or asks again for the mail password when the mail server, user or security changes, and for the token when the gateway does', async () => {
    const { db, table } = await start(testKeychain());
    await table.invoke('reminders/update-delivery-settings', { email: EMAIL, sms: SMS, smtpPassword: SECRETS.smtp, smsToken: SECRETS.sms }, caller);
    const before = storedText(db);

    for (const email of [{ ...EMAIL, host: 'smtp.elsewhere.example' }, { ...EMAIL, port: 465 }, { ...EMAIL, user: 'someone-else' }, { ...EMAIL, tls: 'none' as const }]) {
      const r = await table.invoke('reminders/update-delivery-settings', { email }, caller);
      expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'smtpPassword' }] } } });
    }
    const moved = await table.invoke('reminders/update-delivery-settings', { sms: { kind: 'webhook', url: 'https://sms.elsewhere.example/send' } }, caller);
    expect(moved).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'smsToken' }] } } });
    expect(storedText(db)).toBe(before);

    // Same server, another path or sender: kept. A new server with its own password: saved.
    expect(await table.invoke('reminders/update-delivery-settings', { sms: { ...SMS, url: 'https://sms.clinic.example/v2/send' } }, caller)).toMatchObject({
      ok: true,
      data: { secrets: { smsToken: true } },
    });
    const other = { ...EMAIL, host: 'smtp.elsewhere.example' };
    expect(await table.invoke('reminders/update-delivery-settings', { email: other, smtpPassword: 'new-pass' }, caller)).toMatchObject({ ok: true });
    expect(getReminderSecrets(db).smtpPassword).toBe('new-pass');
    // A server without sign-in: the old password is forgotten rather than kept for later.
    await table.invoke('reminders/update-delivery-settings', { email: { ...other, host: 'relay.clinic.lan', user: '' } }, caller);
    expect(getReminderSecrets(db).smtpPassword).toBeNull();
  });
});

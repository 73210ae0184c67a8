import { closeSync, copyFileSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startAppServices, type AppServices } from '@main/app/services';
import { updatesNotAvailableHere } from '@main/app/updates';
import { openDatabase } from '@main/core/db/open';
import { createAppHandlerTable } from '@main/ipc/app-table';
import { createLogger } from '@main/platform/logger';
import { writeHubConnection } from '@main/sync/hub-settings';
import { localInstant } from '../../helpers/clinic-fixture';
import { startPostgres, type TestPostgres } from '../../helpers/postgres';
import { signInManager, TEST_SECRET_COST } from '../../helpers/staff';
import { buildTemplate, runningClock, seedHub } from '../../helpers/sync-desk';
import { tempDbFile } from '../../helpers/tempdb';

/**
 * Restore and rebuild with a real PostgreSQL clinic hub: a desk restored from a backup
 * fetches from the hub what it had sent after the backup, and a damaged desk rebuilt from
 * the hub receives the whole clinic again.
 */
const PASSPHRASE = 'the hub keeps the rest safe';
const caller = { id: 'test:hub' };

let pgServer: TestPostgres;
let services: AppServices | null = null;
const temp = tempDbFile();

beforeAll(async () => {
  pgServer = await startPostgres();
}, 60_000);
afterAll(async () => {
  await services?.close();
  pgServer?.stop();
  temp.cleanup();
});

describe('restore and rebuild with a clinic hub', () => {
  it('a restored desk gets back what it sent after the backup; a damaged desk is rebuilt from the hub', async () => {
    // The hub knows the clinic (its set-up and patients, sent by its first desk); this desk is enrolled.
    const hub = await pgServer.createHub('restore_hub');
    const template = buildTemplate(temp.dir);
    await seedHub(template.file, temp.dir, await hub.enroll('Seed desk'));
    copyFileSync(template.file, temp.file);
    const f = template.fixture;
    const url = await hub.enroll('Restore desk');
    const seed = openDatabase(temp.file);
    writeHubConnection(seed, { url, tls: 'disable', ca: null });
    seed.close();
    services = startAppServices({
      dbFile: temp.file,
      clock: runningClock(),
      logger: createLogger({ write: () => undefined }),
      appVersion: 'test',
      user: 'manager',
      demo: null,
      secretCost: TEST_SECRET_COST,
      updates: () => updatesNotAvailableHere('not here'),
    });
    await services.started();
    await signInManager(services);
    const s = services;
    const table = createAppHandlerTable(s);
    const call = async (channel: string, input: unknown): Promise<unknown> => {
      const r = await table.invoke(channel, input, caller);
      if (!r.ok) throw new Error(`${channel}: ${r.error.code} ${r.error.message}`);
      return r.data;
    };
    // A patient entered at the desk travels to the hub (the fixture's own are local rows).
    const dana = (await call('patients/create', { givenName: 'Dana', familyName: 'Diaz', dateOfBirth: '1990-02-02', phone: '555-0199' })) as { id: string };
    const visit = (time: string) => ({ patientId: dana.id, providerId: f.providers.smith.id, typeId: f.types.checkup.id, locationId: f.main.id, startAt: localInstant('2025-03-04', time) });
    const pending = () => s.core().db.prepare(`SELECT count(*) FROM outbox WHERE state = 'pending'`).pluck().get() as number;
    const count = (sql: string) => s.core().db.prepare(sql).pluck().get() as number;
    s.sync.kick();
    await vi.waitUntil(() => pending() === 0, { timeout: 30_000, interval: 100 });

    await call('appointments/book', visit('09:00'));
    const usb = join(temp.dir, 'usb');
    mkdirSync(usb);
    await call('backups/set-passphrase', { passphrase: PASSPHRASE });
    await call('backups/update-settings', { folder: usb, time: '19:30', enabled: true });
    await vi.waitUntil(() => s.backups.status().lastGood !== null, { timeout: 30_000, interval: 50 });
    const after = (await call('appointments/book', visit('10:00'))) as { id: string };
    await vi.waitUntil(() => pending() === 0, { timeout: 30_000, interval: 100 });

    // Restore the backup (it lacks the 10:00 visit): the desk pulls it back from the hub.
    const [backup] = (await call('backups/list', {})) as Array<{ name: string }>;
    const preview = (await call('backups/preview-restore', { name: backup!.name, passphrase: PASSPHRASE })) as { token: string; appointments: number };
    expect(preview.appointments).toBe(1);
    const outcome = (await call('backups/restore', { token: preview.token })) as { resyncing: boolean };
    expect(outcome.resyncing).toBe(true);
    s.sync.kick();
    await vi.waitUntil(() => count(`SELECT count(*) FROM appointments WHERE id = '${after.id}'`) === 1, { timeout: 30_000, interval: 100 });
    expect(count('SELECT count(*) FROM appointments')).toBe(2);

    const patients = count('SELECT count(*) FROM patients');
    // Damage the file under the running desk: writes stop; the hub rebuilds it.
    s.core().db.pragma('wal_checkpoint(TRUNCATE)');
    const pages = statSync(temp.file).size / 4096;
    const fd = openSync(temp.file, 'r+');
    writeSync(fd, Buffer.alloc(4096, 0x61), 0, 4096, Math.floor(pages / 2) * 4096);
    closeSync(fd);
    await s.backups.tick({ checkNow: true });
    expect(s.status()).toMatchObject({ phase: 'failed', failure: { code: 'DATABASE_DAMAGED' } });
    expect(await table.invoke('appointments/book', visit('11:00'), caller)).toMatchObject({ ok: false, error: { code: 'DATABASE_DAMAGED' } });

    const rebuilt = (await call('backups/rebuild-from-hub', {})) as { keptAside: string; resyncing: boolean };
    expect(rebuilt.keptAside).toMatch(/clinic\.sqlite\.damaged-/);
    expect(s.status().phase).toBe('ready');
    s.sync.kick();
    await vi.waitUntil(() => count('SELECT count(*) FROM appointments') === 2 && count('SELECT count(*) FROM patients') === patients, { timeout: 30_000, interval: 100 });
    expect(count(`SELECT count(*) FROM appointments WHERE id = '${after.id}'`)).toBe(1);
    expect(await table.invoke('appointments/book', visit('11:00'), caller)).toMatchObject({ ok: true });
  }, 120_000);
});

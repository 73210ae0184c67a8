import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadOrCreateDatabaseKey, readUnprotectedKey, UNPROTECTED } from '@main/app/database-key';
import { readBackupSettings, writeBackupSettings } from '@main/app/backup-settings';
import { startAppServices, type AppServices } from '@main/app/services';
import { signInManager, TEST_SECRET_COST } from '../../helpers/staff';
import { createRecoveryKey, listBackups, readTrailer } from '@main/core/backup';
import { MIGRATIONS } from '@main/core/db/migrations';
import { updatesNotAvailableHere } from '@main/app/updates';
import { createAppHandlerTable } from '@main/ipc/app-table';
import type { HandlerTable } from '@main/ipc/handler-table';
import { FixedClock } from '@main/platform/clock';
import { createLogger } from '@main/platform/logger';
import { buildClinic, localInstant, NOW, type ClinicFixture } from '../../helpers/clinic-fixture';
import { tempDbFile } from '../../helpers/tempdb';

/**
 * Backups through the app services and the handler table, on real encrypted files: set up,
 * the first backup, a desk moved to another computer (a fresh folder and key, no keychain,
 * only the recovery passphrase), a database damaged while the desk runs (writes stop; a
 * restore brings it back), and the manager-only rule.
 */
const PASSPHRASE = 'blue kettle under the stairs';
const caller = { id: 'test:1' };

interface Desk {
  services: AppServices;
  table: HandlerTable;
  file: string;
  clock: FixedClock;
}

let temps: Array<ReturnType<typeof tempDbFile>> = [];
let desks: AppServices[] = [];

async function startDesk(file: string, now = NOW): Promise<Desk> {
  const clock = new FixedClock(now);
  const services = startAppServices({
    dbFile: file,
    clock,
    logger: createLogger({ write: () => undefined }),
    appVersion: 'test',
    user: 'manager',
    demo: null,
    secretCost: TEST_SECRET_COST,
    databaseKey: () => loadOrCreateDatabaseKey(file, UNPROTECTED),
    updates: () => updatesNotAvailableHere('not here'),
  });
  desks.push(services);
  await services.started();
  // A manager is at the desk (a damaged database has nobody to sign in: its backups answer anyway).
  if (services.status().phase === 'ready') await signInManager(services);
  return { services, table: createAppHandlerTable(services), file, clock };
}

function newFolder(): ReturnType<typeof tempDbFile> {
  const t = tempDbFile();
  temps.push(t);
  return t;
}

async function invoke<T>(desk: Desk, channel: string, input: unknown): Promise<T> {
  const r = await desk.table.invoke(channel, input, caller);
  if (!r.ok) throw Object.assign(new Error(r.error.message), r.error);
  return r.data as T;
}

function bookVisit(desk: Desk, f: ClinicFixture, time: string) {
  return desk.table.invoke(
    'appointments/book',
    { patientId: f.patients.ann, providerId: f.providers.smith.id, typeId: f.types.checkup.id, locationId: f.main.id, startAt: localInstant('2025-03-04', time) },
    caller,
  );
}

beforeEach(() => {
  temps = [];
  desks = [];
});
afterEach(async () => {
  for (const s of desks) await s.close();
  for (const t of temps) t.cleanup();
});

async function deskWithBackups(): Promise<{ desk: Desk; f: ClinicFixture; usb: string }> {
  const home = newFolder();
  const usb = join(home.dir, 'usb');
  mkdirSync(usb);
  const desk = await startDesk(home.file);
  const f = buildClinic(desk.services.core().db, { events: desk.services.core().events });
  expect(await bookVisit(desk, f, '09:00')).toMatchObject({ ok: true });
  await invoke(desk, 'backups/set-passphrase', { passphrase: PASSPHRASE });
  await invoke(desk, 'backups/update-settings', { folder: usb, time: '19:30', enabled: true });
  // Never backed up: the first backup is due at once.
  await vi.waitUntil(() => desk.services.backups.status().lastGood !== null, { timeout: 30_000, interval: 50 });
  return { desk, f, usb };
}

describe('backups through the app', () => {
  it('set up, first backup at once, shown in status; nothing of the passphrase kept; settings refused until complete', async () => {
    const home = newFolder();
    const desk = await startDesk(home.file);
    const refused = await desk.table.invoke('backups/update-settings', { folder: home.dir, time: '19:30', enabled: true }, caller);
    expect(refused).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'passphrase' }] } } });
    expect(await desk.table.invoke('backups/set-passphrase', { passphrase: 'short' }, caller)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    expect(await desk.table.invoke('backups/update-settings', { folder: 'relative/path', time: '19:30', enabled: false }, caller)).toMatchObject({
      ok: false,
      error: { code: 'VALIDATION', details: { issues: [{ path: 'folder' }] } },
    });
    expect(desk.services.backups.status().warning?.kind).toBe('not-set-up');

    const { desk: d2, usb } = await deskWithBackups();
    const status = d2.services.backups.status();
    expect(status).toMatchObject({ enabled: true, passphraseSet: true, warning: null, lastAttempt: { ok: true } });
    expect(status.nextAt).toBe(localInstant('2025-03-03', '19:30'));
    expect(readdirSync(usb)).toEqual([status.lastGood!.name]);
    const settingsFile = readdirSync(join(d2.file, '..')).find((n) => n.endsWith('.backups.json'))!;
    expect(readFileSync(join(d2.file, '..', settingsFile), 'utf8')).not.toContain(PASSPHRASE);
  });

  it('moves a desk to another computer: a fresh folder and key, only the passphrase; the old one stays', async () => {
    const { desk, usb } = await deskWithBackups();
    const oldDevice = desk.services.core().actor.device;
    const newComputer = newFolder();
    const fresh = await startDesk(newComputer.file, NOW + 3_600_000);
    expect(readUnprotectedKey(newComputer.file)).not.toBe(readUnprotectedKey(desk.file));
    const list = await invoke<Array<{ name: string; thisDesk: boolean }>>(fresh, 'backups/list', { folder: usb });
    expect(list).toHaveLength(1);
    expect(list[0]!.thisDesk).toBe(false);

    const noPass = await fresh.table.invoke('backups/preview-restore', { folder: usb, name: list[0]!.name, passphrase: '' }, caller);
    expect(noPass).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'passphrase' }] } } });
    const preview = await invoke<{ token: string; patients: number; appointments: number; otherDesk: boolean; createdAt: number }>(fresh, 'backups/preview-restore', {
      folder: usb,
      name: list[0]!.name,
      passphrase: PASSPHRASE,
    });
    expect(preview).toMatchObject({ patients: 3, appointments: 1, otherDesk: true, createdAt: NOW });
    const outcome = await invoke<{ keptAside: string; resyncing: boolean }>(fresh, 'backups/restore', { token: preview.token });
    expect(outcome.resyncing).toBe(false);
    expect(existsSync(outcome.keptAside)).toBe(true);
    expect(fresh.services.status()).toMatchObject({ phase: 'ready', clinic: { zone: 'America/New_York' } });
    expect(fresh.services.core().db.prepare('SELECT count(*) FROM appointments').pluck().get()).toBe(1);
    // A restored desk is a new desk to the hub (it pulls back its own later changes).
    expect(fresh.services.core().actor.device).not.toBe(oldDevice);

    // It restarts with its own key (the restored file was re-encrypted for this computer).
    await fresh.services.close();
    const again = await startDesk(newComputer.file);
    expect(again.services.status().phase).toBe('ready');
  });

  it('a database damaged while the desk runs stops every write at once; restoring the last good backup brings it back', async () => {
    const { desk, f } = await deskWithBackups();
    expect(await bookVisit(desk, f, '10:00')).toMatchObject({ ok: true }); // after the backup: kept aside by the restore
    const db = desk.services.core().db;
    db.pragma('wal_checkpoint(TRUNCATE)');
    const pages = statSync(desk.file).size / 4096;
    const fd = openSync(desk.file, 'r+');
    writeSync(fd, Buffer.alloc(3000, 0x42), 0, 3000, Math.floor(pages / 2) * 4096 + 50);
    closeSync(fd);

    await desk.services.backups.tick({ checkNow: true });
    expect(desk.services.status()).toMatchObject({ phase: 'failed', failure: { code: 'DATABASE_DAMAGED' } });
    expect(await bookVisit(desk, f, '11:00')).toMatchObject({ ok: false, error: { code: 'DATABASE_DAMAGED' } });
    expect(await desk.table.invoke('patients/search', { query: 'ann' }, caller)).toMatchObject({ ok: false, error: { code: 'DATABASE_DAMAGED' } });

    const list = await invoke<Array<{ name: string }>>(desk, 'backups/list', {});
    const preview = await invoke<{ token: string }>(desk, 'backups/preview-restore', { name: list[0]!.name, passphrase: PASSPHRASE });
    const outcome = await invoke<{ keptAside: string }>(desk, 'backups/restore', { token: preview.token });
    expect(outcome.keptAside).toMatch(/clinic\.sqlite\.before-restore-/);
    expect(desk.services.status().phase).toBe('ready');
    expect(await bookVisit(desk, f, '11:00')).toMatchObject({ ok: true });
    await desk.services.backups.tick({ checkNow: true });
    expect(desk.services.backups.status().lastCheck).toMatchObject({ ok: true });
  });

  it('a damaged file at start is DATABASE_DAMAGED, not a key problem; backups still answer', async () => {
    const { desk } = await deskWithBackups();
    await desk.services.close();
    const fd = openSync(desk.file, 'r+');
    writeSync(fd, Buffer.alloc(100), 0, 100, 0);
    closeSync(fd);
    const again = await startDesk(desk.file);
    expect(again.services.status()).toMatchObject({ phase: 'failed', failure: { code: 'DATABASE_DAMAGED' } });
    expect(await invoke<unknown[]>(again, 'backups/list', {})).toHaveLength(1);
    expect(await again.table.invoke('clinic/list-locations', {}, caller)).toMatchObject({ ok: false, error: { code: 'DATABASE_DAMAGED' } });

    // Restored from the start screen: the desk then runs as after any start (checks, schedule).
    const list = await invoke<Array<{ name: string }>>(again, 'backups/list', {});
    const preview = await invoke<{ token: string }>(again, 'backups/preview-restore', { name: list[0]!.name, passphrase: PASSPHRASE });
    const outcome = await invoke<{ keptAside: string }>(again, 'backups/restore', { token: preview.token });
    expect(outcome.keptAside).toMatch(/clinic\.sqlite\.before-restore-/);
    expect(again.services.status().phase).toBe('ready');
    // Restored, the desk is at its lock screen: nobody was signed in to a damaged database.
    expect(await again.table.invoke('clinic/list-locations', {}, caller)).toMatchObject({ ok: false, error: { code: 'LOCKED' } });
    await signInManager(again.services);
    expect(await invoke<unknown[]>(again, 'clinic/list-locations', {})).toHaveLength(2);
    await vi.waitUntil(() => again.services.backups.status().lastCheck?.ok === true, { timeout: 30_000, interval: 50 });
  });

  it('backs up the old database before an update migrates it', async () => {
    const home = newFolder();
    const usb = join(home.dir, 'usb');
    mkdirSync(usb);
    const old = new Database(home.file);
    for (const m of MIGRATIONS.slice(0, -1)) {
      old.transaction(() => {
        m.up(old);
        old.pragma(`user_version = ${m.version}`);
      })();
    }
    old.close();
    writeBackupSettings(home.file, {
      ...readBackupSettings(home.file),
      folder: usb,
      enabled: true,
      enabledAt: NOW,
      recovery: createRecoveryKey(PASSPHRASE),
    });
    const desk = await startDesk(home.file);
    expect(desk.services.status().phase).toBe('ready');
    const [made] = listBackups(usb, '');
    expect(made).toMatchObject({ reason: 'before-migration' });
    expect(readTrailer(join(usb, made!.name))?.schemaVersion).toBe(MIGRATIONS.at(-2)!.version);
  });

});

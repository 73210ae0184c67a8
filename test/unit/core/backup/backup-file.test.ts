import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { book } from '@main/core/booking';
import {
  createRecoveryKey,
  extractForDesk,
  inspectBackup,
  listBackups,
  passphraseMatches,
  readTrailer,
  removeStalePartials,
  unlockBackup,
  writeBackup,
  type RecoveryKey,
} from '@main/core/backup';
import { openDatabase, type WriteDb } from '@main/core/db/open';
import { buildClinic, localInstant, type ClinicFixture } from '../../../helpers/clinic-fixture';
import { expectAppError } from '../../../helpers/expect-error';
import { tempDbFile } from '../../../helpers/tempdb';

const DESK_KEY = '1'.repeat(64);
const OTHER_DESK_KEY = '2'.repeat(64);
const PASSPHRASE = 'correct horse battery staple';
const NOW = Date.UTC(2025, 2, 3, 13, 0);

let temp: ReturnType<typeof tempDbFile>;
let db: WriteDb;
let f: ClinicFixture;
let folder: string;
let recovery: RecoveryKey;

beforeEach(() => {
  temp = tempDbFile();
  db = openDatabase(temp.file, { key: DESK_KEY });
  f = buildClinic(db);
  book(f.ctx, { patientId: f.patients.ann, providerId: f.providers.smith.id, typeId: f.types.checkup.id, locationId: f.main.id, startAt: localInstant('2025-03-04', '09:00') });
  folder = join(temp.dir, 'usb');
  mkdirSync(folder);
  recovery ??= createRecoveryKey(PASSPHRASE);
});
afterEach(() => {
  if (db.open) db.close();
  temp.cleanup();
});

const backup = (reason: 'manual' | 'scheduled' = 'manual', now = NOW, onStage?: (stage: 'copied' | 'sealed') => void) =>
  writeBackup({ sourceFile: temp.file, folder, recovery, sourceKey: DESK_KEY, reason, now, appVersion: '1.2.3', deviceId: 'desk-aaaa-1111', ...(onStage ? { onStage } : {}) });

describe('a backup file', () => {
  it('is one encrypted file whose trailer carries its key wrapped to the recovery passphrase, never the desk key', () => {
    const file = backup();
    const path = join(folder, file.name);
    expect(file).toMatchObject({ reason: 'manual', thisDesk: true, appVersion: '1.2.3' });
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 16).toString('latin1')).not.toBe('SQLite format 3\0');
    expect(bytes.includes(Buffer.from(DESK_KEY))).toBe(false);
    // Long enough that random cipher bytes never contain it by chance (a 3-letter name sometimes does).
    expect(bytes.includes(Buffer.from('Archer'))).toBe(false);
    expect(bytes.includes(Buffer.from('555-0101'))).toBe(false);
    const trailer = readTrailer(path)!;
    expect(trailer).toMatchObject({ format: 'frontdesk-backup/1', reason: 'manual', deviceId: 'desk-aaaa-1111', createdAt: NOW });
    // The desk's own key does not open it: each backup has a key of its own.
    const raw = new Database(path, { readonly: true });
    raw.pragma('kdf_iter = 1');
    raw.pragma(`hexkey = '${DESK_KEY}'`);
    expect(() => raw.prepare('SELECT count(*) FROM patients').get()).toThrow(/not a database/);
    raw.close();
    expect(listBackups(folder, 'desk-aaaa-1111').map((b) => b.name)).toEqual([file.name]);
  });

  it('opens with the passphrase alone and says what it holds; a wrong passphrase is a VALIDATION at the field', () => {
    const file = backup();
    const path = join(folder, file.name);
    expect(passphraseMatches(PASSPHRASE, recovery)).toBe(true);
    const e = expectAppError(() => unlockBackup(path, 'correct horse battery stapler', undefined), 'VALIDATION');
    expect(e.details).toEqual({ issues: [{ path: 'passphrase', message: expect.any(String) as string }] });
    const unlocked = unlockBackup(path, PASSPHRASE, undefined);
    const contents = inspectBackup(path, unlocked.key);
    expect(contents).toMatchObject({ patients: 3, appointments: 1 });
    expect(contents.lastChangeAt).toBe(f.ctx.clock.now());
  });

  it('opens on this computer without the passphrase (its desk key), not on another', () => {
    const path = join(folder, backup().name);
    expect(unlockBackup(path, '', DESK_KEY).key).toMatch(/^[0-9a-f]{64}$/);
    expect(expectAppError(() => unlockBackup(path, '', OTHER_DESK_KEY), 'VALIDATION').details).toEqual({ issues: [{ path: 'passphrase', message: expect.any(String) as string }] });
  });

  it('restores on another computer: re-encrypted with that desk key, every row there', () => {
    const path = join(folder, backup().name);
    const target = join(temp.dir, 'new-computer.sqlite');
    const unlocked = unlockBackup(path, PASSPHRASE, undefined);
    extractForDesk(path, unlocked.key, target, OTHER_DESK_KEY);
    const plain = join(temp.dir, 'plaintext-desk.sqlite');
    extractForDesk(path, unlocked.key, plain, undefined);
    const plainDb = openDatabase(plain);
    expect(plainDb.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(3);
    plainDb.close();
    const restored = openDatabase(target, { key: OTHER_DESK_KEY });
    expect(restored.prepare('SELECT count(*) FROM appointments').pluck().get()).toBe(1);
    expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
    restored.close();
  });

  it('is a consistent snapshot: a change committed after it is not in it, the source keeps working', () => {
    const path = join(folder, backup().name);
    book(f.ctx, { patientId: f.patients.bob, providerId: f.providers.smith.id, typeId: f.types.checkup.id, locationId: f.main.id, startAt: localInstant('2025-03-04', '10:00') });
    const unlocked = unlockBackup(path, PASSPHRASE, undefined);
    expect(inspectBackup(path, unlocked.key).appointments).toBe(1);
    expect(db.prepare('SELECT count(*) FROM appointments').pluck().get()).toBe(2);
  });

  it('a file cut short is not listed and not restorable; a damaged page is refused as DATABASE_DAMAGED', () => {
    const path = join(folder, backup().name);
    const bytes = readFileSync(path);
    writeFileSync(path, bytes.subarray(0, bytes.length - 10));
    expect(listBackups(folder, 'x')).toEqual([]);
    expectAppError(() => unlockBackup(path, PASSPHRASE, undefined), 'VALIDATION');

    const second = join(folder, backup('manual', NOW + 1000).name);
    const good = readFileSync(second);
    const trailer = readTrailer(second)!;
    const damaged = Buffer.from(good);
    damaged.fill(0x5a, 4096 * 3, 4096 * 3 + 2000); // inside a page of the database part
    writeFileSync(second, damaged);
    const unlocked = unlockBackup(second, PASSPHRASE, undefined);
    expect(unlocked.trailer.databaseBytes).toBe(trailer.databaseBytes);
    expectAppError(() => inspectBackup(second, unlocked.key), 'DATABASE_DAMAGED');
  });

  it('a folder that is not there is DISK_IO and nothing is written; no partial file is left behind on failure', () => {
    rmSync(folder, { recursive: true });
    const e = expectAppError(() => backup(), 'DISK_IO');
    expect(e.message).toMatch(/backup folder cannot be reached/);
  });

  it.each(['copied', 'sealed'] as const)('a backup drive unplugged mid-write (%s): DISK_IO, earlier backups intact, the leftover cleared next time', (stage) => {
    const first = backup();
    const away = join(temp.dir, 'usb-unplugged');
    const e = expectAppError(
      () => backup('manual', NOW + 60_000, (s) => {
        if (s === stage) renameSync(folder, away);
      }),
      'DISK_IO',
    );
    expect(e.message).toMatch(/backup folder cannot be reached/);
    renameSync(away, folder); // plugged in again
    expect(readdirSync(folder).some((n) => n.endsWith('.partial'))).toBe(true);
    expect(readTrailer(join(folder, first.name))).not.toBeNull();
    removeStalePartials(folder, 'desk-aaaa-1111');
    const next = backup('manual', NOW + 120_000);
    expect(readdirSync(folder).sort()).toEqual([first.name, next.name].sort());
  });

  it('the folder removed mid-write: DISK_IO and nothing half-written anywhere', () => {
    expectAppError(() => backup('manual', NOW, (s) => s === 'copied' && rmSync(folder, { recursive: true })), 'DISK_IO');
    expect(existsSync(folder)).toBe(false);
  });
});

import { existsSync, readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@main/core/db/open';
import { LATEST_VERSION } from '@main/core/db/migrations';
import { AppError } from '@shared/domain/errors';
import { tempDbFile } from '../../../helpers/tempdb';

describe('openDatabase', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('migrates an empty file to the latest version with the durable pragmas', () => {
    const t = tempDbFile();
    cleanups.push(t.cleanup);
    const db = openDatabase(t.file);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('temp_store', { simple: true })).toBe(2); // MEMORY: no plaintext temp files
    const tables = db
      .prepare(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      .pluck()
      .all();
    expect(tables).toEqual(
      expect.arrayContaining(['locations', 'providers', 'appointments', 'patients', 'reminders', 'audit_log', 'outbox']),
    );
    db.close();
  });

  it('sets synchronous=FULL again on every reopen', () => {
    const t = tempDbFile();
    cleanups.push(t.cleanup);
    openDatabase(t.file).close();
    const db = openDatabase(t.file);
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST_VERSION);
    db.close();
  });

  it('refuses a database from a newer build with a clear message and leaves it untouched', () => {
    const t = tempDbFile();
    cleanups.push(t.cleanup);
    const raw = new Database(t.file);
    raw.pragma(`user_version = ${LATEST_VERSION + 1}`);
    raw.exec('CREATE TABLE future_thing (x INTEGER) STRICT');
    raw.close();

    let error: unknown;
    try {
      openDatabase(t.file);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('UNSUPPORTED_VERSION');
    expect((error as AppError).message).toMatch(/newer version of Frontdesk/);

    const check = new Database(t.file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(LATEST_VERSION + 1);
    expect(check.prepare(`SELECT count(*) FROM sqlite_schema WHERE name = 'appointments'`).pluck().get()).toBe(0);
    check.close();
  });

  it('enforces STRICT types and domain checks in the schema', () => {
    const t = tempDbFile();
    cleanups.push(t.cleanup);
    const db = openDatabase(t.file);
    expect(() =>
      db.prepare(`INSERT INTO appointment_types (id, name, duration_min, colour) VALUES ('t', 'Odd', 7, '#fff')`).run(),
    ).toThrow(/CHECK constraint/);
    expect(() =>
      db.prepare(`INSERT INTO appointment_types (id, name, duration_min, colour) VALUES ('t', 'Text', 'long', '#fff')`).run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    db.close();
  });

  describe('encrypted at rest (with the workstation key)', () => {
    const KEY = 'a1'.repeat(32);
    const NAME = 'Zebediah Quillfeather';
    const fileBytes = (file: string): Buffer =>
      Buffer.concat(['', '-wal', '-journal'].map((s) => (existsSync(file + s) ? readFileSync(file + s) : Buffer.alloc(0))));
    const addPatient = (db: Database.Database): void => {
      db.prepare(
        `INSERT INTO patients (id, given_name, family_name, date_of_birth, phone, phone_digits, name_key, created_at, updated_at)
         VALUES ('p1', 'Zebediah', 'Quillfeather', '1970-01-01', '555-0100', '5550100', 'quillfeather zebediah', 0, 0)`,
      ).run();
    };

    it('keeps patient data out of the file and its WAL, and opens again only with the key', () => {
      const t = tempDbFile();
      cleanups.push(t.cleanup);
      const db = openDatabase(t.file, { key: KEY });
      addPatient(db);
      // Still open: the row sits in the WAL, which is encrypted too.
      expect(fileBytes(t.file).includes(NAME.split(' ')[1]!)).toBe(false);
      db.close();
      expect(fileBytes(t.file).includes('Quillfeather')).toBe(false);
      expect(readFileSync(t.file).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');

      const again = openDatabase(t.file, { key: KEY });
      expect(again.prepare(`SELECT given_name || ' ' || family_name FROM patients`).pluck().get()).toBe(NAME);
      again.close();

      const plain = new Database(t.file);
      expect(() => plain.prepare('SELECT count(*) FROM patients').get()).toThrow(/not a database/);
      plain.close();
    });

    it('refuses a wrong key with DATABASE_KEY and changes nothing', () => {
      const t = tempDbFile();
      cleanups.push(t.cleanup);
      const db = openDatabase(t.file, { key: KEY });
      addPatient(db);
      db.close();
      const before = readFileSync(t.file);
      let error: unknown;
      try {
        openDatabase(t.file, { key: 'b2'.repeat(32) });
      } catch (e) {
        error = e;
      }
      expect((error as AppError).code).toBe('DATABASE_KEY');
      expect((error as AppError).message).toMatch(/cannot be opened with its key/);
      expect(readFileSync(t.file).equals(before)).toBe(true);
      expect(() => openDatabase(t.file, { key: 'not hex' })).toThrow(/64 lowercase hex digits/);
    });

    it('encrypts a database written before encryption in place, keeping every row', () => {
      const t = tempDbFile();
      cleanups.push(t.cleanup);
      const old = openDatabase(t.file);
      addPatient(old);
      old.close();
      expect(fileBytes(t.file).includes('Quillfeather')).toBe(true);

      const db = openDatabase(t.file, { key: KEY });
      expect(db.prepare('SELECT family_name FROM patients').pluck().all()).toEqual(['Quillfeather']);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
      expect(fileBytes(t.file).includes('Quillfeather')).toBe(false);
      // Readers (export worker) open it read-only with the same key.
      const reader = openDatabase(t.file, { key: KEY, readonly: true });
      expect(reader.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(1);
      reader.close();
    });
  });
});

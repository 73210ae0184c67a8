import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../../src-main/core/db/open';
import { LATEST_VERSION } from '../../../../src-main/core/db/migrations';
import { AppError } from '../../../../src-shared/domain/errors';
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
});

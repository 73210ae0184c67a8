import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from '@main/core/db/open';
import { m0001 } from '@main/core/db/migrations/0001-initial-schema';
import { searchPatients } from '@main/core/patients';
import { FixedClock } from '@main/platform/clock';
import { tempDbFile } from '../../../helpers/tempdb';
import { NOW } from './fixtures';

describe('migration 0002 (patient search)', () => {
  const cleanups: Array<() => void> = [];
  afterEach(() => cleanups.splice(0).forEach((c) => c()));

  it('indexes the patients a version-1 database already has', () => {
    const t = tempDbFile();
    cleanups.push(t.cleanup);
    const raw = new Database(t.file);
    m0001.up(raw);
    raw.pragma('user_version = 1');
    const insert = raw.prepare(
      `INSERT INTO patients (id, given_name, family_name, date_of_birth, phone, phone_digits, name_key, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 0, 0)`,
    );
    insert.run('p1', 'Joanna', 'Núñez', '1975-06-30', '(646) 555-2014', '6465552014', 'nunez|joanna');
    insert.run('p2', 'Ann', 'Lee', '1984-03-07', null, '', 'lee|ann');
    raw.close();

    const db = openDatabase(t.file);
    cleanups.push(() => db.close());
    const ctx = { db, clock: new FixedClock(NOW) };
    const ids = (query: string) => searchPatients(ctx, { query }).hits.map((h) => `${h.id}:${h.match}`);
    expect(ids('nunez')).toEqual(['p1:exact']);
    expect(ids('oann')).toEqual(['p1:partial']);
    expect(ids('2014')).toEqual(['p1:prefix']);
    expect(ids('lee 3/7/1984')).toEqual(['p2:exact']);
    db.exec(`INSERT INTO patient_name_fts (patient_name_fts) VALUES ('integrity-check')`);
    db.exec(`INSERT INTO patient_trigram_fts (patient_trigram_fts) VALUES ('integrity-check')`);
  });
});

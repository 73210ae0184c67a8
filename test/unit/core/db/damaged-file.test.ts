import { closeSync, openSync, readFileSync, statSync, truncateSync, writeSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openKeyed, quickCheck } from '@main/core/backup';
import { faultKind } from '@main/core/db/faults';
import { databaseKeyCheck, openDatabase } from '@main/core/db/open';
import { buildClinic } from '../../../helpers/clinic-fixture';
import { expectAppError } from '../../../helpers/expect-error';
import { tempDbFile } from '../../../helpers/tempdb';

/**
 * Real damage to a real encrypted clinic file: the desk must say "damaged" (restore or
 * rebuild) and never send people hunting for a key that is fine, and say "key" when the
 * key really is not this file's.
 */
const KEY = 'a1'.repeat(32);
const WRONG_KEY = 'b2'.repeat(32);

let temp: ReturnType<typeof tempDbFile>;
let check: string;

beforeEach(() => {
  temp = tempDbFile();
  const db = openDatabase(temp.file, { key: KEY });
  buildClinic(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  check = databaseKeyCheck(temp.file, KEY)!;
});
afterEach(() => temp.cleanup());

function overwrite(offset: number, bytes: Buffer): void {
  const fd = openSync(temp.file, 'r+');
  writeSync(fd, bytes, 0, bytes.length, offset);
  closeSync(fd);
}

describe('telling a damaged database from a wrong key', () => {
  it('a wrong key is DATABASE_KEY, with or without the check value', () => {
    expectAppError(() => openDatabase(temp.file, { key: WRONG_KEY, keyCheck: check }), 'DATABASE_KEY');
    expectAppError(() => openDatabase(temp.file, { key: WRONG_KEY }), 'DATABASE_KEY');
  });

  it('a zeroed header is DATABASE_DAMAGED, with or without the check value', () => {
    overwrite(0, Buffer.alloc(100));
    expectAppError(() => openDatabase(temp.file, { key: KEY, keyCheck: check }), 'DATABASE_DAMAGED');
    expectAppError(() => openDatabase(temp.file, { key: KEY }), 'DATABASE_DAMAGED');
  });

  it('the first page overwritten past its salt is DATABASE_DAMAGED when the check value ties the key to the file', () => {
    overwrite(200, Buffer.alloc(2000, 0x77));
    expectAppError(() => openDatabase(temp.file, { key: KEY, keyCheck: check }), 'DATABASE_DAMAGED');
  });

  it('a file cut in half is DATABASE_DAMAGED when opened or checked', () => {
    truncateSync(temp.file, Math.floor(statSync(temp.file).size / 2 / 4096) * 4096);
    let code: string | null = null;
    try {
      const db = openDatabase(temp.file, { key: KEY, keyCheck: check });
      code = quickCheck(db) ? 'ok' : 'DATABASE_DAMAGED';
      db.close();
    } catch (e) {
      code = (e as { code: string }).code;
    }
    expect(code).toBe('DATABASE_DAMAGED');
  });

  it('a page in the middle overwritten opens, and quick_check finds it', () => {
    const pages = statSync(temp.file).size / 4096;
    overwrite(Math.floor(pages / 2) * 4096 + 100, Buffer.alloc(1000, 0x33));
    const db = openDatabase(temp.file, { key: KEY, keyCheck: check });
    expect(quickCheck(db)).toBe(false);
    db.close();
    const again = openKeyed(temp.file, KEY, undefined, { readonly: true });
    expect(quickCheck(again)).toBe(false);
    again.close();
  });

  it('the check value says nothing about the key', () => {
    expect(check).toMatch(/^[0-9a-f]{32}$/);
    expect(readFileSync(temp.file).includes(Buffer.from(check))).toBe(false);
    expect(check).not.toContain(KEY.slice(0, 8));
  });
});

describe('fault kinds', () => {
  it.each([
    ['SQLITE_FULL', 'DISK_FULL'],
    ['ENOSPC', 'DISK_FULL'],
    ['SQLITE_READONLY', 'DATABASE_READ_ONLY'],
    ['SQLITE_READONLY_DBMOVED', 'DATABASE_READ_ONLY'],
    ['EROFS', 'DATABASE_READ_ONLY'],
    ['SQLITE_CORRUPT', 'DATABASE_DAMAGED'],
    ['SQLITE_CORRUPT_INDEX', 'DATABASE_DAMAGED'],
    ['SQLITE_NOTADB', 'DATABASE_DAMAGED'],
    ['SQLITE_IOERR_WRITE', 'DISK_IO'],
    ['SQLITE_IOERR_FSYNC', 'DISK_IO'],
    ['EIO', 'DISK_IO'],
    ['SQLITE_CONSTRAINT', null],
    ['SQLITE_BUSY', null],
  ])('%s is %s', (code, kind) => {
    expect(faultKind(Object.assign(new Error('x'), { code }))).toBe(kind);
  });
});

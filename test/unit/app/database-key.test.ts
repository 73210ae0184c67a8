import { readFileSync, writeFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFileFor, loadOrCreateDatabaseKey, UNPROTECTED, type KeyProtector } from '@main/app/database-key';
import { openDatabase } from '@main/core/db/open';
import type { AppError } from '@shared/domain/errors';
import { tempDbFile } from '../../helpers/tempdb';

/** A stand-in for the OS keychain (the real one is Electron's safeStorage): reversible only through this object. */
const keychain: KeyProtector = {
  kind: 'os-keychain',
  protect: (key) => Buffer.from(Buffer.from(key, 'utf8').map((b) => b ^ 0x33)),
  unprotect: (stored) => {
    const key = Buffer.from(stored.map((b) => b ^ 0x33)).toString('utf8');
    if (!/^[0-9a-f]{64}$/.test(key)) throw new Error('not ours');
    return key;
  },
};

const codeOf = (fn: () => unknown): { code: string; message: string } => {
  try {
    fn();
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected an error');
};

let t: ReturnType<typeof tempDbFile>;
beforeEach(() => (t = tempDbFile()));
afterEach(() => t.cleanup());

describe('the workstation database key', () => {
  it('is made once, kept wrapped, and read back the same', () => {
    const key = loadOrCreateDatabaseKey(t.file, keychain);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(keyFileFor(t.file), 'utf8')).not.toContain(key);
    expect(loadOrCreateDatabaseKey(t.file, keychain)).toBe(key);
  });

  it('is wrapped as soon as the keychain is there when it was first kept plain', () => {
    const key = loadOrCreateDatabaseKey(t.file, UNPROTECTED);
    expect(JSON.parse(readFileSync(keyFileFor(t.file), 'utf8'))).toMatchObject({ protection: 'none' });
    expect(loadOrCreateDatabaseKey(t.file, keychain)).toBe(key);
    expect(JSON.parse(readFileSync(keyFileFor(t.file), 'utf8'))).toMatchObject({ protection: 'os-keychain' });
    expect(readFileSync(keyFileFor(t.file), 'utf8')).not.toContain(key);
  });

  it('says the keychain is missing (not that the file is damaged) when a wrapped key cannot be unwrapped on this start', () => {
    loadOrCreateDatabaseKey(t.file, keychain);
    expect(codeOf(() => loadOrCreateDatabaseKey(t.file, UNPROTECTED))).toMatchObject({ code: 'DATABASE_KEY', message: expect.stringMatching(/keychain is not available/) });
  });

  it('calls a damaged key file damaged, and opens again once the file is restored', () => {
    const key = loadOrCreateDatabaseKey(t.file, keychain);
    openDatabase(t.file, { key }).close();
    const before = readFileSync(keyFileFor(t.file));
    writeFileSync(keyFileFor(t.file), 'garbage');
    expect(codeOf(() => loadOrCreateDatabaseKey(t.file, keychain))).toMatchObject({ code: 'DATABASE_KEY', message: expect.stringMatching(/damaged/) });
    writeFileSync(keyFileFor(t.file), before);
    expect(loadOrCreateDatabaseKey(t.file, keychain)).toBe(key);
  });
});

import { fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { databaseFileState, openDatabase } from '../../src-main/core/db/open';
import { tempDbFile } from '../helpers/tempdb';

/**
 * A desk upgraded from before encryption encrypts its database on its first
 * start; the computer may lose power (here: SIGKILL) at any moment of that.
 * Every next start must open the clinic with every row, encrypted.
 */
const worker = join(__dirname, 'workers', 'encrypting-opener.ts');
const KEY = 'd4'.repeat(32);
const PATIENTS = 60_000;

function writePlaintextClinic(file: string): void {
  const db = openDatabase(file);
  const insert = db.prepare(
    `INSERT INTO patients (id, given_name, family_name, date_of_birth, phone, phone_digits, name_key, created_at, updated_at)
     VALUES (?, 'Given', ?, '1980-01-01', NULL, '', ?, 0, 0)`,
  );
  db.transaction(() => {
    for (let i = 0; i < PATIENTS; i++) insert.run(`p${i}`, `Plainname${i}`, `plainname${i} given`);
  })();
  db.close();
}

/** Starts the encrypting open and SIGKILLs it `afterMs` after it started (or lets it finish first). */
function encryptAndKill(file: string, afterMs: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    const child = fork(worker, [file, KEY], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let out = '';
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      if (!out.includes('start') && (out += chunk).includes('start')) setTimeout(() => child.kill('SIGKILL'), afterMs);
      else out += chunk;
    });
    child.on('error', reject);
    child.on('exit', () => resolve(out.includes('done') ? 'finished' : 'killed'));
  });
}

describe('encrypting an old plaintext database survives a crash at any moment', () => {
  it.each([5, 60, 150, 300, 450])('killed %i ms into the first encrypted start', async (afterMs) => {
    const t = tempDbFile();
    try {
      writePlaintextClinic(t.file);
      await encryptAndKill(t.file, afterMs);
      // Whatever state the kill left, the next start opens the whole clinic, encrypted.
      const db = openDatabase(t.file, { key: KEY });
      expect(db.prepare('SELECT count(*) FROM patients').pluck().get()).toBe(PATIENTS);
      expect(db.pragma('quick_check', { simple: true })).toBe('ok');
      db.close();
      expect(databaseFileState(t.file)).toBe('encrypted');
      expect(readFileSync(t.file).includes('Plainname4242')).toBe(false);
    } finally {
      t.cleanup();
    }
  }, 60_000);
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../../helpers/app-services';
import { tempDbFile } from '../../helpers/tempdb';

/**
 * Text with control characters, sent through the app's real handler table to
 * a real clinic database: VALIDATION at the field, nothing written.
 */
const caller = { id: 'test:1' };

let temp: ReturnType<typeof tempDbFile>;
let app: TestApp;

beforeEach(async () => {
  temp = tempDbFile();
  app = await startTestApp(temp.file);
});

afterEach(async () => {
  await app.close();
  temp.cleanup();
});

const rows = (sql: string): number => app.services.core().db.prepare(sql).pluck().get() as number;

describe('control characters at the boundary', () => {
  it('a NUL in a patient name is VALIDATION at the field and nothing is written', async () => {
    const audit = rows(`SELECT COUNT(*) FROM audit_log`);
    const outbox = rows(`SELECT COUNT(*) FROM outbox`);
    const r = await app.table.invoke('patients/create', { givenName: 'An\u0000n', familyName: 'Archer', dateOfBirth: '1980-01-01' }, caller);
    expect(r).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'givenName' }] } } });
    expect(JSON.stringify(r)).not.toContain('An\u0000n');
    expect(rows(`SELECT COUNT(*) FROM patients`)).toBe(0);
    expect(rows(`SELECT COUNT(*) FROM outbox`)).toBe(outbox);
    expect(rows(`SELECT COUNT(*) FROM audit_log`)).toBe(audit);
  });

  it('a search or a set-up name with a control character is VALIDATION too', async () => {
    expect(await app.table.invoke('patients/search', { query: 'Ann\u0000' }, caller)).toMatchObject({ ok: false, error: { code: 'VALIDATION' } });
    const loc = await app.table.invoke('clinic/create-location', { name: 'Main\u001b[2J', zone: 'America/New_York' }, caller);
    expect(loc).toMatchObject({ ok: false, error: { code: 'VALIDATION', details: { issues: [{ path: 'name' }] } } });
    expect(rows(`SELECT COUNT(*) FROM locations`)).toBe(0);
  });

  it('notes keep their line breaks', async () => {
    const r = await app.table.invoke('patients/create', { givenName: 'Ann', familyName: 'Archer', dateOfBirth: '1980-01-01', notes: 'Prefers mornings.\nHard of hearing.' }, caller);
    expect(r).toMatchObject({ ok: true, data: { notes: 'Prefers mornings.\nHard of hearing.' } });
  });
});

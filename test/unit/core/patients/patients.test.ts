import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPatient, getPatient, updatePatient } from '@main/core/patients';
import type { DuplicatePatientDetails } from '@shared/domain/patients';
import type { PatientId } from '@shared/domain/ids';
import { caught, patientsTestContext, writeCounts } from './fixtures';

describe('patients: create, update, read', () => {
  let ctx: ReturnType<typeof patientsTestContext>;
  beforeEach(() => {
    ctx = patientsTestContext();
  });
  afterEach(() => ctx.cleanup());

  const maria = {
    givenName: 'María José',
    familyName: "O'Brien-Núñez",
    dateOfBirth: '1984-03-07',
    phone: '+1 (212) 555-0147',
    email: 'Maria@Example.com',
  };

  it('creates a patient with normalised phone and e-mail, its audit row and its outbox row', () => {
    const p = createPatient(ctx, maria);
    expect(p).toMatchObject({
      givenName: 'María José',
      familyName: "O'Brien-Núñez",
      phone: '+1 (212) 555-0147',
      phoneDigits: '2125550147',
      email: 'maria@example.com',
      preferredChannel: 'sms',
      smsOptOut: false,
    });
    const row = ctx.db.prepare('SELECT name_key FROM patients WHERE id = ?').get(p.id) as { name_key: string };
    expect(row.name_key).toBe('obriennunez|mariajose');

    const audit = ctx.db.prepare('SELECT action, entity_id, actor, device, details FROM audit_log').all();
    expect(audit).toEqual([
      { action: 'patient.create', entity_id: p.id, actor: 'desk-1', device: 'ws-test', details: null },
    ]);
    const outbox = ctx.db.prepare('SELECT operation, entity_id, payload, state FROM outbox').all() as Array<{
      operation: string;
      payload: string;
    }>;
    expect(outbox).toHaveLength(1);
    expect(outbox[0]).toMatchObject({ operation: 'patient.create', entity_id: p.id, state: 'pending' });
    expect(JSON.parse(outbox[0]!.payload)).toEqual(p);
  });

  it('rejects the same normalised name and birth date as a duplicate, listing the candidate', () => {
    const first = createPatient(ctx, maria);
    const before = writeCounts(ctx);
    const e = caught(() =>
      createPatient(ctx, { givenName: 'maria jose', familyName: 'OBrien Nunez', dateOfBirth: '1984-03-07' }),
    );
    expect(e.code).toBe('DUPLICATE_PATIENT');
    expect(e.message).toMatch(/already registered/);
    expect((e.details as unknown as DuplicatePatientDetails).candidates).toEqual([
      {
        id: first.id,
        givenName: 'María José',
        familyName: "O'Brien-Núñez",
        dateOfBirth: '1984-03-07',
        reasons: ['name_and_birth_date'],
      },
    ]);
    expect(writeCounts(ctx)).toEqual(before);
  });

  it('rejects the same phone digits and birth date as a duplicate even under another name', () => {
    const first = createPatient(ctx, maria);
    const e = caught(() =>
      createPatient(ctx, { givenName: 'Jo', familyName: 'Smith', dateOfBirth: '1984-03-07', phone: '212.555.0147' }),
    );
    expect(e.code).toBe('DUPLICATE_PATIENT');
    const { candidates } = e.details as unknown as DuplicatePatientDetails;
    expect(candidates.map((c) => [c.id, c.reasons])).toEqual([[first.id, ['phone_and_birth_date']]]);
  });

  it('does not call it a duplicate when only the name, or only the phone, matches without the birth date', () => {
    createPatient(ctx, maria);
    expect(() => createPatient(ctx, { ...maria, dateOfBirth: '1985-03-07' })).not.toThrow();
    expect(() =>
      createPatient(ctx, { givenName: 'Ann', familyName: 'Lee', dateOfBirth: '1990-01-01', phone: '212 555 0147' }),
    ).not.toThrow();
  });

  it('saves a confirmed duplicate and records which records it resembles', () => {
    const first = createPatient(ctx, maria);
    const second = createPatient(ctx, { ...maria, confirmDuplicate: true });
    expect(second.id).not.toBe(first.id);
    const details = ctx.db
      .prepare(`SELECT details FROM audit_log WHERE action = 'patient.create' AND entity_id = ?`)
      .pluck()
      .get(second.id) as string;
    expect(JSON.parse(details)).toEqual({ confirmedDuplicateOf: [first.id] });
  });

  it('updates only the given fields, audits field names (no values) and queues the change', () => {
    const p = createPatient(ctx, maria);
    ctx.clock.advance(60_000);
    const u = updatePatient(ctx, { id: p.id, phone: '(312) 555-0199', notes: 'Prefers mornings' });
    expect(u).toMatchObject({ phone: '(312) 555-0199', phoneDigits: '3125550199', notes: 'Prefers mornings' });
    expect(u.updatedAt).toBe(p.createdAt + 60_000);
    const audit = ctx.db
      .prepare(`SELECT details FROM audit_log WHERE action = 'patient.update'`)
      .pluck()
      .get() as string;
    expect(JSON.parse(audit)).toEqual({ fields: ['phone', 'notes'] });
    expect(audit).not.toMatch(/555|morning/i);
    const ops = ctx.db.prepare('SELECT operation FROM outbox ORDER BY seq').pluck().all();
    expect(ops).toEqual(['patient.create', 'patient.update']);
  });

  it('writes nothing for an update that changes nothing', () => {
    const p = createPatient(ctx, maria);
    const before = writeCounts(ctx);
    expect(updatePatient(ctx, { id: p.id, givenName: 'María José' })).toEqual(p);
    expect(writeCounts(ctx)).toEqual(before);
  });

  it('checks duplicates on update when identity changes, and accepts confirmation', () => {
    const a = createPatient(ctx, maria);
    const b = createPatient(ctx, { givenName: 'Ann', familyName: 'Lee', dateOfBirth: '1984-03-07' });
    const e = caught(() => updatePatient(ctx, { id: b.id, phone: '212-555-0147' }));
    expect(e.code).toBe('DUPLICATE_PATIENT');
    expect((e.details as unknown as DuplicatePatientDetails).candidates.map((c) => c.id)).toEqual([a.id]);
    const u = updatePatient(ctx, { id: b.id, phone: '212-555-0147', confirmDuplicate: true });
    expect(u.phoneDigits).toBe('2125550147');
    // A look-alike confirmed once can still have its notes edited without confirming again.
    expect(() => updatePatient(ctx, { id: b.id, notes: 'Twin of another patient' })).not.toThrow();
  });

  it('does not see a record as a duplicate of itself', () => {
    const p = createPatient(ctx, maria);
    expect(() => updatePatient(ctx, { id: p.id, familyName: "O'brien-Nunez" })).not.toThrow();
  });

  it.each([
    [{ ...maria, givenName: '   ' }, 'givenName', /given name/],
    [{ ...maria, familyName: '' }, 'familyName', /family name/],
    [{ ...maria, dateOfBirth: '1984-02-30' }, 'dateOfBirth', /real date/],
    [{ ...maria, dateOfBirth: '07/03/1984' }, 'dateOfBirth', /real date/],
    [{ ...maria, dateOfBirth: '2026-03-12' }, 'dateOfBirth', /future/],
    [{ ...maria, dateOfBirth: '1850-01-01' }, 'dateOfBirth', /too far in the past/],
    [{ ...maria, phone: '555-01' }, 'phone', /7 to 15 digits/],
    [{ ...maria, phone: 'call me' }, 'phone', /7 to 15 digits/],
    [{ ...maria, email: 'maria@' }, 'email', /e-mail address like/],
    [{ ...maria, phone: null, preferredChannel: 'sms' }, 'preferredChannel', /need a phone number/],
    [{ ...maria, email: '', preferredChannel: 'email' }, 'preferredChannel', /need an e-mail address/],
    [{ ...maria, nickname: 'Mia' }, '', /.+/],
  ])('rejects bad input with a field-level VALIDATION error and writes nothing (%#)', (input, field, message) => {
    const before = writeCounts(ctx);
    const e = caught(() => createPatient(ctx, input as Parameters<typeof createPatient>[1]));
    expect(e.code).toBe('VALIDATION');
    const issues = (e.details as { issues: Array<{ path: string; message: string }> }).issues;
    const issue = issues.find((i) => i.path === field);
    expect(issue?.message).toMatch(message);
    expect(e.message).toMatch(message);
    expect(writeCounts(ctx)).toEqual(before);
  });

  it('accepts a baby born today and defaults the reminder channel to what the patient has', () => {
    expect(createPatient(ctx, { givenName: 'Baby', familyName: 'Lee', dateOfBirth: '2026-03-10' }).preferredChannel).toBe('none');
    expect(
      createPatient(ctx, { givenName: 'Al', familyName: 'Lee', dateOfBirth: '1970-01-01', email: 'al@example.com' })
        .preferredChannel,
    ).toBe('email');
  });

  it('rejects a bad update without writing anything', () => {
    const p = createPatient(ctx, maria);
    const before = writeCounts(ctx);
    expect(caught(() => updatePatient(ctx, { id: p.id, email: 'not-an-address' })).code).toBe('VALIDATION');
    expect(caught(() => updatePatient(ctx, { id: p.id, phone: null })).code).toBe('VALIDATION'); // sms needs a phone
    expect(caught(() => updatePatient(ctx, { id: 'no-such-patient' })).code).toBe('NOT_FOUND');
    expect(writeCounts(ctx)).toEqual(before);
    expect(getPatient(ctx, { id: p.id })).toEqual(p);
  });

  it('audits every read of a record, with ids only', () => {
    const p = createPatient(ctx, maria);
    getPatient(ctx, { id: p.id });
    getPatient(ctx, { id: p.id });
    const reads = ctx.db
      .prepare(`SELECT entity_type, entity_id, actor, details FROM audit_log WHERE action = 'patient.read'`)
      .all();
    expect(reads).toEqual([
      { entity_type: 'patient', entity_id: p.id, actor: 'desk-1', details: '{"view":"record"}' },
      { entity_type: 'patient', entity_id: p.id, actor: 'desk-1', details: '{"view":"record"}' },
    ]);
  });

  it('answers NOT_FOUND for an unknown patient and audits nothing', () => {
    const e = caught(() => getPatient(ctx, { id: '0190a0a0-0000-7000-8000-000000000000' as PatientId }));
    expect(e.code).toBe('NOT_FOUND');
    expect(writeCounts(ctx).audit).toBe(0);
  });

  it('keeps the search index in step with creates, updates and deletes', () => {
    const p = createPatient(ctx, maria);
    const match = (q: string): number =>
      ctx.db.prepare('SELECT count(*) FROM patient_name_fts WHERE patient_name_fts MATCH ?').pluck().get(q) as number;
    expect(match('"nunez"')).toBe(1);
    updatePatient(ctx, { id: p.id, familyName: 'Smith' });
    expect(match('"nunez"')).toBe(0);
    expect(match('"smith"')).toBe(1);
    ctx.db.prepare('DELETE FROM patients WHERE id = ?').run(p.id);
    expect(match('"smith"')).toBe(0);
    ctx.db.exec(`INSERT INTO patient_name_fts (patient_name_fts) VALUES ('integrity-check')`);
    ctx.db.exec(`INSERT INTO patient_trigram_fts (patient_trigram_fts) VALUES ('integrity-check')`);
  });
});

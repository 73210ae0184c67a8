import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AppError } from '@shared/domain/errors';
import { createPatient, getPatientPanel, linkFamily, unlinkFamily, updatePatient } from '@main/core/patients';
import type { Patient } from '@shared/domain/patients';
import { MAX_MEMBER_ID } from '@shared/schemas/patients';
import { caught, patientsTestContext, writeCounts } from './fixtures';

const issuePaths = (e: AppError): string[] => ((e.details as { issues?: Array<{ path: string }> }).issues ?? []).map((i) => i.path);

describe('the full patient record', () => {
  let ctx: ReturnType<typeof patientsTestContext>;
  let ann: Patient;
  beforeEach(() => {
    ctx = patientsTestContext();
    ann = createPatient(ctx, { givenName: 'Ann', familyName: 'Lee', dateOfBirth: '1984-03-07', phone: '212 555 0147' });
  });
  afterEach(() => ctx.cleanup());

  it('edits contact, address, alert and insurance, counts the version and queues the change with what it was based on', () => {
    const p = updatePatient(ctx, {
      id: ann.id,
      expectedVersion: 1,
      phone: '(212) 555-0199',
      addressLine1: '12 Elm St',
      city: 'Springfield',
      region: 'IL',
      postalCode: '62701',
      alert: 'Needs wheelchair access',
      insurancePayer: 'Delta Dental',
      insuranceMemberId: 'XJ-0042-77',
      insuranceGroup: 'G100',
      emailOptOut: true,
    });
    expect(p).toMatchObject({ phone: '(212) 555-0199', phoneDigits: '2125550199', city: 'Springfield', alert: 'Needs wheelchair access', insuranceMemberId: 'XJ-0042-77', emailOptOut: true, version: 2 });
    const audit = ctx.db.prepare(`SELECT details FROM audit_log WHERE action = 'patient.update'`).pluck().get() as string;
    // Field names only, never the values.
    expect(JSON.parse(audit).fields).toEqual(expect.arrayContaining(['phone', 'addressLine1', 'alert', 'insuranceMemberId']));
    expect(audit).not.toContain('wheelchair');
    const out = JSON.parse(ctx.db.prepare(`SELECT payload FROM outbox WHERE operation = 'patient.update'`).pluck().get() as string);
    expect(out).toMatchObject({ baseVersion: 1, patient: { version: 2, alert: 'Needs wheelchair access' }, before: { phone: '212 555 0147', alert: '' } });
  });

  it('refuses an edit based on an older version with CONFLICT and changes nothing', () => {
    updatePatient(ctx, { id: ann.id, expectedVersion: 1, city: 'Springfield' });
    const before = writeCounts(ctx);
    const e = caught(() => updatePatient(ctx, { id: ann.id, expectedVersion: 1, city: 'Shelbyville' }));
    expect(e.code).toBe('CONFLICT');
    expect(writeCounts(ctx)).toEqual(before);
  });

  it('runs the duplicate check on edit too', () => {
    const twin = createPatient(ctx, { givenName: 'Anne', familyName: 'Lee', dateOfBirth: '1984-03-07' });
    const e = caught(() => updatePatient(ctx, { id: twin.id, givenName: 'Ann' }));
    expect(e.code).toBe('DUPLICATE_PATIENT');
    expect(updatePatient(ctx, { id: twin.id, givenName: 'Ann', confirmDuplicate: true }).givenName).toBe('Ann');
  });

  it.each([
    ['control character in the alert', { alert: 'Needs\u0007 ramp' }, 'alert'],
    ['control character in the street', { addressLine1: '12 Elm\u001b St' }, 'addressLine1'],
    ['impossible date', { dateOfBirth: '2023-02-30' }, 'dateOfBirth'],
    ['member id over its length', { insuranceMemberId: 'X'.repeat(MAX_MEMBER_ID + 1) }, 'insuranceMemberId'],
    ['member id with symbols', { insuranceMemberId: 'AB$12' }, 'insuranceMemberId'],
  ])('gives a field error for a %s and changes nothing', (_what, change, field) => {
    const before = writeCounts(ctx);
    const e = caught(() => updatePatient(ctx, { id: ann.id, ...change }));
    expect(e.code).toBe('VALIDATION');
    expect(issuePaths(e)).toEqual([field]);
    expect(writeCounts(ctx)).toEqual(before);
  });

  it('sets a responsible person, refuses oneself and a cycle of guardians, and changes nothing then', () => {
    const mum = createPatient(ctx, { givenName: 'Mae', familyName: 'Lee', dateOfBirth: '1960-01-01' });
    const kid = createPatient(ctx, { givenName: 'Kit', familyName: 'Lee', dateOfBirth: '2015-05-05', guardianId: ann.id });
    updatePatient(ctx, { id: ann.id, guardianId: mum.id });
    const before = writeCounts(ctx);
    const self = caught(() => updatePatient(ctx, { id: ann.id, guardianId: ann.id }));
    expect([self.code, issuePaths(self)]).toEqual(['VALIDATION', ['guardianId']]);
    // Mae answers for Ann, who answers for Kit: Kit cannot answer for Mae.
    const cycle = caught(() => updatePatient(ctx, { id: mum.id, guardianId: kid.id }));
    expect([cycle.code, issuePaths(cycle)]).toEqual(['VALIDATION', ['guardianId']]);
    expect(writeCounts(ctx)).toEqual(before);
  });

  it('links a household, lists the family together on each panel, and dissolves a household of one', () => {
    const bob = createPatient(ctx, { givenName: 'Bob', familyName: 'Lee', dateOfBirth: '1982-02-02' });
    const kit = createPatient(ctx, { givenName: 'Kit', familyName: 'Lee', dateOfBirth: '2015-05-05', guardianId: ann.id });
    linkFamily(ctx, { patientId: ann.id, memberId: bob.id });
    linkFamily(ctx, { patientId: kit.id, memberId: bob.id });
    const panel = getPatientPanel(ctx, { id: ann.id });
    expect(panel.family.map((f) => [f.givenName, f.isDependant])).toEqual([
      ['Bob', false],
      ['Kit', true],
    ]);
    expect(getPatientPanel(ctx, { id: kit.id }).family.map((f) => [f.givenName, f.isGuardian])).toEqual([
      ['Bob', false],
      ['Ann', true],
    ]);
    const self = caught(() => linkFamily(ctx, { patientId: ann.id, memberId: ann.id }));
    expect([self.code, issuePaths(self)]).toEqual(['VALIDATION', ['memberId']]);

    unlinkFamily(ctx, { patientId: bob.id });
    unlinkFamily(ctx, { patientId: kit.id });
    // Ann was left alone in the household: it is gone.
    const annNow = ctx.db.prepare(`SELECT household_id FROM patients WHERE id = ?`).pluck().get(ann.id);
    expect(annNow).toBeNull();
  });
});

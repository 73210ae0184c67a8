import { describe, expect, it } from 'vitest';
import { parsePulledChange } from '@shared/schemas/hub-changes';

/** Changes pulled from the hub are parsed like any other input before a desk applies them. */
const visit = {
  id: 'v1',
  patientId: 'p1',
  providerId: 'dr1',
  locationId: 'l1',
  roomId: null,
  typeId: 't1',
  startAt: 1_000_000,
  endAt: 2_800_000,
  busyStartAt: 1_000_000,
  busyEndAt: 2_800_000,
  status: 'booked',
  cancelReason: null,
  note: '',
  version: 1,
  baseVersion: 0,
  teamId: null,
  createdAt: 1,
  updatedAt: 1,
};
const patient = {
  id: 'p1',
  givenName: 'Ann',
  familyName: 'Archer',
  dateOfBirth: '1980-02-03',
  phone: '(212) 555-0147',
  phoneDigits: '2125550147',
  email: null,
  preferredChannel: 'sms',
  smsOptOut: false,
  emailOptOut: false,
  notes: '',
  createdAt: 1,
  updatedAt: 1,
};

describe('parsePulledChange', () => {
  it('accepts a well-formed visit and drops fields it does not know', () => {
    const r = parsePulledChange('appointment', 'appointment.book', 'v1', { ...visit, injected: '<script>' });
    expect(r).toMatchObject({ ok: true, change: { entity: 'appointment', record: { id: 'v1', status: 'booked' } } });
    expect(r.ok && 'injected' in r.change.record).toBe(false);
  });

  it('names the fields that are wrong, never their values', () => {
    const r = parsePulledChange('appointment', 'appointment.book', 'v1', { ...visit, note: 'n'.repeat(3000), status: 'stolen' });
    expect(parsePulledChange('appointment', 'appointment.book', 'v1', { ...visit, endAt: 5 })).toEqual({ ok: false, reason: 'Not a valid appointment (endAt).' });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.reason).toMatch(/^Not a valid appointment \(/);
      for (const field of ['note', 'status']) expect(r.reason).toContain(field);
      expect(r.reason).not.toContain('stolen');
    }
  });

  it('refuses a record that is not the one the change names, kinds and operations it does not know', () => {
    expect(parsePulledChange('appointment', 'appointment.book', 'v2', visit)).toEqual({ ok: false, reason: 'The record does not match the change that carries it.' });
    expect(parsePulledChange('appointment', 'patient.create', 'v1', visit)).toMatchObject({ ok: false });
    expect(parsePulledChange('invoice', 'invoice.create', 's1', {})).toMatchObject({ ok: false, reason: 'A kind of change this desk does not know.' });
    expect(parsePulledChange('appointment', 'appointment.book', 'v1', null)).toMatchObject({ ok: false });
  });

  it('reads a staff account with its salted verifier, and refuses one without', () => {
    const staff = {
      id: 's1',
      name: 'Mia Moreno',
      role: 'manager',
      active: true,
      secretKind: 'pin',
      verifier: { algo: 'scrypt', N: 16384, r: 8, p: 1, salt: 'c2FsdHNhbHRzYWx0c2FsdA==', hash: 'aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=' },
      createdAt: 1,
      updatedAt: 2,
      deactivatedAt: null,
      version: 1,
      changedBy: null,
    };
    expect(parsePulledChange('staff', 'staff.create', 's1', staff)).toMatchObject({ ok: true, change: { entity: 'staff', record: { id: 's1', role: 'manager' } } });
    expect(parsePulledChange('staff', 'staff.update', 's1', { ...staff, verifier: { algo: 'plain', hash: '482913' } })).toMatchObject({ ok: false });
    expect(parsePulledChange('staff', 'staff.update', 's1', { ...staff, role: 'owner' })).toMatchObject({ ok: false });
  });

  it('reads a patient update from its record, and a removed special day by its provider', () => {
    expect(parsePulledChange('patient', 'patient.update', 'p1', { patient, fields: ['phone'] })).toMatchObject({ ok: true, change: { record: { id: 'p1' } } });
    expect(parsePulledChange('patient', 'patient.update', 'p1', patient)).toMatchObject({ ok: false });
    expect(parsePulledChange('hours_override', 'hours_override.remove', 'dr1', { providerId: 'dr1', locationId: 'l1', date: '2025-03-04' })).toMatchObject({
      ok: true,
      change: { entity: 'hours_override', removed: true, record: { intervals: [] } },
    });
  });
});

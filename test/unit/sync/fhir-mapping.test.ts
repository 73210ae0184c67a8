import { describe, expect, it } from 'vitest';
import { APPOINTMENT_STATUSES } from '@shared/domain/booking';
import { appointmentOf, fingerprintOf, missingMappings, STATUS_TO_FHIR, type VisitRow } from '@main/sync/adapters/fhir/appointment';
import { appointmentBusy } from '@main/sync/adapters/fhir/busy-time';
import { describeCapabilities, readCapabilities } from '@main/sync/adapters/fhir/capabilities';
import { outcomeText, kindOfStatus } from '@main/sync/adapters/fhir/failure';
import { APPOINTMENT_ID_SYSTEM, APPOINTMENT_REASON_SYSTEM } from '@main/sync/adapters/fhir/resources';
import { nameKey, suggestLocation, suggestPractitioner, suggestTypeCoding } from '@main/sync/adapters/fhir/suggestions';

/** The EHR adapter's pure parts: the Appointment a visit becomes, suggestions, capabilities, failures. */
const visit: VisitRow = {
  id: 'v1',
  patientId: 'p1',
  providerId: 'd1',
  locationId: 'l1',
  roomId: 'r1',
  typeId: 't1',
  startAt: Date.UTC(2025, 2, 3, 15),
  endAt: Date.UTC(2025, 2, 3, 15, 30),
  status: 'booked',
  note: 'private',
};
const m = (reference: string) => ({ reference, system: '', code: '', display: '' });
const mappings = {
  provider: m('Practitioner/9'),
  location: m('Location/2'),
  room: m('Location/3'),
  type: { reference: '', system: 'http://example.org/codes', code: 'X', display: 'Visit' },
  patient: m('Patient/5'),
};

describe('the Appointment a visit becomes', () => {
  it('maps every Frontdesk status to a FHIR Appointment status', () => {
    expect(Object.keys(STATUS_TO_FHIR).sort()).toEqual([...APPOINTMENT_STATUSES].sort());
    expect(STATUS_TO_FHIR).toEqual({ booked: 'booked', confirmed: 'booked', checked_in: 'arrived', completed: 'fulfilled', cancelled: 'cancelled', no_show: 'noshow' });
  });

  it('carries neutral fields only, the note only when asked, and the coding where it belongs', () => {
    const a = appointmentOf(visit, mappings, false);
    expect(a).toEqual({
      resourceType: 'Appointment',
      identifier: [{ system: APPOINTMENT_ID_SYSTEM, value: 'v1' }],
      status: 'booked',
      serviceType: [{ coding: [{ system: 'http://example.org/codes', code: 'X', display: 'Visit' }] }],
      start: '2025-03-03T15:00:00.000Z',
      end: '2025-03-03T15:30:00.000Z',
      minutesDuration: 30,
      participant: [
        { actor: { reference: 'Patient/5' }, required: 'required', status: 'accepted' },
        { actor: { reference: 'Practitioner/9' }, required: 'required', status: 'accepted' },
        { actor: { reference: 'Location/2' }, required: 'required', status: 'accepted' },
        { actor: { reference: 'Location/3' }, required: 'optional', status: 'accepted' },
      ],
    });
    expect(appointmentOf(visit, mappings, true).comment).toBe('private');
    const reason = appointmentOf(visit, { ...mappings, type: { reference: '', system: APPOINTMENT_REASON_SYSTEM, code: 'CHECKUP', display: '' } }, false);
    expect(reason.appointmentType?.coding?.[0]?.code).toBe('CHECKUP');
    expect(reason.serviceType).toBeUndefined();
    expect(fingerprintOf({ ...a, id: 'x', meta: { versionId: '3' } })).toBe(fingerprintOf(a));
    expect(fingerprintOf({ ...a, status: 'arrived' })).not.toBe(fingerprintOf(a));
  });

  it('names what must be mapped first (the room is optional)', () => {
    expect(missingMappings({ ...mappings, room: null })).toEqual([]);
    expect(missingMappings({ provider: null, location: null, room: null, type: null, patient: null })).toEqual(['provider', 'location', 'type']);
  });
});

describe('mapping suggestions', () => {
  it('matches by NPI first, then by the name without titles', () => {
    expect(nameKey('Dr. Ann-Marie O’Neil, MD')).toBe('ann marie oneil');
    const ehr = [
      { reference: 'Practitioner/1', npi: '1234567893', names: ['J. Smith'] },
      { reference: 'Practitioner/2', npi: null, names: ['Sarah Goldberg'] },
    ];
    expect(suggestPractitioner({ name: 'Dr. Smith', npi: '1234567893' }, ehr)?.reason).toBe('Same NPI');
    expect(suggestPractitioner({ name: 'Dr. Sarah Goldberg, MD', npi: null }, ehr)).toMatchObject({ reference: 'Practitioner/2', reason: 'Same name' });
    expect(suggestPractitioner({ name: 'Dr. Nobody', npi: null }, ehr)).toBeNull();
  });

  it('prefers a room of the mapped location, and suggests a type’s appointment reason', () => {
    const locations = [
      { reference: 'Location/a', name: 'Op 1', partOf: 'Location/main' },
      { reference: 'Location/b', name: 'Op 1', partOf: 'Location/uptown' },
    ];
    expect(suggestLocation('Op 1', locations, 'Location/uptown')?.reference).toBe('Location/b');
    expect(suggestLocation('Op 1', locations)).toBeNull(); // two of that name, no parent to tell them apart
    expect(suggestTypeCoding('Annual check-up').code).toBe('CHECKUP');
    expect(suggestTypeCoding('Post-op follow up').code).toBe('FOLLOWUP');
    expect(suggestTypeCoding('Filling')).toMatchObject({ system: APPOINTMENT_REASON_SYSTEM, code: 'ROUTINE' });
  });
});

describe('what the EHR says', () => {
  it('reads a CapabilityStatement into plain words, and copes with none', () => {
    const caps = readCapabilities({
      resourceType: 'CapabilityStatement',
      fhirVersion: '4.0.1',
      rest: [{ mode: 'server', resource: [{ type: 'Appointment', interaction: [{ code: 'create' }, { code: 'search-type' }], conditionalCreate: false }] }],
    });
    const lines = describeCapabilities(caps).map((l) => `${l.tone}: ${l.text}`);
    expect(lines).toContain('problem: Appointments cannot be updated: changes after booking will not reach the EHR.');
    expect(lines).toContain('warning: Conditional create is not supported: duplicates are prevented by searching before each create.');
    expect(lines).toContain('warning: Patients cannot be searched: the desk cannot look patients up in the EHR.');
    expect(readCapabilities({ resourceType: 'Bundle' })).toBeNull();
    expect(describeCapabilities(null)[0]!.text).toMatch(/search before creating/);
  });

  it('sorts answers by what the desk does about them and reads OperationOutcome text', () => {
    expect([401, 403, 404, 409, 412, 422, 400, 500, 503, 429, 408].map(kindOfStatus)).toEqual([
      'refused', 'refused', 'gone', 'conflict', 'conflict', 'rejected', 'rejected', 'transient', 'transient', 'transient', 'transient',
    ]);
    expect(outcomeText({ resourceType: 'OperationOutcome', issue: [{ details: { text: 'No slots' } }, { diagnostics: 'on Mondays' }] })).toBe('No slots on Mondays');
    expect(outcomeText({ resourceType: 'Patient' })).toBeNull();
  });

  it('reads busy time from the EHR’s own bookings only', () => {
    const window = { start: Date.UTC(2025, 2, 3), end: Date.UTC(2025, 2, 4) };
    const appt = (status: string, start: string, end: string, own = false) => ({
      resourceType: 'Appointment' as const,
      status,
      start,
      end,
      participant: [],
      ...(own ? { identifier: [{ system: APPOINTMENT_ID_SYSTEM, value: 'x' }] } : {}),
    });
    expect(
      appointmentBusy(
        [
          appt('booked', '2025-03-03T15:00:00Z', '2025-03-03T15:30:00Z'),
          appt('cancelled', '2025-03-03T16:00:00Z', '2025-03-03T16:30:00Z'),
          appt('booked', '2025-03-03T17:00:00Z', '2025-03-03T17:30:00Z', true),
          appt('arrived', '2025-03-02T23:00:00Z', '2025-03-03T01:00:00Z'),
          appt('booked', 'not a time', '2025-03-03T01:00:00Z'),
        ],
        window,
      ),
    ).toEqual([
      { start: Date.UTC(2025, 2, 3, 15), end: Date.UTC(2025, 2, 3, 15, 30) },
      { start: window.start, end: Date.UTC(2025, 2, 3, 1) },
    ]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAppointmentType, createLocation, createProvider, createRoom } from '@main/core/clinic';
import { createPatient, getPatientPanel } from '@main/core/patients';
import type { Patient } from '@shared/domain/patients';
import { NOW, patientsTestContext } from './fixtures';

const HOUR = 3_600_000;

describe('patient panel', () => {
  let ctx: ReturnType<typeof patientsTestContext>;
  let patient: Patient;
  let insertVisit: (id: string, startOffsetH: number, status: string, withRoom?: boolean) => void;

  beforeEach(() => {
    ctx = patientsTestContext();
    const location = createLocation(ctx, { name: 'Main Street', zone: 'America/New_York' });
    const room = createRoom(ctx, { locationId: location.id, name: 'Op 1' });
    const provider = createProvider(ctx, { name: 'Dr. Rivera', colour: '#1f77b4', zone: 'America/New_York' });
    const type = createAppointmentType(ctx, {
      name: 'Check-up',
      durationMin: 30,
      colour: '#2ca02c',
      providerIds: [provider.id],
    });
    patient = createPatient(ctx, { givenName: 'Ann', familyName: 'Lee', dateOfBirth: '1984-03-07' });
    const other = createPatient(ctx, { givenName: 'Bob', familyName: 'Lee', dateOfBirth: '1980-01-01' });
    const insert = ctx.db.prepare(
      `INSERT INTO appointments (id, patient_id, provider_id, location_id, room_id, type_id, start_at, end_at,
         busy_start_at, busy_end_at, status, created_at, updated_at)
       VALUES (@id, @patient, @provider, @location, @room, @type, @start, @end, @start, @end, @status, 0, 0)`,
    );
    insertVisit = (id, startOffsetH, status, withRoom = false) => {
      const start = NOW + startOffsetH * HOUR;
      insert.run({
        id,
        patient: patient.id,
        provider: provider.id,
        location: location.id,
        room: withRoom ? room.id : null,
        type: type.id,
        start,
        end: start + HOUR / 2,
        status,
      });
    };
    insert.run({
      id: 'someone-else',
      patient: other.id,
      provider: provider.id,
      location: location.id,
      room: null,
      type: type.id,
      start: NOW + 48 * HOUR,
      end: NOW + 48.5 * HOUR,
      status: 'booked',
    });
  });
  afterEach(() => ctx.cleanup());

  it('splits visits at now: upcoming soonest first, past latest first, any status, with names', () => {
    insertVisit('past-long-ago', -24 * 90, 'completed');
    insertVisit('past-no-show', -24 * 7, 'no_show');
    insertVisit('in-progress', -0.25, 'checked_in', true); // ends 15 minutes from now
    insertVisit('next-week', 24 * 7, 'booked');
    insertVisit('tomorrow', 24, 'confirmed');
    insertVisit('cancelled-later', 24 * 3, 'cancelled');

    const panel = getPatientPanel(ctx, { id: patient.id });
    expect(panel.patient).toEqual(patient);
    expect(panel.upcoming.map((v) => [v.appointmentId, v.status])).toEqual([
      ['in-progress', 'checked_in'],
      ['tomorrow', 'confirmed'],
      ['cancelled-later', 'cancelled'],
      ['next-week', 'booked'],
    ]);
    expect(panel.past.map((v) => v.appointmentId)).toEqual(['past-no-show', 'past-long-ago']);
    expect(panel.upcoming[0]).toMatchObject({
      providerName: 'Dr. Rivera',
      typeName: 'Check-up',
      locationName: 'Main Street',
      locationZone: 'America/New_York',
      roomName: 'Op 1',
      startAt: NOW - HOUR / 4,
      endAt: NOW + HOUR / 4,
    });
    expect(panel.past[0]!.roomId).toBeNull();
  });

  it('honours the limits and audits the read as a panel view', () => {
    for (let i = 1; i <= 5; i++) insertVisit(`past-${i}`, -24 * i, 'completed');
    const panel = getPatientPanel(ctx, { id: patient.id, pastLimit: 2 });
    expect(panel.past.map((v) => v.appointmentId)).toEqual(['past-1', 'past-2']);
    const audit = ctx.db
      .prepare(`SELECT entity_id, details FROM audit_log WHERE action = 'patient.read'`)
      .all();
    expect(audit).toEqual([{ entity_id: patient.id, details: '{"view":"panel"}' }]);
  });

  it('answers NOT_FOUND for an unknown patient', () => {
    expect(() => getPatientPanel(ctx, { id: 'nobody' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

import { createHash } from 'node:crypto';
import type { AppointmentStatus } from '@shared/domain/booking';
import type { ReadDb } from '@main/core/db/open';
import { prepared } from '@main/core/db/prepared';
import { APPOINTMENT_ID_SYSTEM, APPOINTMENT_REASON_SYSTEM, type Appointment, type AppointmentParticipant } from './resources';
import { readMapping, type Mapping } from './store';

/**
 * A visit as a FHIR Appointment (pure once the mappings are read). Only
 * neutral fields are sent: the booking reference (Frontdesk's identifier),
 * status, start and end, the type's coding and the participants (patient,
 * practitioner, location and room). The visit's private note goes only when
 * the clinic turns it on; a cancellation reason never.
 *
 * Status table (Frontdesk → FHIR Appointment.status):
 *   booked, confirmed → booked;  checked_in → arrived;  completed → fulfilled;
 *   cancelled → cancelled;  no_show → noshow;  removed on the desk (a booking
 *   the clinic hub refused) → entered-in-error.
 */
export const STATUS_TO_FHIR: Readonly<Record<AppointmentStatus, string>> = {
  booked: 'booked',
  confirmed: 'booked',
  checked_in: 'arrived',
  completed: 'fulfilled',
  cancelled: 'cancelled',
  no_show: 'noshow',
};
export const REMOVED_STATUS = 'entered-in-error';

export interface VisitRow {
  id: string;
  patientId: string;
  providerId: string;
  locationId: string;
  roomId: string | null;
  typeId: string;
  startAt: number;
  endAt: number;
  status: AppointmentStatus;
  note: string;
}

export function readVisitRow(db: ReadDb, id: string): VisitRow | null {
  return (
    prepared<VisitRow>(
      db,
      `SELECT id, patient_id AS patientId, provider_id AS providerId, location_id AS locationId, room_id AS roomId, type_id AS typeId,
              start_at AS startAt, end_at AS endAt, status, note FROM appointments WHERE id = ?`,
    ).get(id) ?? null
  );
}

export interface VisitMappings {
  provider: Mapping | null;
  location: Mapping | null;
  room: Mapping | null;
  type: Mapping | null;
  patient: Mapping | null;
}

export function readVisitMappings(db: ReadDb, v: VisitRow): VisitMappings {
  return {
    provider: readMapping(db, 'provider', v.providerId),
    location: readMapping(db, 'location', v.locationId),
    room: v.roomId ? readMapping(db, 'room', v.roomId) : null,
    type: readMapping(db, 'type', v.typeId),
    patient: readMapping(db, 'patient', v.patientId),
  };
}

/** What must be mapped before the visit can be sent (the room is optional: the visit goes without it). */
export function missingMappings(m: VisitMappings): Array<'provider' | 'location' | 'type'> {
  const out: Array<'provider' | 'location' | 'type'> = [];
  if (!m.provider) out.push('provider');
  if (!m.location) out.push('location');
  if (!m.type) out.push('type');
  return out;
}

export function needsMappingMessage(missing: readonly string[]): string {
  const words = missing.map((k) => (k === 'type' ? 'appointment type' : k));
  return `Waits for the ${words.join(', ')} to be mapped to the EHR (Sync › EHR › Mappings).`;
}

/** The Appointment for a visit whose provider, location, type and patient are mapped. */
export function appointmentOf(v: VisitRow, m: VisitMappings & { provider: Mapping; location: Mapping; type: Mapping; patient: Mapping }, sendNotes: boolean): Appointment {
  const accepted = (reference: string, required: AppointmentParticipant['required'] = 'required'): AppointmentParticipant => ({
    actor: { reference },
    required,
    status: 'accepted',
  });
  const participant = [accepted(m.patient.reference), accepted(m.provider.reference), accepted(m.location.reference)];
  if (m.room) participant.push(accepted(m.room.reference, 'optional'));
  const coding = { system: m.type.system, code: m.type.code, ...(m.type.display ? { display: m.type.display } : {}) };
  const appointment: Appointment = {
    resourceType: 'Appointment',
    identifier: [{ system: APPOINTMENT_ID_SYSTEM, value: v.id }],
    status: STATUS_TO_FHIR[v.status],
    ...(m.type.system === APPOINTMENT_REASON_SYSTEM ? { appointmentType: { coding: [coding] } } : { serviceType: [{ coding: [coding] }] }),
    start: new Date(v.startAt).toISOString(),
    end: new Date(v.endAt).toISOString(),
    minutesDuration: Math.round((v.endAt - v.startAt) / 60_000),
    participant,
  };
  if (sendNotes && v.note.trim() !== '') appointment.comment = v.note.trim();
  return appointment;
}

/** A fingerprint of what an Appointment says (without server-side id and meta), to skip sending it twice. */
export function fingerprintOf(a: Appointment): string {
  const { id: _id, meta: _meta, ...content } = a;
  return createHash('sha256').update(JSON.stringify(content)).digest('base64url');
}

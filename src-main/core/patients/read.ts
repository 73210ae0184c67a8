import type { AppointmentId, AppointmentTypeId, LocationId, PatientId, ProviderId, RoomId } from '@shared/domain/ids';
import type { AppointmentStatus } from '@shared/domain/booking';
import type { Patient, PatientPanel, PatientVisit } from '@shared/domain/patients';
import { patientIdInput, patientPanelInput, type PatientPanelInput } from '@shared/schemas/patients';
import { recordAudit } from '../audit/audit';
import type { CoreContext } from '../context';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { parseInput } from '../validation';
import { loadLivePatientRow, loadPatientRow } from './write';
import { relatedPatients } from './family';
import { undoableMerges } from './merge';
import { openPatientConflict } from './conflicts';
import { toPatient } from './rows';

/**
 * Opens a patient record. Every read of a record is audited; the audit row is written in the same transaction as the read, so no
 * record is ever shown without its trace.
 */
export function getPatient(ctx: CoreContext, input: { id: PatientId | string }): Patient {
  const { id } = parseInput(patientIdInput, input);
  return inWriteTransaction(ctx.db, (): Patient => {
    const patient = toPatient(loadPatientRow(ctx.db, id));
    auditRead(ctx, id, 'record');
    return patient;
  });
}

interface VisitRow {
  id: string;
  start_at: number;
  end_at: number;
  status: AppointmentStatus;
  provider_id: string;
  provider_name: string;
  type_id: string;
  type_name: string;
  location_id: string;
  location_name: string;
  location_zone: string;
  room_id: string | null;
  room_name: string | null;
}

const VISIT_SELECT = `
  SELECT a.id, a.start_at, a.end_at, a.status,
         a.provider_id, pr.name AS provider_name,
         a.type_id, t.name AS type_name,
         a.location_id, l.name AS location_name, l.zone AS location_zone,
         a.room_id, r.name AS room_name
    FROM appointments a
    JOIN providers pr ON pr.id = a.provider_id
    JOIN appointment_types t ON t.id = a.type_id
    JOIN locations l ON l.id = a.location_id
    LEFT JOIN rooms r ON r.id = a.room_id`;

/**
 * The patient panel: the record, visits still to come (soonest first) and
 * visits already over (latest first). Audited as a read of the record.
 */
export function getPatientPanel(ctx: CoreContext, input: PatientPanelInput): PatientPanel {
  const { id, upcomingLimit, pastLimit } = parseInput(patientPanelInput, input);
  const now = ctx.clock.now();
  return inWriteTransaction(ctx.db, (): PatientPanel => {
    const patient = toPatient(loadLivePatientRow(ctx.db, id));
    // Both walk appointments_patient_time (patient_id, start_at): one patient's visits.
    const upcoming = prepared<VisitRow>(
      ctx.db,
      `${VISIT_SELECT}
        WHERE a.patient_id = ? AND a.end_at > ?
        ORDER BY a.start_at, a.id LIMIT ?`,
    ).all(id, now, upcomingLimit);
    const past = prepared<VisitRow>(
      ctx.db,
      `${VISIT_SELECT}
        WHERE a.patient_id = ? AND a.end_at <= ?
        ORDER BY a.start_at DESC, a.id DESC LIMIT ?`,
    ).all(id, now, pastLimit);
    auditRead(ctx, id, 'panel');
    return {
      patient,
      upcoming: upcoming.map(toVisit),
      past: past.map(toVisit),
      family: relatedPatients(ctx.db, patient),
      undoableMerges: undoableMerges(ctx.db, id, now),
      conflict: openPatientConflict(ctx.db, id),
    };
  });
}

function auditRead(ctx: CoreContext, id: PatientId, view: 'record' | 'panel'): void {
  recordAudit(ctx.db, ctx.actor, ctx.clock.now(), {
    action: 'patient.read',
    entityType: 'patient',
    entityId: id,
    details: { view },
  });
}

function toVisit(r: VisitRow): PatientVisit {
  return {
    appointmentId: r.id as AppointmentId,
    startAt: r.start_at,
    endAt: r.end_at,
    status: r.status,
    providerId: r.provider_id as ProviderId,
    providerName: r.provider_name,
    typeId: r.type_id as AppointmentTypeId,
    typeName: r.type_name,
    locationId: r.location_id as LocationId,
    locationName: r.location_name,
    locationZone: r.location_zone,
    roomId: r.room_id as RoomId | null,
    roomName: r.room_name,
  };
}

import type { AppointmentDto, AppointmentSnapshot } from '../../src-shared/domain/booking';
import { RELEASED_STATUSES } from '../../src-shared/domain/booking';
import type { AppointmentId, PatientId } from '../../src-shared/domain/ids';
import type { Patient } from '../../src-shared/domain/patients';
import { findAppointment, INSERT_APPOINTMENT } from '../core/booking/appointment-store';
import { changedEvent } from '../core/booking/record';
import { locationZone } from '../core/booking/location-zone';
import { getClinicSettings } from '../core/clinic/settings';
import type { WriteDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';
import type { AppointmentsChangedEvent } from '../core/events';
import { rowOfPatient } from '../core/patients/rows';
import { insertPatient, writePatient } from '../core/patients/write';
import { moveReferences, type MovedRows } from '../core/patients/merge';
import { refreshConflictTheirs } from '../core/patients/conflicts';
import { armReminders, cancelReminders, rearmReminders } from '../core/reminders/schedule';

/**
 * Writes another desk's change, as the hub logged it, into this desk's
 * database (the puller calls these inside its write transaction). The hub has
 * already checked the change against everyone's schedule, so the local guard
 * is not asked again; what this desk still owns is its reminder rows, kept in
 * step with the visit exactly as a local booking would.
 */

const RELEASED: readonly string[] = RELEASED_STATUSES;

/**
 * True while this desk has its own unsent change of the entity, or an open
 * conflict on it: the desk's change goes to the hub first, which then decides
 * (and reports a version conflict if the other desk won).
 */
export function hasLocalChange(db: WriteDb, entityType: string, entityId: string): boolean {
  return (
    prepared<number>(
      db,
      `SELECT EXISTS (SELECT 1 FROM outbox WHERE entity_type = ? AND entity_id = ? AND state IN ('pending', 'in_flight', 'attention'))
           OR EXISTS (SELECT 1 FROM sync_conflicts WHERE appointment_id = ? AND resolved_at IS NULL)`,
    )
      .pluck()
      .get(entityType, entityId, entityId) === 1
  );
}

/** Puts the hub's version of a visit on this desk; returns the grid's change event. */
export function applyRemoteAppointment(db: WriteDb, s: AppointmentSnapshot, now: number): AppointmentsChangedEvent {
  const before = findAppointment(db, s.id as AppointmentId);
  prepared(
    db,
    `${INSERT_APPOINTMENT}
     ON CONFLICT (id) DO UPDATE SET provider_id = excluded.provider_id, location_id = excluded.location_id,
       room_id = excluded.room_id, type_id = excluded.type_id, start_at = excluded.start_at, end_at = excluded.end_at,
       busy_start_at = excluded.busy_start_at, busy_end_at = excluded.busy_end_at, status = excluded.status,
       cancel_reason = excluded.cancel_reason, note = excluded.note, version = excluded.version,
       team_id = excluded.team_id, arrived_at = excluded.arrived_at, seated_at = excluded.seated_at,
       done_at = excluded.done_at, updated_at = excluded.updated_at`,
  ).run({
    id: s.id,
    patientId: livePatientId(db, s.patientId),
    providerId: s.providerId,
    locationId: s.locationId,
    roomId: s.roomId,
    typeId: s.typeId,
    startAt: s.startAt,
    endAt: s.endAt,
    busyStartAt: s.busyStartAt,
    busyEndAt: s.busyEndAt,
    status: s.status,
    cancelReason: s.cancelReason,
    note: s.note,
    version: s.version,
    teamId: s.teamId,
    arrivedAt: s.arrivedAt,
    seatedAt: s.seatedAt,
    doneAt: s.doneAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
  });
  syncReminders(db, before ?? null, s, now);
  const versions = [{ a: s as AppointmentDto, zone: locationZone(db, s.locationId) }];
  if (before) versions.push({ a: before, zone: locationZone(db, before.locationId) });
  return changedEvent(before ? 'appointment.reschedule' : 'appointment.book', versions);
}

/** Reminder rows follow the visit: armed for a new one, re-armed on a move, cancelled when released. */
function syncReminders(db: WriteDb, before: AppointmentDto | null, after: AppointmentDto, now: number): void {
  const id = after.id as AppointmentId;
  const holdsReminders = after.teamId === null || after.teamId === after.id;
  if (!holdsReminders || RELEASED.includes(after.status)) {
    if (before) cancelReminders(db, id, now);
    return;
  }
  const offsets = getClinicSettings(db).reminderOffsetsMin;
  if (!before || RELEASED.includes(before.status)) {
    if (before) cancelReminders(db, id, now);
    armReminders(db, id, after.startAt, offsets, now);
  } else if (before.startAt !== after.startAt) {
    rearmReminders(db, id, after.startAt, offsets, now);
  }
}

/**
 * A patient record created or changed at another desk. The hub has already
 * ordered concurrent edits (a desk whose edit lost was told so); a record
 * this desk has an open conflict on only refreshes the other desk's side of
 * it. A merge moves this desk's rows of the merged record to the kept one,
 * exactly as at the desk that merged; an undone merge moves back the rows
 * that desk names.
 */
export function applyRemotePatient(db: WriteDb, p: Patient, merge?: { kind: 'merge' | 'unmerge'; moved: MovedRows; survivorId: string | null }, now = p.updatedAt): PatientId[] {
  if (refreshConflictTheirs(db, p)) return [p.id];
  const local = prepared<number>(db, `SELECT version FROM patients WHERE id = ?`).pluck().get(p.id);
  // This desk is already past that version (its own later change, taken by the hub after this one).
  if (local !== undefined && p.version > 0 && local >= p.version) return [p.id];
  // A desk from before versions sends none: the record keeps counting from this desk's.
  const row = rowOfPatient({ ...p, version: p.version > 0 ? p.version : (local ?? 1) }, now);
  if (local !== undefined) writePatient(db, row);
  else insertPatient(db, row);
  if (merge?.kind === 'merge' && p.mergedInto) {
    moveReferences(db, p.id, p.mergedInto);
    return [p.id, p.mergedInto];
  }
  if (merge?.kind === 'unmerge' && merge.survivorId) {
    moveReferences(db, merge.survivorId, p.id, merge.moved);
    return [p.id, merge.survivorId as PatientId];
  }
  return [p.id];
}

/** The visit's patient as this desk knows them: a merged record's visits belong to the kept record. */
function livePatientId(db: WriteDb, id: string): string {
  let at = id;
  for (let i = 0; i < 16; i++) {
    const next = prepared<string | null>(db, `SELECT merged_into FROM patients WHERE id = ?`).pluck().get(at);
    if (!next) return at;
    at = next;
  }
  return at;
}

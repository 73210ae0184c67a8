import type { AppointmentDto } from '../../../src-shared/domain/booking';
import type { AppointmentId } from '../../../src-shared/domain/ids';
import type { ReadDb, WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import { appointmentNotFound } from './errors';

/** Reads and writes of appointment rows; the rules live in the guard and the services. */

const SELECT = `SELECT id, patient_id AS patientId, provider_id AS providerId, location_id AS locationId,
  room_id AS roomId, type_id AS typeId, start_at AS startAt, end_at AS endAt, busy_start_at AS busyStartAt,
  busy_end_at AS busyEndAt, status, cancel_reason AS cancelReason, note, version, team_id AS teamId,
  arrived_at AS arrivedAt, seated_at AS seatedAt, done_at AS doneAt, created_at AS createdAt, updated_at AS updatedAt FROM appointments`;

export function loadAppointment(db: ReadDb, id: AppointmentId): AppointmentDto {
  const row = findAppointment(db, id);
  if (!row) throw appointmentNotFound(id);
  return row;
}

/** The visit, or undefined when this desk does not have it (yet). */
export function findAppointment(db: ReadDb, id: AppointmentId): AppointmentDto | undefined {
  return prepared<AppointmentDto>(db, `${SELECT} WHERE id = ?`).get(id);
}

/** The visits of a care team, lead first. */
export function loadTeam(db: ReadDb, teamId: AppointmentId): AppointmentDto[] {
  return prepared<AppointmentDto>(db, `${SELECT} WHERE team_id = ? ORDER BY id <> team_id, id`).all(teamId);
}

export function insertAppointment(db: WriteDb, a: AppointmentDto): void {
  prepared(
    db,
    `INSERT INTO appointments (id, patient_id, provider_id, location_id, room_id, type_id, start_at, end_at,
       busy_start_at, busy_end_at, status, cancel_reason, note, version, team_id, arrived_at, seated_at, done_at,
       created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    a.id,
    a.patientId,
    a.providerId,
    a.locationId,
    a.roomId,
    a.typeId,
    a.startAt,
    a.endAt,
    a.busyStartAt,
    a.busyEndAt,
    a.status,
    a.cancelReason,
    a.note,
    a.version,
    a.teamId,
    a.arrivedAt,
    a.seatedAt,
    a.doneAt,
    a.createdAt,
    a.updatedAt,
  );
}

/**
 * Writes the changed appointment over the stored one, but only if the stored
 * one still has `previousVersion` (the callers checked it in the same
 * transaction; the condition makes the update safe on its own).
 */
export function updateAppointment(db: WriteDb, a: AppointmentDto, previousVersion: number): void {
  const { changes } = prepared(
    db,
    `UPDATE appointments SET provider_id = ?, location_id = ?, room_id = ?, start_at = ?, end_at = ?,
       busy_start_at = ?, busy_end_at = ?, status = ?, cancel_reason = ?, arrived_at = ?, seated_at = ?, done_at = ?,
       version = ?, updated_at = ?
     WHERE id = ? AND version = ?`,
  ).run(
    a.providerId,
    a.locationId,
    a.roomId,
    a.startAt,
    a.endAt,
    a.busyStartAt,
    a.busyEndAt,
    a.status,
    a.cancelReason,
    a.arrivedAt,
    a.seatedAt,
    a.doneAt,
    a.version,
    a.updatedAt,
    a.id,
    previousVersion,
  );
  if (changes !== 1) throw new Error(`appointment ${a.id} changed under a write transaction`);
}

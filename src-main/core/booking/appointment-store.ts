import type { AppointmentDto } from '@shared/domain/booking';
import type { AppointmentId, EpochMs } from '@shared/domain/ids';
import type { ReadDb, WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import { appointmentNotFound } from './errors';

/** Reads and writes of appointment rows; the rules live in the guard and the services. */

/** The appointments table's columns and the AppointmentDto fields they hold: every full read and insert is built from it. */
const COLUMNS = [
  ['id', 'id'],
  ['patient_id', 'patientId'],
  ['provider_id', 'providerId'],
  ['location_id', 'locationId'],
  ['room_id', 'roomId'],
  ['type_id', 'typeId'],
  ['start_at', 'startAt'],
  ['end_at', 'endAt'],
  ['busy_start_at', 'busyStartAt'],
  ['busy_end_at', 'busyEndAt'],
  ['status', 'status'],
  ['cancel_reason', 'cancelReason'],
  ['note', 'note'],
  ['version', 'version'],
  ['team_id', 'teamId'],
  ['arrived_at', 'arrivedAt'],
  ['seated_at', 'seatedAt'],
  ['done_at', 'doneAt'],
  ['created_at', 'createdAt'],
  ['updated_at', 'updatedAt'],
] as const satisfies ReadonlyArray<readonly [string, keyof AppointmentDto]>;

/** The select list of a whole AppointmentDto, columns read from the table aliased `table` when given. */
export function appointmentColumns(table?: string): string {
  const of = table ? `${table}.` : '';
  return COLUMNS.map(([column, field]) => (column === field ? `${of}${column}` : `${of}${column} AS ${field}`)).join(', ');
}

/** Inserts one visit; its named parameters are the AppointmentDto's fields. */
export const INSERT_APPOINTMENT = `INSERT INTO appointments (${COLUMNS.map(([c]) => c).join(', ')})
  VALUES (${COLUMNS.map(([, f]) => `@${f}`).join(', ')})`;

const SELECT = `SELECT ${appointmentColumns()} FROM appointments`;

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

/** What a new visit is made of: who, what and where, and the times the guard placed it at. */
type NewVisit = Pick<
  AppointmentDto,
  'id' | 'patientId' | 'providerId' | 'locationId' | 'typeId' | 'note' | 'teamId' | 'roomId' | 'startAt' | 'endAt' | 'busyStartAt' | 'busyEndAt'
>;

/** A just-booked visit's row: booked, version 1, nothing else happened to it yet. */
export function bookedAppointment(visit: NewVisit, now: EpochMs): AppointmentDto {
  return {
    ...visit,
    status: 'booked',
    cancelReason: null,
    version: 1,
    arrivedAt: null,
    seatedAt: null,
    doneAt: null,
    createdAt: now,
    updatedAt: now,
  };
}

export function insertAppointment(db: WriteDb, a: AppointmentDto): void {
  prepared(db, INSERT_APPOINTMENT).run(a);
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

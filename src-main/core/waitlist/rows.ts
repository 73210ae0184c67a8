import type { AppointmentId, AppointmentTypeId, LocationId, PatientId, ProviderId } from '@shared/domain/ids';
import { WAITLIST_PARTS, type WaitlistEntryDto, type WaitlistEntryId, type WaitlistPart, type WaitlistStatus } from '@shared/domain/waitlist';
import { AppError } from '@shared/domain/errors';
import type { ReadDb, WriteDb } from '../db/open';
import { prepared } from '../db/prepared';

/** Reads and writes of waitlist rows; the wishes are stored as masks so a match filters in SQL. */

export interface WaitlistRow {
  id: WaitlistEntryId;
  patient_id: PatientId;
  type_id: AppointmentTypeId;
  location_id: LocationId | null;
  provider_ids: string;
  weekdays: number;
  parts_of_day: number;
  earliest_date: string;
  latest_date: string | null;
  note: string;
  status: WaitlistStatus;
  appointment_id: AppointmentId | null;
  closed_reason: string | null;
  version: number;
  created_at: number;
  updated_at: number;
}

export const WAITLIST_COLUMNS = `id, patient_id, type_id, location_id, provider_ids, weekdays, parts_of_day, earliest_date,
  latest_date, note, status, appointment_id, closed_reason, version, created_at, updated_at`;

/** Bit d-1 for ISO weekday d; 0 = any day. */
export const weekdayMask = (days: readonly number[]): number => days.reduce((m, d) => m | (1 << (d - 1)), 0);
const weekdaysOf = (mask: number): number[] => [1, 2, 3, 4, 5, 6, 7].filter((d) => (mask & (1 << (d - 1))) !== 0);
/** Bit 1 morning, bit 2 afternoon; 0 = any time. */
const partMask = (parts: readonly WaitlistPart[]): number => parts.reduce((m, p) => m | (1 << WAITLIST_PARTS.indexOf(p)), 0);
const partsOf = (mask: number): WaitlistPart[] => WAITLIST_PARTS.filter((_, i) => (mask & (1 << i)) !== 0);

export function toEntry(r: WaitlistRow): WaitlistEntryDto {
  return {
    id: r.id,
    patientId: r.patient_id,
    typeId: r.type_id,
    providerIds: JSON.parse(r.provider_ids) as ProviderId[],
    locationId: r.location_id,
    weekdays: weekdaysOf(r.weekdays),
    partsOfDay: partsOf(r.parts_of_day),
    earliestDate: r.earliest_date,
    latestDate: r.latest_date,
    note: r.note,
    status: r.status,
    appointmentId: r.appointment_id,
    closedReason: r.closed_reason,
    version: r.version,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function findEntry(db: ReadDb, id: WaitlistEntryId): WaitlistEntryDto | undefined {
  const row = prepared<WaitlistRow>(db, `SELECT ${WAITLIST_COLUMNS} FROM waitlist_entries WHERE id = ?`).get(id);
  return row ? toEntry(row) : undefined;
}

export function loadEntry(db: ReadDb, id: WaitlistEntryId): WaitlistEntryDto {
  const entry = findEntry(db, id);
  if (!entry) {
    throw new AppError('NOT_FOUND', 'This waitlist entry no longer exists. Refresh the waitlist and try again.', { entity: 'waitlist_entry', id });
  }
  return entry;
}

/** Inserts the entry, or replaces the stored one (a newer version from this desk or another). */
export function writeEntry(db: WriteDb, e: WaitlistEntryDto): void {
  prepared(
    db,
    `INSERT INTO waitlist_entries (${WAITLIST_COLUMNS})
     VALUES (@id, @patientId, @typeId, @locationId, @providerIds, @weekdays, @parts, @earliestDate, @latestDate, @note,
             @status, @appointmentId, @closedReason, @version, @createdAt, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET patient_id = excluded.patient_id, type_id = excluded.type_id,
       location_id = excluded.location_id, provider_ids = excluded.provider_ids, weekdays = excluded.weekdays,
       parts_of_day = excluded.parts_of_day, earliest_date = excluded.earliest_date, latest_date = excluded.latest_date,
       note = excluded.note, status = excluded.status, appointment_id = excluded.appointment_id,
       closed_reason = excluded.closed_reason, version = excluded.version, updated_at = excluded.updated_at`,
  ).run({
    id: e.id,
    patientId: e.patientId,
    typeId: e.typeId,
    locationId: e.locationId,
    providerIds: JSON.stringify(e.providerIds),
    weekdays: weekdayMask(e.weekdays),
    parts: partMask(e.partsOfDay),
    earliestDate: e.earliestDate,
    latestDate: e.latestDate,
    note: e.note,
    status: e.status,
    appointmentId: e.appointmentId,
    closedReason: e.closedReason,
    version: e.version,
    createdAt: e.createdAt,
    updatedAt: e.updatedAt,
  });
}

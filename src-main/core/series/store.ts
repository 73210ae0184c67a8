import type { AppointmentStatus } from '@shared/domain/booking';
import type { AppointmentId } from '@shared/domain/ids';
import type { SeriesDto, SeriesId } from '@shared/domain/waitlist';
import type { ReadDb, WriteDb } from '../db/open';
import { prepared } from '../db/prepared';

/** Reads and writes of series rows and their links to the booked visits. */

export interface SeriesRecord extends Omit<SeriesDto, 'occurrences'> {
  /** Which visit is which place in the rule (also those since cancelled). */
  links: Array<{ appointmentId: AppointmentId; occurrence: number }>;
}

/** A series row as SELECT reads it: the record without its links. */
type SeriesRow = Omit<SeriesRecord, 'links'>;

const SELECT = `SELECT id, patient_id AS patientId, provider_id AS providerId, location_id AS locationId, type_id AS typeId,
  frequency, interval, monthly_by AS monthlyBy, count, until_date AS untilDate, first_start_at AS firstStartAt,
  version, created_at AS createdAt, updated_at AS updatedAt FROM appointment_series`;

/** Inserts the series or replaces it (a newer version from another desk), with its links. */
export function writeSeries(db: WriteDb, s: SeriesRecord): void {
  const { links, ...row } = s;
  prepared(
    db,
    `INSERT INTO appointment_series (id, patient_id, provider_id, location_id, type_id, frequency, interval, monthly_by, count,
       until_date, first_start_at, version, created_at, updated_at)
     VALUES (@id, @patientId, @providerId, @locationId, @typeId, @frequency, @interval, @monthlyBy, @count, @untilDate,
       @firstStartAt, @version, @createdAt, @updatedAt)
     ON CONFLICT (id) DO UPDATE SET provider_id = excluded.provider_id, location_id = excluded.location_id,
       type_id = excluded.type_id, frequency = excluded.frequency, interval = excluded.interval, monthly_by = excluded.monthly_by,
       count = excluded.count, until_date = excluded.until_date, first_start_at = excluded.first_start_at,
       version = excluded.version, updated_at = excluded.updated_at`,
  ).run(row);
  prepared(db, `DELETE FROM series_occurrences WHERE series_id = ?`).run(s.id);
  const link = prepared(db, `INSERT INTO series_occurrences (appointment_id, series_id, occurrence) VALUES (?, ?, ?)
    ON CONFLICT (appointment_id) DO UPDATE SET series_id = excluded.series_id, occurrence = excluded.occurrence`);
  for (const l of links) link.run(l.appointmentId, s.id, l.occurrence);
}

function findSeriesRecord(db: ReadDb, id: SeriesId): SeriesRecord | undefined {
  const row = prepared<SeriesRow>(db, `${SELECT} WHERE id = ?`).get(id);
  if (!row) return undefined;
  const links = prepared<{ appointmentId: AppointmentId; occurrence: number }>(
    db,
    `SELECT appointment_id AS appointmentId, occurrence FROM series_occurrences WHERE series_id = ? ORDER BY occurrence`,
  ).all(id);
  return { ...row, links };
}

/** The series a visit belongs to, if any. */
export function seriesIdOf(db: ReadDb, appointmentId: AppointmentId): SeriesId | undefined {
  return prepared<SeriesId>(db, `SELECT series_id FROM series_occurrences WHERE appointment_id = ?`).pluck().get(appointmentId);
}

/** The visit's place in its series' rule (0 outside any series). */
export function occurrenceOf(db: ReadDb, appointmentId: AppointmentId): number {
  return prepared<number>(db, `SELECT occurrence FROM series_occurrences WHERE appointment_id = ?`).pluck().get(appointmentId) ?? 0;
}

/** The series with its visits as they are now (time and status), in time order. */
export function readSeries(db: ReadDb, id: SeriesId): SeriesDto | undefined {
  const rec = findSeriesRecord(db, id);
  if (!rec) return undefined;
  const { links: _links, ...series } = rec;
  const occurrences = prepared<{ occurrence: number; appointmentId: AppointmentId; startAt: number; status: AppointmentStatus }>(
    db,
    `SELECT o.occurrence, o.appointment_id AS appointmentId, a.start_at AS startAt, a.status
       FROM series_occurrences o JOIN appointments a ON a.id = o.appointment_id
      WHERE o.series_id = ? ORDER BY a.start_at, o.occurrence`,
  ).all(id);
  return { ...series, occurrences };
}

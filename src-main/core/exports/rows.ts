import type { AppointmentStatus } from '../../../src-shared/domain/booking';
import type { ReadDb } from '../db/open';
import { localParts } from './local-time';
import { providerFilter, scopedLocations, type ExportScope } from './scope';

/** One appointment as every export format sees it: local times in its location's zone. */
export interface ExportRow {
  id: string;
  startAt: number;
  endAt: number;
  date: string;
  start: string;
  end: string;
  zone: string;
  locationId: string;
  locationName: string;
  roomName: string;
  providerId: string;
  providerName: string;
  typeName: string;
  status: AppointmentStatus;
  /** "confirmed" once the patient confirmed (or arrived), "not confirmed" otherwise, "" for cancelled visits. */
  confirmation: string;
  /** Reminder states by offset, e.g. "24h sent; 1h scheduled"; "" without reminders. */
  reminders: string;
  createdAt: number;
  updatedAt: number;
  patientId: string;
  /** Only when names were asked for. */
  patientName: string | null;
  patientPhone: string | null;
}

interface RawRow {
  id: string;
  startAt: number;
  endAt: number;
  providerId: string;
  providerName: string;
  roomName: string | null;
  typeName: string;
  status: AppointmentStatus;
  reminders: string | null;
  createdAt: number;
  updatedAt: number;
  patientId: string;
  givenName: string;
  familyName: string;
  phone: string | null;
}

const ROWS_SQL = `
  SELECT a.id, a.start_at AS startAt, a.end_at AS endAt, a.provider_id AS providerId, pr.name AS providerName,
         r.name AS roomName, t.name AS typeName, a.status, a.created_at AS createdAt, a.updated_at AS updatedAt,
         a.patient_id AS patientId, p.given_name AS givenName, p.family_name AS familyName, p.phone,
         (SELECT group_concat(offset_min || ':' || state, ',') FROM
            (SELECT offset_min, state FROM reminders WHERE appointment_id = a.id ORDER BY offset_min DESC)) AS reminders
    FROM appointments a
    JOIN providers pr ON pr.id = a.provider_id
    JOIN appointment_types t ON t.id = a.type_id
    JOIN patients p ON p.id = a.patient_id
    LEFT JOIN rooms r ON r.id = a.room_id
   WHERE a.location_id = ? AND a.start_at >= ? AND a.start_at < ?
   ORDER BY a.start_at, pr.name, a.id`;

/** Visits in the scope, without reading them (progress totals). */
export function countExportRows(db: ReadDb, scope: ExportScope): number {
  const providers = providerFilter(scope);
  let n = 0;
  for (const l of scopedLocations(db, scope)) {
    if (!providers) {
      n += db.prepare(`SELECT count(*) FROM appointments WHERE location_id = ? AND start_at >= ? AND start_at < ?`).pluck().get(l.id, l.from, l.to) as number;
    } else {
      const ids = [...providers];
      n += db
        .prepare(
          `SELECT count(*) FROM appointments WHERE location_id = ? AND start_at >= ? AND start_at < ?
              AND provider_id IN (${ids.map(() => '?').join(',')})`,
        )
        .pluck()
        .get(l.id, l.from, l.to, ...ids) as number;
    }
  }
  return n;
}

/**
 * Every visit of the scope (cancelled and no-shows included: the status says
 * so), location by location, by start time. Streams from SQLite: a year of a
 * large clinic never sits in memory as rows.
 */
export function* exportRows(db: ReadDb, scope: ExportScope, includePatientNames: boolean): Generator<ExportRow> {
  const providers = providerFilter(scope);
  const stmt = db.prepare<unknown[], RawRow>(ROWS_SQL);
  for (const l of scopedLocations(db, scope)) {
    for (const r of stmt.iterate(l.id, l.from, l.to)) {
      if (providers && !providers.has(r.providerId)) continue;
      const s = localParts(l.zone, r.startAt);
      const e = localParts(l.zone, r.endAt);
      yield {
        id: r.id,
        startAt: r.startAt,
        endAt: r.endAt,
        date: s.date,
        start: s.time,
        end: e.time,
        zone: l.zone,
        locationId: l.id,
        locationName: l.name,
        roomName: r.roomName ?? '',
        providerId: r.providerId,
        providerName: r.providerName,
        typeName: r.typeName,
        status: r.status,
        confirmation: confirmationOf(r.status),
        reminders: reminderSummary(r.reminders),
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        patientId: r.patientId,
        patientName: includePatientNames ? `${r.familyName}, ${r.givenName}` : null,
        patientPhone: includePatientNames ? (r.phone ?? '') : null,
      };
    }
  }
}

function confirmationOf(status: AppointmentStatus): string {
  if (status === 'cancelled') return '';
  return status === 'booked' ? 'not confirmed' : 'confirmed';
}

/** "1440:sent,60:scheduled" → "24h sent; 1h scheduled". */
function reminderSummary(raw: string | null): string {
  if (!raw) return '';
  return raw
    .split(',')
    .map((part) => {
      const [offset = '0', state = ''] = part.split(':');
      const min = Number(offset);
      const label = min % 60 === 0 ? `${min / 60}h` : `${min}min`;
      return `${label} ${state}`;
    })
    .join('; ');
}

/** A short, neutral booking reference for calendars and sheets: the last 8 characters of the id, upper case. */
export function bookingReference(id: string): string {
  return id.replace(/-/g, '').slice(-8).toUpperCase();
}

import type { AppointmentStatus } from '@shared/domain/booking';
import type { ReadDb } from '../db/open';
import { localDate, localTime } from './local-time';
import { providerFilter, scopedLocations, type ExportScope, type ScopedLocation } from './scope';

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
  /** Reminder states by offset, e.g. "24h sent; 1h scheduled"; "" without reminders (or when not asked for). */
  reminders: string;
  /** Only when names were asked for. */
  patientName: string | null;
  patientPhone: string | null;
}

/** What a format needs beyond the schedule itself (each costs a read per visit). */
export interface RowOptions {
  /** Patient name and phone. */
  names: boolean;
  /** The reminder states column. */
  reminders: boolean;
}

/** location (index into the scope's locations), id, start, end, provider, room, type (rowids: names come from look-ups), status [, given, family, phone] [, reminders]. */
type RawRow = [number, string, number, number, number, number | null, number, AppointmentStatus, ...unknown[]];

/**
 * The scope as one WHERE clause: each location's own [from, to) (its zone's
 * local dates), optionally some providers. One pass over the table for every
 * location, however many there are.
 */
function scopeWhere(locations: readonly ScopedLocation[], scope: ExportScope): { sql: string; params: unknown[] } {
  const providers = [...(providerFilter(scope) ?? [])];
  const ranges = locations.map(() => '(a.location_id = ? AND a.start_at >= ? AND a.start_at < ?)').join(' OR ');
  const byProvider = providers.length > 0 ? ` AND a.provider_id IN (${providers.map(() => '?').join(',')})` : '';
  return { sql: `(${ranges})${byProvider}`, params: [...locations.flatMap((l) => [l.id, l.from, l.to]), ...providers] };
}

function rowsSql(locations: readonly ScopedLocation[], where: string, opts: RowOptions): string {
  const locationIndex = `CASE a.location_id ${locations.map((_, i) => `WHEN ? THEN ${i}`).join(' ')} END`;
  return `
  SELECT ${locationIndex} AS loc, a.id, a.start_at, a.end_at, pr.rowid, r.rowid, t.rowid, a.status
         ${opts.names ? ', p.given_name, p.family_name, p.phone' : ''}
         ${opts.reminders ? `, (SELECT group_concat(offset_min || ':' || state, ',') FROM reminders WHERE appointment_id = a.id)` : ''}
    FROM appointments a
    JOIN providers pr ON pr.id = a.provider_id
    JOIN appointment_types t ON t.id = a.type_id
    ${opts.names ? 'JOIN patients p ON p.id = a.patient_id' : ''}
    LEFT JOIN rooms r ON r.id = a.room_id
   WHERE ${where}
   ORDER BY loc, a.start_at, pr.name, a.id`;
}

/** rowid → id and name of a small set-up table. */
function lookup(db: ReadDb, table: 'providers' | 'rooms' | 'appointment_types'): Map<number, { id: string; name: string }> {
  const rows = db.prepare(`SELECT rowid AS k, id, name FROM ${table}`).all() as Array<{ k: number; id: string; name: string }>;
  return new Map(rows.map((r) => [r.k, { id: r.id, name: r.name }]));
}

/** Visits in the scope, without reading them (progress totals). */
export function countExportRows(db: ReadDb, scope: ExportScope): number {
  const locations = scopedLocations(db, scope);
  if (locations.length === 0) return 0;
  const where = scopeWhere(locations, scope);
  return db.prepare(`SELECT count(*) FROM appointments a WHERE ${where.sql}`).pluck().get(...where.params) as number;
}

/**
 * Every visit of the scope (cancelled and no-shows included: the status says
 * so), location by location (by name), by start time. One query streamed
 * from SQLite in raw (array) mode, set-up names from look-ups: a year of a
 * large clinic never sits in memory as rows.
 */
export function* exportRows(db: ReadDb, scope: ExportScope, opts: RowOptions): Generator<ExportRow> {
  const locations = scopedLocations(db, scope);
  if (locations.length === 0) return;
  const providerOf = lookup(db, 'providers');
  const roomOf = lookup(db, 'rooms');
  const typeOf = lookup(db, 'appointment_types');
  const where = scopeWhere(locations, scope);
  const stmt = db.prepare<unknown[], RawRow>(rowsSql(locations, where.sql, opts)).raw(true);
  const reminderAt = opts.names ? 11 : 8;
  for (const r of stmt.iterate(...locations.map((l) => l.id), ...where.params)) {
    const l = locations[r[0]]!;
    const provider = providerOf.get(r[4])!;
    const status = r[7];
    yield {
      id: r[1],
      startAt: r[2],
      endAt: r[3],
      date: localDate(l.zone, r[2]),
      start: localTime(l.zone, r[2]),
      end: localTime(l.zone, r[3]),
      zone: l.zone,
      locationId: l.id,
      locationName: l.name,
      roomName: r[5] === null ? '' : (roomOf.get(r[5])?.name ?? ''),
      providerId: provider.id,
      providerName: provider.name,
      typeName: typeOf.get(r[6])!.name,
      status,
      confirmation: confirmationOf(status),
      reminders: opts.reminders ? reminderSummary(r[reminderAt] as string | null) : '',
      patientName: opts.names ? `${r[9] as string}, ${r[8] as string}` : null,
      patientPhone: opts.names ? ((r[10] as string | null) ?? '') : null,
    };
  }
}

function confirmationOf(status: AppointmentStatus): string {
  if (status === 'cancelled') return '';
  return status === 'booked' ? 'not confirmed' : 'confirmed';
}

/** "60:scheduled,1440:sent" → "24h sent; 1h scheduled" (earliest reminder first). */
function reminderSummary(raw: string | null): string {
  if (!raw) return '';
  const parts = raw.split(',').map((part) => {
    const [offset = '0', state = ''] = part.split(':');
    return { min: Number(offset), state };
  });
  if (parts.length > 1) parts.sort((a, b) => b.min - a.min);
  return parts.map(({ min, state }) => `${min % 60 === 0 ? `${min / 60}h` : `${min}min`} ${state}`).join('; ');
}

/** A short, neutral booking reference for calendars and sheets: the last 8 characters of the id, upper case. */
export function bookingReference(id: string): string {
  return id.replace(/-/g, '').slice(-8).toUpperCase();
}

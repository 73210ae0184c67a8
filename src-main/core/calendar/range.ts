import type { CalendarRangeDto, ExternalBusyDto, GridVisitDto, OpenIntervalDto } from '@shared/domain/calendar';
import { MAX_DURATION_MIN } from '@shared/schemas/clinic';
import type { AppointmentId, LocationId, ProviderId } from '@shared/domain/ids';
import { calendarRangeInput, type CalendarRangeInput } from '@shared/schemas/calendar';
import { listBlockoutsInRange } from '../clinic';
import { loadHoursInZone } from '../clinic/hours';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { REMINDER_STATE_PRIORITY } from '../reminders/queries';
import { openIntervals } from '../slots/hours';
import { addDays, instantToLocalDate } from '../slots/zone-day';
import { parseInput } from '../validation';

/**
 * Everything the calendar grid draws for [from, to) in one read: visits
 * (cancelled included, the grid strikes them through), blockouts, each
 * provider's open time per location and a reminder summary per visit.
 */
export function calendarRange(db: ReadDb, input: CalendarRangeInput): CalendarRangeDto {
  const v = parseInput(calendarRangeInput, input);
  const appointments = gridVisits(db, v.from, v.to, v.locationId, v.providerIds);
  const blockouts = listBlockoutsInRange(db, { from: v.from, to: v.to });
  return {
    from: v.from,
    to: v.to,
    appointments,
    blockouts,
    open: openTimeInRange(db, v.from, v.to, v.locationId, v.providerIds),
    // Few, and only while a desk has unsettled conflicts: all of them, the grid picks its own.
    conflictIds: prepared<AppointmentId>(db, `SELECT appointment_id FROM sync_conflicts WHERE resolved_at IS NULL`).pluck().all(),
    externalBusy: externalBusyInRange(db, v.from, v.to, v.providerIds),
  };
}

/** Providers' own-calendar busy spans overlapping [from, to), merged per provider by the grid. */
function externalBusyInRange(db: ReadDb, from: number, to: number, providerIds?: readonly ProviderId[]): ExternalBusyDto[] {
  const rows = prepared<ExternalBusyDto>(
    db,
    `SELECT provider_id AS providerId, start_at AS startAt, end_at AS endAt FROM external_busy
      WHERE start_at < ? AND end_at > ? ORDER BY provider_id, start_at`,
  ).all(to, from);
  if (!providerIds) return rows;
  const wanted = new Set<string>(providerIds);
  return rows.filter((r) => wanted.has(r.providerId));
}

/** The reminder states in the order a card shows them (core/reminders/queries.ts). */
const STATE_RANK = `CASE r.state ${Object.entries(REMINDER_STATE_PRIORITY)
  .map(([state, rank]) => `WHEN '${state}' THEN ${rank}`)
  .join(' ')} END`;

/**
 * Visits overlapping [from, to), cancelled included, with only what the grid
 * draws (GridVisitDto): a busy day is 1,500 of them, read, sent and parsed on
 * every day change. A visit lasts at most MAX_DURATION_MIN, which keeps the
 * scan on the time index.
 */
function gridVisits(db: ReadDb, from: number, to: number, locationId?: LocationId, providerIds?: readonly ProviderId[]): GridVisitDto[] {
  const rows = prepared<GridVisitDto>(
    db,
    `SELECT a.id, a.patient_id AS patientId, a.provider_id AS providerId, a.location_id AS locationId,
            a.room_id AS roomId, a.type_id AS typeId, a.start_at AS startAt, a.end_at AS endAt,
            a.busy_start_at AS busyStartAt, a.busy_end_at AS busyEndAt, a.status,
            a.version, a.team_id AS teamId, p.given_name AS patientGivenName, p.family_name AS patientFamilyName,
            t.name AS typeName, t.colour AS typeColour, p.alert <> '' AS patientAlert,
            EXISTS (SELECT 1 FROM series_occurrences o WHERE o.appointment_id = a.id) AS inSeries,
            (SELECT r.state FROM reminders r WHERE r.appointment_id = a.id ORDER BY ${STATE_RANK} LIMIT 1) AS reminderState
       FROM appointments a
       JOIN patients p ON p.id = a.patient_id
       JOIN appointment_types t ON t.id = a.type_id
      WHERE a.start_at > ? AND a.start_at < ? AND a.end_at > ? AND (? IS NULL OR a.location_id = ?)
      ORDER BY a.start_at, a.provider_id, a.id`,
  ).all(from - MAX_DURATION_MIN * 60_000, to, from, locationId ?? null, locationId ?? null);
  for (const r of rows) {
    r.patientAlert = Boolean(r.patientAlert);
    r.inSeries = Boolean(r.inSeries);
  }
  if (!providerIds) return rows;
  const wanted = new Set<string>(providerIds);
  return rows.filter((r) => wanted.has(r.providerId));
}

/** Open time of every provider (or the given ones) at every location (or one) overlapping [from, to). */
export function openTimeInRange(
  db: ReadDb,
  from: number,
  to: number,
  locationId?: LocationId,
  providerIds?: readonly ProviderId[],
): OpenIntervalDto[] {
  const pairs = prepared<{ providerId: ProviderId; locationId: LocationId; zone: string }>(
    db,
    `SELECT DISTINCT h.provider_id AS providerId, h.location_id AS locationId, l.zone
       FROM opening_hours h JOIN locations l ON l.id = h.location_id
       JOIN providers p ON p.id = h.provider_id
      WHERE p.active = 1 AND (? IS NULL OR h.location_id = ?)
      ORDER BY h.provider_id, h.location_id`,
  ).all(locationId ?? null, locationId ?? null);
  const wanted = providerIds ? new Set(providerIds) : null;
  const out: OpenIntervalDto[] = [];
  for (const p of pairs) {
    if (wanted && !wanted.has(p.providerId)) continue;
    const range = { fromDate: addDays(instantToLocalDate(p.zone, from), -1), toDate: addDays(instantToLocalDate(p.zone, to), 1) };
    const hours = loadHoursInZone(db, p.zone, p.providerId, p.locationId, range);
    for (const i of openIntervals(hours, from, to)) {
      out.push({ providerId: p.providerId, locationId: p.locationId, startAt: i.start, endAt: i.end });
    }
  }
  return out;
}

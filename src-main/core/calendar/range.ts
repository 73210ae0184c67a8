import type { CalendarRangeDto, OpenIntervalDto } from '../../../src-shared/domain/calendar';
import type { AppointmentId, LocationId, ProviderId } from '../../../src-shared/domain/ids';
import { calendarRangeInput, type CalendarRangeInput } from '../../../src-shared/schemas/calendar';
import { listAppointmentsInRange, listBlockoutsInRange } from '../clinic';
import { loadHoursInZone } from '../clinic/hours';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { reminderSummaries } from '../reminders/queries';
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
  const appointments = listAppointmentsInRange(db, {
    from: v.from,
    to: v.to,
    includeCancelled: true,
    ...(v.locationId ? { locationId: v.locationId } : {}),
    ...(v.providerIds ? { providerIds: v.providerIds } : {}),
  });
  const blockouts = listBlockoutsInRange(db, { from: v.from, to: v.to });
  return {
    from: v.from,
    to: v.to,
    appointments,
    blockouts,
    open: openTimeInRange(db, v.from, v.to, v.locationId, v.providerIds),
    reminders: reminderSummaries(
      db,
      appointments.map((a) => a.id),
    ),
    // Few, and only while a desk has unsettled conflicts: all of them, the grid picks its own.
    conflictIds: prepared<AppointmentId>(db, `SELECT appointment_id FROM sync_conflicts WHERE resolved_at IS NULL`).pluck().all(),
  };
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

import type { AppointmentDto, AppointmentListItemDto } from '@shared/domain/booking';
import {
  getAppointmentInput,
  listForDayInput,
  type GetAppointmentInput,
  type ListForDayInput,
} from '@shared/schemas/booking';
import { appointmentsInRangeInput, MAX_DURATION_MIN, type AppointmentsInRangeInput } from '@shared/schemas/clinic';
import type { ProviderId } from '@shared/domain/ids';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { addDays, localMinuteToInstant } from '../slots/zone-day';
import { parseInput } from '../validation';
import { appointmentColumns, loadAppointment } from './appointment-store';
import { locationZone } from './location-zone';

export function getAppointment(db: ReadDb, input: GetAppointmentInput): AppointmentDto {
  return loadAppointment(db, parseInput(getAppointmentInput, input).id);
}

/**
 * The visits of one local day at one location (23 or 25 hours long on DST
 * days), by start time, with the names the day list shows.
 */
export function listForDay(db: ReadDb, input: ListForDayInput): AppointmentListItemDto[] {
  const v = parseInput(listForDayInput, input);
  const zone = locationZone(db, v.locationId);
  return listAppointmentsInRange(db, {
    from: localMinuteToInstant(zone, v.date, 0),
    to: localMinuteToInstant(zone, addDays(v.date, 1), 0),
    locationId: v.locationId,
    includeCancelled: v.includeCancelled,
    ...(v.providerIds !== undefined ? { providerIds: v.providerIds } : {}),
  });
}

/**
 * Visits overlapping [from, to) for the day grid and day lists, by start
 * time; cancelled ones only when asked for. A visit lasts at most
 * MAX_DURATION_MIN, so one overlapping the range starts after
 * `from − MAX_DURATION_MIN`: that bound keeps the scan on the time index.
 */
export function listAppointmentsInRange(db: ReadDb, input: AppointmentsInRangeInput): AppointmentListItemDto[] {
  const v = parseInput(appointmentsInRangeInput, input);
  const rows = prepared<AppointmentListItemDto>(
    db,
    `SELECT ${appointmentColumns('a')},
            p.given_name AS patientGivenName, p.family_name AS patientFamilyName,
            t.name AS typeName, t.colour AS typeColour
       FROM appointments a
       JOIN patients p ON p.id = a.patient_id
       JOIN appointment_types t ON t.id = a.type_id
      WHERE a.start_at > ? AND a.start_at < ? AND a.end_at > ?
        AND (? = 1 OR a.status <> 'cancelled')
        AND (? IS NULL OR a.location_id = ?)
      ORDER BY a.start_at, a.provider_id, a.id`,
  ).all(
    v.from - MAX_DURATION_MIN * 60_000,
    v.to,
    v.from,
    v.includeCancelled ? 1 : 0,
    v.locationId ?? null,
    v.locationId ?? null,
  );
  if (v.providerIds === undefined) return rows;
  const providers = new Set<ProviderId>(v.providerIds);
  return rows.filter((r) => providers.has(r.providerId));
}

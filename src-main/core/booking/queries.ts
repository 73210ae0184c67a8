import type { AppointmentDto, AppointmentListItemDto } from '@shared/domain/booking';
import {
  getAppointmentInput,
  listForDayInput,
  type GetAppointmentInput,
  type ListForDayInput,
} from '@shared/schemas/booking';
import { listAppointmentsInRange } from '../clinic/grid';
import type { ReadDb } from '../db/open';
import { addDays, localMinuteToInstant } from '../slots/zone-day';
import { parseInput } from '../validation';
import { loadAppointment } from './appointment-store';
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

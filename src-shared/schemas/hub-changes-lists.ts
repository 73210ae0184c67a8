import { z } from 'zod';
import { MONTHLY_BY, SERIES_FREQUENCIES, WAITLIST_PARTS, WAITLIST_STATUSES, type SeriesId } from '../domain/waitlist';
import { appointmentId, patientId } from './booking';
import { appointmentTypeId, locationId, providerId } from './clinic';
import { epochMs, idOf, localDate, optionalText } from './fields';
import { MAX_SERIES_OCCURRENCES, waitlistEntryId } from './waitlist';

/**
 * Waitlist entries and series pulled from the clinic hub, parsed with the
 * same field rules the desk's own inputs use before they are applied.
 */
const version = z.number().int().min(1).max(2_147_483_647);
const at = epochMs('time');

export const pulledWaitlistEntry = z
  .object({
    id: waitlistEntryId,
    patientId,
    typeId: appointmentTypeId,
    providerIds: z.array(providerId).max(50),
    locationId: locationId.nullable(),
    weekdays: z.array(z.number().int().min(1).max(7)).max(7),
    partsOfDay: z.array(z.enum(WAITLIST_PARTS)).max(2),
    earliestDate: localDate('earliest date'),
    latestDate: localDate('latest date').nullable(),
    note: optionalText('note', 500, { multiline: true }),
    status: z.enum(WAITLIST_STATUSES),
    appointmentId: appointmentId.nullable(),
    closedReason: optionalText('reason', 200).nullable(),
    version,
    createdAt: at,
    updatedAt: at,
  })
  .refine((e) => e.latestDate === null || e.latestDate >= e.earliestDate, { message: 'The latest date is before the earliest.', path: ['latestDate'] });

export const pulledSeries = z
  .object({
    id: idOf<SeriesId>('series'),
    patientId,
    providerId,
    locationId,
    typeId: appointmentTypeId,
    frequency: z.enum(SERIES_FREQUENCIES),
    interval: z.number().int().min(1).max(12),
    monthlyBy: z.enum(MONTHLY_BY).nullable(),
    count: z.number().int().min(1).max(MAX_SERIES_OCCURRENCES).nullable(),
    untilDate: localDate('last date').nullable(),
    firstStartAt: at,
    version,
    createdAt: at,
    updatedAt: at,
    links: z.array(z.object({ appointmentId, occurrence: z.number().int().min(1).max(MAX_SERIES_OCCURRENCES) })).max(MAX_SERIES_OCCURRENCES),
  })
  .refine((s) => (s.frequency === 'monthly') === (s.monthlyBy !== null), { message: 'Monthly series say how they repeat.', path: ['monthlyBy'] })
  .refine((s) => (s.count === null) !== (s.untilDate === null), { message: 'A series ends by a count or a date.', path: ['count'] });


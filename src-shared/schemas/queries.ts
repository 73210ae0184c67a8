import { z } from 'zod';
import { locationId, providerId } from './clinic';
import { localDate } from './fields';

/**
 * Input schemas for read channels whose services take plain arguments rather
 * than one input object. Field schemas come from the domains' own files.
 */
export const activeOnlyInput = z.strictObject({ activeOnly: z.boolean().default(false) });

export const listRoomsInput = z.strictObject({ locationId: locationId.optional() });

export const listOpeningHoursInput = z.strictObject({ providerId, locationId: locationId.optional() });

export const listHoursOverridesInput = z
  .strictObject({
    providerId,
    locationId,
    fromDate: localDate('first day').optional(),
    toDate: localDate('last day').optional(),
  })
  .refine((r) => !r.fromDate || !r.toDate || r.toDate >= r.fromDate, {
    message: 'The last day must be on or after the first day.',
    path: ['toDate'],
  });

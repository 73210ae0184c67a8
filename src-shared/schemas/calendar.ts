import { z } from 'zod';
import { appointmentId } from './booking';
import { locationId, providerId } from './clinic';
import { epochMs, localDate } from './fields';

/** Inputs of the calendar, reminders and sync channels. */

/** At most 8 days: a week view with a day of slack. */
const MAX_CALENDAR_RANGE_MS = 8 * 86_400_000;

export const calendarRangeInput = z
  .strictObject({
    from: epochMs('start of the range'),
    to: epochMs('end of the range'),
    locationId: locationId.optional(),
    providerIds: z.array(providerId).max(200).optional(),
  })
  .refine((r) => r.to > r.from, { message: 'The end of the range must be after its start.', path: ['to'] })
  .refine((r) => r.to - r.from <= MAX_CALENDAR_RANGE_MS, { message: 'Show at most a week at a time.', path: ['to'] });

export const remindersForAppointmentInput = z.strictObject({ appointmentId });

export const remindersForDayInput = z.strictObject({
  /** Local date whose visits' reminders to list, in the zone of each visit's location. */
  date: localDate('day'),
  locationId: locationId.optional(),
});

/** A printed day sheet: the day, the location (none: every location) and how many providers it lists. */
export const recordPrintInput = z.strictObject({
  date: localDate('day'),
  locationId: locationId.nullable(),
  providers: z.number().int().min(0).max(1000),
  visits: z.number().int().min(0).max(100_000),
});

export type CalendarRangeInput = z.input<typeof calendarRangeInput>;
export type RemindersForDayInput = z.input<typeof remindersForDayInput>;

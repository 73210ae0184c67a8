import { z } from 'zod';

/** Channels that take nothing still take an object, so every call has the same shape. */
export const noInput = z.object({}).strict();

export const setBookingOpenInput = z
  .object({
    /** True while a booking, reschedule or cancel dialog is open on this screen. */
    open: z.boolean(),
  })
  .strict();

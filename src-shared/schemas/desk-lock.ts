import { z } from 'zod';
import { LOCK_AFTER_MIN_RANGE } from '../domain/desk-lock';

/** Inputs of the desk-lock channels (sign-in has its own: schemas/staff.ts). */
export const setLockAfterInput = z
  .object({
    lockAfterMin: z
      .number('Enter the minutes.')
      .int('Enter whole minutes.')
      .min(LOCK_AFTER_MIN_RANGE.min, `Lock after ${LOCK_AFTER_MIN_RANGE.min} to ${LOCK_AFTER_MIN_RANGE.max} minutes.`)
      .max(LOCK_AFTER_MIN_RANGE.max, `Lock after ${LOCK_AFTER_MIN_RANGE.min} to ${LOCK_AFTER_MIN_RANGE.max} minutes.`),
  })
  .strict();


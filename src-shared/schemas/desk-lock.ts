import { z } from 'zod';
import { LOCK_AFTER_MIN_RANGE } from '../domain/desk-lock';
import { text } from './fields';

/**
 * Inputs of the desk-lock channels. Passcodes are never trimmed or echoed:
 * messages describe the rule, not the value.
 */
const PASSCODE_MAX = 128;
const PHRASE_MIN = 8;

export const PASSCODE_RULE = `Use 4 to 12 digits, or a phrase of at least ${PHRASE_MIN} characters.`;

/** A new passcode: 4–12 digits, or a phrase (at least 8 characters, not only digits or spaces). */
export const newPasscode = text('passcode', { missing: 'Enter a passcode.' })
  .max(PASSCODE_MAX, `The passcode is too long (at most ${PASSCODE_MAX} characters).`)
  .refine((s) => (/^\d+$/.test(s) ? s.length >= 4 && s.length <= 12 : s.trim().length >= PHRASE_MIN), PASSCODE_RULE);

/** A passcode as typed to unlock or to confirm a change: checked against the stored hash only. */
const typedPasscode = text('passcode', { missing: 'Enter the desk passcode.' }).max(PASSCODE_MAX, 'That passcode is not right.');

export const unlockInput = z
  .object({
    /** Absent or empty on a desk without a passcode (its lock screen resumes with a click). */
    passcode: typedPasscode.optional(),
  })
  .strict();

export const setPasscodeInput = z
  .object({
    /** Required when the desk already has a passcode. */
    current: typedPasscode.optional(),
    passcode: newPasscode,
  })
  .strict();

export const setLockAfterInput = z
  .object({
    lockAfterMin: z
      .number('Enter the minutes.')
      .int('Enter whole minutes.')
      .min(LOCK_AFTER_MIN_RANGE.min, `Lock after ${LOCK_AFTER_MIN_RANGE.min} to ${LOCK_AFTER_MIN_RANGE.max} minutes.`)
      .max(LOCK_AFTER_MIN_RANGE.max, `Lock after ${LOCK_AFTER_MIN_RANGE.min} to ${LOCK_AFTER_MIN_RANGE.max} minutes.`),
  })
  .strict();

export type UnlockInput = z.infer<typeof unlockInput>;
export type SetPasscodeInput = z.infer<typeof setPasscodeInput>;

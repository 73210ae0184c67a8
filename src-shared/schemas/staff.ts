import { z } from 'zod';
import type { StaffId } from '../domain/ids';
import { PASSPHRASE_MIN_CHARS, PIN_MIN_DIGITS } from '../domain/staff';
import { STAFF_ROLES } from '../domain/permissions';
import { displayName, idOf, text } from './fields';

/**
 * Inputs of the staff, sign-in and session channels. Secrets are never trimmed
 * or echoed: messages describe the rule, not the value.
 */
const SECRET_MAX = 128;

export const SECRET_RULE = `Use a PIN of at least ${PIN_MIN_DIGITS} digits, or a passphrase of at least ${PASSPHRASE_MIN_CHARS} characters.`;

/** A PIN is digits only; anything else is a passphrase. */
export const isPin = (s: string): boolean => /^\d+$/.test(s);

/** A new PIN (6+ digits) or passphrase (10+ characters, not only spaces). */
export const newSecret = z
  .string('Enter a PIN or passphrase.')
  .max(SECRET_MAX, `That is too long (at most ${SECRET_MAX} characters).`)
  .refine((s) => (isPin(s) ? s.length >= PIN_MIN_DIGITS : s.trim().length >= PASSPHRASE_MIN_CHARS), SECRET_RULE);

/** A secret as typed to sign in or confirm: checked against the verifier only. */
const typedSecret = text('PIN', { missing: 'Enter your PIN.' }).max(SECRET_MAX, 'That PIN is not right.');

export const staffIdInput = z.object({ staffId: idOf<StaffId>('staff member') }).strict();

const staffName = displayName('name', 100);
const staffRole = z.enum(STAFF_ROLES, 'Choose reception or manager.');

export const createStaffInput = z.object({ name: staffName, role: staffRole, secret: newSecret }).strict();

export const updateStaffInput = z
  .object({ staffId: idOf<StaffId>('staff member'), name: staffName.optional(), role: staffRole.optional() })
  .strict();

export const resetSecretInput = z.object({ staffId: idOf<StaffId>('staff member'), secret: newSecret }).strict();

export const changeOwnSecretInput = z.object({ current: typedSecret, secret: newSecret }).strict();

export const signInInput = z.object({ staffId: idOf<StaffId>('name'), secret: typedSecret }).strict();

export const createFirstManagerInput = z
  .object({
    name: staffName,
    secret: newSecret,
    /** An upgraded desk that had a desk-wide passcode: proves the person may take it over. */
    deskPasscode: text('passcode').max(SECRET_MAX, 'That passcode is not right.').optional(),
  })
  .strict();

export type CreateStaffInput = z.infer<typeof createStaffInput>;
export type UpdateStaffInput = z.infer<typeof updateStaffInput>;

import type { EpochMs, StaffId } from './ids';
import type { Permission, StaffRole } from './permissions';

/**
 * Staff accounts and the signed-in person. A person's secret is a PIN (6 or
 * more digits) or a passphrase (10 or more characters); only a verifier is
 * kept, never the secret, and no answer ever carries either.
 */
export const PIN_MIN_DIGITS = 6;
export const PASSPHRASE_MIN_CHARS = 10;
/** Wrong secrets in a row before that person's tries are refused for a while (each wait doubles). */
export const SIGN_IN_TRIES_BEFORE_WAIT = 5;
export const SIGN_IN_WAIT_MS = 30_000;

export type SecretKind = 'pin' | 'passphrase';

/** A staff member as managers see them in Staff. */
export interface StaffDto {
  id: StaffId;
  name: string;
  role: StaffRole;
  active: boolean;
  secretKind: SecretKind;
  createdAt: EpochMs;
  deactivatedAt: EpochMs | null;
  /** While wrong tries refuse this person's sign-in at this desk: when tries are accepted again. */
  retryAt: EpochMs | null;
  /**
   * A change of this person made here has not reached the clinic hub yet: it counts at this desk,
   * and the hub may still refuse it (then this desk goes back to the hub's version).
   */
  awaitingHub: boolean;
}

/** One name on the "Who is at the desk?" screen (active staff only). */
export interface SignInPersonDto {
  id: StaffId;
  name: string;
  role: StaffRole;
  secretKind: SecretKind;
  retryAt: EpochMs | null;
  /** The demo clinic only: the demo PIN, shown on its sign-in screen so anyone can try it. */
  demoPin: string | null;
}

export interface SignInScreenDto {
  people: SignInPersonDto[];
  /**
   * No active manager exists yet (a new clinic, or a desk upgraded from the desk-wide passcode):
   * the screen asks for the first manager instead of a name.
   */
  needsFirstManager: boolean;
  /** An upgraded desk kept a desk passcode: creating the first manager needs it. */
  firstManagerNeedsDeskPasscode: boolean;
}

export interface SignedInPerson {
  id: StaffId;
  name: string;
  role: StaffRole;
  signedInAt: EpochMs;
}

/** Who is signed in at this desk and what they may do; null person = the desk is locked. */
export interface SessionDto {
  person: SignedInPerson | null;
  permissions: Permission[];
}

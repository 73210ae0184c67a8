import { AppError } from '@shared/domain/errors';
import type { ReadDb } from '../db/open';

/**
 * Passwords and tokens this desk keeps for other systems (the clinic hub,
 * the mail server, the SMS gateway, providers' calendars), stored wrapped by
 * the OS keychain key like the database key is: a copy of the database file
 * and its key file alone do not reveal them. A stored secret is text:
 * `frontdesk-secret/1:<protection>:<base64>`; text without that prefix is a
 * secret saved before wrapping existed (plain), read as it is until
 * `reviewSecret` has it written again.
 *
 * The wrapper is the app's database-key protector (Electron's safeStorage),
 * bound to the connection when the app opens the database; a connection
 * without one (tests, tools, the loopback web host) keeps secrets unwrapped.
 * Unwrapped secrets are for the code that talks to those systems only: never
 * logged, audited or sent to the renderer.
 */
export interface SecretWrapper {
  /** "os-keychain": wrapped by the OS keychain; "none": no keychain here, kept plain (marked as such). */
  readonly kind: 'os-keychain' | 'none';
  protect(plain: string): Buffer;
  unprotect(stored: Buffer): string;
}

const PLAIN: SecretWrapper = {
  kind: 'none',
  protect: (plain) => Buffer.from(plain, 'utf8'),
  unprotect: (stored) => stored.toString('utf8'),
};

const FORMAT = 'frontdesk-secret/1';
const STORED = /^frontdesk-secret\/1:(os-keychain|none):([A-Za-z0-9+/=]*)$/;

const wrappers = new WeakMap<ReadDb, SecretWrapper>();

/** The app binds its keychain wrapper to each connection it opens. */
export function bindSecretWrapper(db: ReadDb, wrapper: SecretWrapper): void {
  wrappers.set(db, wrapper);
}

function secretWrapperOf(db: ReadDb): SecretWrapper {
  return wrappers.get(db) ?? PLAIN;
}

export function wrapSecret(db: ReadDb, plain: string): string {
  const wrapper = secretWrapperOf(db);
  return `${FORMAT}:${wrapper.kind}:${wrapper.protect(plain).toString('base64')}`;
}

const keychainMissing = (): AppError =>
  new AppError(
    'DATABASE_KEY',
    "The passwords this workstation keeps are locked by this computer's keychain, which is not available right now. Sign in to the computer as the user who set up Frontdesk and start it again, or enter the passwords again.",
  );

export function unwrapSecret(db: ReadDb, stored: string): string {
  const m = STORED.exec(stored);
  if (!m) return stored; // saved before secrets were wrapped
  const data = Buffer.from(m[2]!, 'base64');
  if (m[1] === 'none') return PLAIN.unprotect(data);
  const wrapper = secretWrapperOf(db);
  if (wrapper.kind !== 'os-keychain') throw keychainMissing();
  try {
    return wrapper.unprotect(data);
  } catch {
    throw keychainMissing();
  }
}

/**
 * What to do with a stored secret when the database is opened: keep it;
 * write it again (still plain from before wrapping, or kept unwrapped while
 * the keychain was missing and the keychain is here now); or drop it, when
 * this computer's keychain cannot unwrap it (a database restored onto
 * another computer or user account): it cannot be used here, and the desk
 * then shows the password as missing, to be entered again.
 */
export type SecretReview = { action: 'keep' } | { action: 'rewrite'; stored: string } | { action: 'drop' };

export function reviewSecret(db: ReadDb, stored: string): SecretReview {
  let plain: string;
  try {
    plain = unwrapSecret(db, stored);
  } catch {
    return { action: 'drop' };
  }
  const m = STORED.exec(stored);
  const stale = !m || (m[1] === 'none' && secretWrapperOf(db).kind === 'os-keychain');
  return stale ? { action: 'rewrite', stored: wrapSecret(db, plain) } : { action: 'keep' };
}

import { AppError } from '@shared/domain/errors';
import { SIGN_IN_TRIES_BEFORE_WAIT, SIGN_IN_WAIT_MS } from '@shared/domain/staff';

/**
 * Wrong-try policy for PINs and passcodes: after 5 wrong tries in a row every
 * try is refused for a while; each further wait doubles (up to 30 minutes),
 * until the right secret resets it. The caller keeps the state in the database
 * so quitting and restarting resets nothing.
 */
export interface WrongTries {
  wrongInARow: number;
  /** Waits served since the last right secret. */
  waits: number;
  retryAt: number | null;
}

export const NO_WRONG_TRIES: WrongTries = { wrongInARow: 0, waits: 0, retryAt: null };
const MAX_WAIT_MS = 30 * 60_000;

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

/** LOCKED while an earned wait lasts. */
export function refuseWhileWaiting(tries: WrongTries, now: number, what: string): void {
  if (tries.retryAt === null || tries.retryAt <= now) return;
  const left = seconds(tries.retryAt - now);
  throw new AppError('LOCKED', `Too many wrong ${what}s. Try again in ${left} ${left === 1 ? 'second' : 'seconds'}.`, {
    retryAt: tries.retryAt,
    secondsLeft: left,
  });
}

export interface WrongTryOutcome {
  next: WrongTries;
  /** The wait this try earned (0 when not yet). */
  waitMs: number;
  triesLeft: number;
}

/**
 * The state after one more wrong try. `steady` keeps every wait at the first
 * one: for the clinic's last active manager, who must never be shut out for long.
 */
export function afterWrongTry(before: WrongTries, now: number, opts: { steady?: boolean } = {}): WrongTryOutcome {
  const tries = before.wrongInARow + 1;
  if (tries < SIGN_IN_TRIES_BEFORE_WAIT) {
    return { next: { ...before, wrongInARow: tries, retryAt: null }, waitMs: 0, triesLeft: SIGN_IN_TRIES_BEFORE_WAIT - tries };
  }
  const waitMs = opts.steady ? SIGN_IN_WAIT_MS : Math.min(MAX_WAIT_MS, SIGN_IN_WAIT_MS * 2 ** before.waits);
  return { next: { wrongInARow: 0, waits: before.waits + 1, retryAt: now + waitMs }, waitMs, triesLeft: 0 };
}

/** The refusal for a wrong try: FORBIDDEN with the tries left, or LOCKED with the wait just earned. */
export function wrongTryError(outcome: WrongTryOutcome, before: WrongTries, what: string, field: string): AppError {
  if (outcome.waitMs > 0) {
    return new AppError(
      'LOCKED',
      `That ${what} is not right, ${SIGN_IN_TRIES_BEFORE_WAIT} times in a row. Try again in ${seconds(outcome.waitMs)} seconds.`,
      { retryAt: outcome.next.retryAt, secondsLeft: seconds(outcome.waitMs) },
    );
  }
  const left = outcome.triesLeft;
  const wait = before.waits === 0 ? `a ${SIGN_IN_WAIT_MS / 1000}-second wait` : 'a longer wait';
  const message = `That ${what} is not right. ${left} more ${left === 1 ? 'try' : 'tries'} before ${wait}.`;
  return new AppError('FORBIDDEN', message, { triesLeft: left, issues: [{ path: field, message }] });
}

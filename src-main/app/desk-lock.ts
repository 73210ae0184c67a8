import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import {
  LOCK_AFTER_MIN_DEFAULT,
  LOCK_AFTER_MIN_RANGE,
  UNLOCK_TRIES_BEFORE_WAIT,
  UNLOCK_WAIT_MS,
  type DeskLockReason,
  type DeskLockStatus,
} from '../../src-shared/domain/desk-lock';
import { AppError, type AppErrorShape } from '../../src-shared/domain/errors';
import { recordAudit } from '../core/audit/audit';
import { readSetting, writeSetting } from '../core/clinic/settings';
import type { CoreContext } from '../core/context';
import { inWriteTransaction } from '../core/db/transaction';
import type { Clock } from '../platform/clock';
import { stackFrames, type Logger } from '../platform/logger';

/**
 * The desk lock: patient data is protected health information, locked when the
 * desk is idle. State lives here in main (a page cannot unlock itself); the
 * handler table's gate asks `isLocked()` before every call. Idle is decided on
 * a timer against the injected Clock, from the activity the renderer reports.
 * The passcode is kept only as a salted scrypt hash in the workstation's
 * settings table, and never logged, audited or returned.
 */
export interface DeskLock {
  status(): DeskLockStatus;
  isLocked(): boolean;
  /** Start-up has finished (the database is open): a desk with a passcode starts locked. Starts the idle timer. */
  start(): void;
  /** Stops the idle timer. */
  stop(): void;
  /** Someone used the desk (pointer, keys); ignored while locked. */
  reportActivity(): void;
  /** Locks now (no-op when already locked, or before start-up has finished: nothing can be read then). */
  lock(reason: Exclude<DeskLockReason, 'start'>): DeskLockStatus;
  /** FORBIDDEN for a wrong passcode; LOCKED while tries are refused after too many wrong ones. */
  unlock(passcode: string | undefined): Promise<DeskLockStatus>;
  /** Sets the passcode; changing one needs the current one (same wrong-try rules as unlocking). */
  setPasscode(input: { current?: string | undefined; passcode: string }): Promise<DeskLockStatus>;
  setLockAfter(minutes: number): DeskLockStatus;
  /** One tick of the idle timer (tests call it after moving their clock). */
  checkIdle(): void;
}

export interface DeskLockOptions {
  clock: Clock;
  logger: Logger;
  /** The database and actor once start-up has finished; null before (state only, nothing stored or audited). */
  core(): CoreContext | null;
  /** Called after every change of the status (push `desk-lock/changed`). */
  onChanged(status: DeskLockStatus): void;
  /** How often the idle timer looks at the clock (default 10 s). */
  checkEveryMs?: number;
}

/** Settings rows (workstation-local, never synced). */
export const PASSCODE_SETTING = 'deskPasscode';
/** Wrong tries and the wait they earned, kept in the database: quitting and restarting does not reset them. */
export const UNLOCK_TRIES_SETTING = 'deskUnlockTries';
/** Each wait after the first doubles, up to this: 5 tries per wait cannot walk a 4-digit passcode in a day. */
const MAX_UNLOCK_WAIT_MS = 30 * 60_000;

interface UnlockTries {
  wrongInARow: number;
  /** Waits served since the last right passcode. */
  waits: number;
  retryAt: number | null;
}
const NO_TRIES: UnlockTries = { wrongInARow: 0, waits: 0, retryAt: null };
export const LOCK_AFTER_SETTING = 'deskLockAfterMin';

/** Cost parameters of the stored hash; stored with it so they can be raised later. */
const SCRYPT = { N: 1 << 15, r: 8, p: 1, keyLen: 32 } as const;

interface StoredPasscode {
  algo: 'scrypt';
  N: number;
  r: number;
  p: number;
  salt: string;
  hash: string;
}

export const DESK_LOCKED: AppErrorShape = {
  code: 'LOCKED',
  message: 'This desk is locked. Unlock it to continue.',
  details: { deskLocked: true },
};

function scryptAsync(secret: string, salt: Buffer, keyLen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(secret.normalize('NFC'), salt, keyLen, options, (e, key) => (e ? reject(e) : resolve(key))),
  );
}

async function hashPasscode(passcode: string): Promise<StoredPasscode> {
  const salt = randomBytes(16);
  const { N, r, p, keyLen } = SCRYPT;
  const hash = await scryptAsync(passcode, salt, keyLen, { N, r, p, maxmem: 128 * N * r * 2 });
  return { algo: 'scrypt', N, r, p, salt: salt.toString('base64'), hash: hash.toString('base64') };
}

async function passcodeMatches(stored: StoredPasscode, typed: string): Promise<boolean> {
  const expected = Buffer.from(stored.hash, 'base64');
  const { N, r, p } = stored;
  const actual = await scryptAsync(typed, Buffer.from(stored.salt, 'base64'), expected.length, { N, r, p, maxmem: 128 * N * r * 2 });
  return timingSafeEqual(actual, expected);
}

function isStoredPasscode(v: unknown): v is StoredPasscode {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Record<string, unknown>;
  return o.algo === 'scrypt' && typeof o.salt === 'string' && typeof o.hash === 'string' && [o.N, o.r, o.p].every(Number.isInteger);
}

const seconds = (ms: number): number => Math.max(1, Math.ceil(ms / 1000));

export function createDeskLock(opts: DeskLockOptions): DeskLock {
  const { clock, logger } = opts;
  let locked = false;
  let reason: DeskLockReason | null = null;
  let lockedAt: number | null = null;
  let lastActivityAt = clock.now();
  let timer: ReturnType<typeof setInterval> | null = null;
  // Passcode checks run one at a time, so parallel tries cannot slip past the wrong-try count.
  let checks: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = checks.then(fn, fn);
    checks = run.catch(() => undefined);
    return run;
  };

  const storedPasscode = (): StoredPasscode | null => {
    const core = opts.core();
    const v = core ? readSetting(core.db, PASSCODE_SETTING) : undefined;
    return isStoredPasscode(v) ? v : null;
  };

  const unlockTries = (): UnlockTries => {
    const core = opts.core();
    const v = core ? readSetting(core.db, UNLOCK_TRIES_SETTING) : undefined;
    if (typeof v !== 'object' || v === null) return NO_TRIES;
    const t = v as Partial<UnlockTries>;
    return {
      wrongInARow: Number.isInteger(t.wrongInARow) ? t.wrongInARow! : 0,
      waits: Number.isInteger(t.waits) ? t.waits! : 0,
      retryAt: typeof t.retryAt === 'number' ? t.retryAt : null,
    };
  };
  const saveUnlockTries = (core: CoreContext, t: UnlockTries): void => writeSetting(core.db, UNLOCK_TRIES_SETTING, t);

  const lockAfterMin = (): number => {
    const core = opts.core();
    const v = core ? readSetting(core.db, LOCK_AFTER_SETTING) : undefined;
    return typeof v === 'number' && Number.isInteger(v) && v >= LOCK_AFTER_MIN_RANGE.min && v <= LOCK_AFTER_MIN_RANGE.max
      ? v
      : LOCK_AFTER_MIN_DEFAULT;
  };

  const status = (): DeskLockStatus => {
    const now = clock.now();
    const { retryAt } = unlockTries();
    return {
      locked,
      reason: locked ? reason : null,
      lockedAt: locked ? lockedAt : null,
      passcodeSet: storedPasscode() !== null,
      lockAfterMin: lockAfterMin(),
      retryAt: retryAt !== null && retryAt > now ? retryAt : null,
      now,
    };
  };

  const changed = (): DeskLockStatus => {
    const s = status();
    opts.onChanged(s);
    return s;
  };

  /** Audit rows carry what happened and why, never the passcode. */
  const audit = (action: string, details: Record<string, unknown>, write?: (core: CoreContext) => void): void => {
    const core = opts.core();
    if (!core) return;
    inWriteTransaction(core.db, () => {
      write?.(core);
      recordAudit(core.db, core.actor, clock.now(), { action, entityType: 'desk', entityId: null, details });
    });
  };

  const auditQuietly = (action: string, details: Record<string, unknown>): void => {
    try {
      audit(action, details);
    } catch (e) {
      // Locking must never fail because the audit row could not be written (database busy or closing).
      logger.warn('desk_lock.audit_failed', { action, stack: stackFrames(e) });
    }
  };

  const lockNow = (why: DeskLockReason): DeskLockStatus => {
    // Before start-up has finished nothing but the start screen answers anyway (and it must stay usable).
    if (locked || !opts.core()) return status();
    locked = true;
    reason = why;
    lockedAt = clock.now();
    logger.info('desk_lock.locked', { reason: why });
    auditQuietly('desk.lock', { reason: why });
    return changed();
  };

  const refuseWhileWaiting = (): void => {
    const now = clock.now();
    const { retryAt } = unlockTries();
    if (retryAt === null || retryAt <= now) return;
    const left = seconds(retryAt - now);
    throw new AppError('LOCKED', `Too many wrong passcodes. Try again in ${left} ${left === 1 ? 'second' : 'seconds'}.`, {
      retryAt,
      secondsLeft: left,
    });
  };

  /** Checks a typed passcode against the stored hash, counting wrong tries; throws for a wrong one. */
  const checkPasscode = async (stored: StoredPasscode, typed: string | undefined, action: string, field: string): Promise<void> => {
    refuseWhileWaiting();
    if (typed === undefined || typed === '') {
      // Nothing typed tells nothing about the passcode: not a wrong try.
      const message = 'Enter the desk passcode.';
      throw new AppError('FORBIDDEN', message, { issues: [{ path: field, message }] });
    }
    const before = unlockTries();
    if (await passcodeMatches(stored, typed)) {
      if (before !== NO_TRIES) {
        const core = opts.core();
        if (core) inWriteTransaction(core.db, () => saveUnlockTries(core, NO_TRIES));
      }
      return;
    }
    const tries = before.wrongInARow + 1;
    const waitMs = Math.min(MAX_UNLOCK_WAIT_MS, UNLOCK_WAIT_MS * 2 ** before.waits);
    const waiting = tries >= UNLOCK_TRIES_BEFORE_WAIT;
    const next: UnlockTries = waiting
      ? { wrongInARow: 0, waits: before.waits + 1, retryAt: clock.now() + waitMs }
      : { ...before, wrongInARow: tries, retryAt: null };
    logger.warn('desk_lock.wrong_passcode', { action, tries });
    // The count is written with the audit row: a wrong try is never forgotten, even by a restart.
    audit(`${action}_failed`, { wrongInARow: tries, waitSeconds: waiting ? waitMs / 1000 : 0 }, (core) => saveUnlockTries(core, next));
    if (waiting) {
      changed();
      throw new AppError('LOCKED', `That passcode is not right, ${UNLOCK_TRIES_BEFORE_WAIT} times in a row. Try again in ${seconds(waitMs)} seconds.`, {
        retryAt: next.retryAt,
        secondsLeft: seconds(waitMs),
      });
    }
    const left = UNLOCK_TRIES_BEFORE_WAIT - tries;
    const wait = before.waits === 0 ? `a ${UNLOCK_WAIT_MS / 1000}-second wait` : 'a longer wait';
    const message = `That passcode is not right. ${left} more ${left === 1 ? 'try' : 'tries'} before ${wait}.`;
    throw new AppError('FORBIDDEN', message, { triesLeft: left, issues: [{ path: field, message }] });
  };

  const checkIdle = (): void => {
    if (locked || !opts.core()) return;
    if (clock.now() - lastActivityAt >= lockAfterMin() * 60_000) lockNow('idle');
  };

  return {
    status,
    isLocked: () => locked,
    checkIdle,

    start() {
      if (storedPasscode() !== null) lockNow('start');
      lastActivityAt = clock.now();
      if (timer === null) {
        timer = setInterval(() => {
          try {
            checkIdle();
          } catch (e) {
            logger.error('desk_lock.idle_check_failed', { stack: stackFrames(e) });
          }
        }, opts.checkEveryMs ?? 10_000);
        timer.unref?.();
      }
      changed();
    },

    stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
    },

    reportActivity() {
      if (!locked) lastActivityAt = Math.max(lastActivityAt, clock.now());
    },

    lock: (why) => lockNow(why),

    unlock(typed) {
      return oneAtATime(async () => {
        if (!locked) return status();
        const stored = storedPasscode();
        if (stored) await checkPasscode(stored, typed, 'desk.unlock', 'passcode');
        else refuseWhileWaiting();
        // Recorded before the desk opens: an unlock that cannot be audited does not happen.
        audit('desk.unlock', { after: reason, passcode: stored !== null });
        locked = false;
        reason = null;
        lockedAt = null;
        lastActivityAt = clock.now();
        logger.info('desk_lock.unlocked', {});
        return changed();
      });
    },

    setPasscode({ current, passcode }) {
      return oneAtATime(async () => {
        if (locked) throw new AppError('LOCKED', DESK_LOCKED.message, DESK_LOCKED.details);
        if (!opts.core()) throw new AppError('LOCKED', 'Frontdesk is still preparing the clinic. Try again in a moment.');
        const stored = storedPasscode();
        if (stored) await checkPasscode(stored, current, 'desk.passcode_change', 'current');
        const next = await hashPasscode(passcode);
        audit(stored ? 'desk.passcode_change' : 'desk.passcode_set', {}, (core) => writeSetting(core.db, PASSCODE_SETTING, next));
        logger.info('desk_lock.passcode_saved', { changed: stored !== null });
        lastActivityAt = clock.now();
        return changed();
      });
    },

    setLockAfter(minutes) {
      if (locked) throw new AppError('LOCKED', DESK_LOCKED.message, DESK_LOCKED.details);
      if (!opts.core()) throw new AppError('LOCKED', 'Frontdesk is still preparing the clinic. Try again in a moment.');
      audit('desk.lock_after_set', { lockAfterMin: minutes }, (core) => writeSetting(core.db, LOCK_AFTER_SETTING, minutes));
      lastActivityAt = clock.now();
      return changed();
    },
  };
}

import { LOCK_AFTER_MIN_DEFAULT, LOCK_AFTER_MIN_RANGE, type DeskLockReason, type DeskLockStatus } from '../../src-shared/domain/desk-lock';
import { AppError, type AppErrorShape } from '../../src-shared/domain/errors';
import { ROLE_PERMISSIONS } from '../../src-shared/domain/permissions';
import type { SessionDto, SignedInPerson } from '../../src-shared/domain/staff';
import { recordAudit } from '../core/audit/audit';
import { readSetting, writeSetting } from '../core/clinic/settings';
import type { CoreContext } from '../core/context';
import { inWriteTransaction } from '../core/db/transaction';
import { actingAs, changeOwnSecret, createFirstManager, findStaff, hasStaff, SIGN_IN_COST, verifySignIn, type ScryptCost, type StaffRow } from '../core/staff';
import type { Clock } from '../platform/clock';
import { stackFrames, type Logger } from '../platform/logger';

/**
 * Sign-in is the desk lock: the desk is locked whenever nobody is signed in.
 * Patient data is protected health information, so the desk locks (signing
 * the person out) on Ctrl+L, the padlock, when idle, and when the computer's
 * own screen locks or sleeps; the next person signs in without a restart.
 * State lives here in main (a page cannot sign itself in); the handler table's
 * gate asks `isLocked()` and the person's role before every call. Idle is
 * decided on a timer against the injected Clock, from the activity the
 * renderer reports. PINs are checked against their verifiers in core/staff,
 * one at a time, and never logged, audited or returned.
 */
export interface DeskLock {
  status(): DeskLockStatus;
  isLocked(): boolean;
  /** The signed-in person, or null while locked. */
  person(): SignedInPerson | null;
  session(): SessionDto;
  /** Start-up has finished (the database is open): nobody is signed in yet. Starts the idle timer. */
  start(): void;
  /** Stops the idle timer. */
  stop(): void;
  /** Someone used the desk (pointer, keys); ignored while locked. */
  reportActivity(): void;
  /** Signs the person out (no-op when nobody is signed in). */
  lock(reason: Exclude<DeskLockReason, 'start'>): DeskLockStatus;
  /** Signs a person in (switching from whoever was signed in); FORBIDDEN / LOCKED for wrong PINs. */
  signIn(input: { staffId: string; secret: string }): Promise<SessionDto>;
  /** The first manager (no active manager yet) is created and signed in. */
  createFirstManager(input: { name: string; secret: string; deskPasscode?: string | undefined }): Promise<SessionDto>;
  /** The signed-in person's own PIN; needs the current one. */
  changeOwnSecret(input: { current: string; secret: string }): Promise<SessionDto>;
  setLockAfter(minutes: number): DeskLockStatus;
  /** One tick of the idle timer (tests call it after moving their clock). */
  checkIdle(): void;
}

export interface DeskLockOptions {
  clock: Clock;
  logger: Logger;
  /** The database and this device's own actor once start-up has finished; null before. */
  core(): CoreContext | null;
  /** Called after every change of the status or the person (push `desk-lock/changed`, `session/changed`). */
  onChanged(status: DeskLockStatus, session: SessionDto): void;
  /** How often the idle timer looks at the clock (default 10 s). */
  checkEveryMs?: number;
  /** Cost of the verifiers made for new PINs (tests use a cheap one). */
  secretCost?: ScryptCost;
}

export const LOCK_AFTER_SETTING = 'deskLockAfterMin';

export const DESK_LOCKED: AppErrorShape = {
  code: 'LOCKED',
  message: 'This desk is locked. Sign in to continue.',
  details: { deskLocked: true },
};

const NOT_READY = 'Frontdesk is still preparing the clinic. Try again in a moment.';

export function createDeskLock(opts: DeskLockOptions): DeskLock {
  const { clock, logger } = opts;
  const cost = opts.secretCost ?? SIGN_IN_COST;
  let person: SignedInPerson | null = null;
  let reason: DeskLockReason | null = 'start';
  let lockedAt: number | null = null;
  let lastActivityAt = clock.now();
  let timer: ReturnType<typeof setInterval> | null = null;
  // PIN checks run one at a time, so parallel tries cannot slip past the wrong-try count.
  let checks: Promise<unknown> = Promise.resolve();
  const oneAtATime = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = checks.then(fn, fn);
    checks = run.catch(() => undefined);
    return run;
  };

  const ready = (): CoreContext => {
    const core = opts.core();
    if (!core) throw new AppError('LOCKED', NOT_READY);
    return core;
  };

  const lockAfterMin = (): number => {
    const core = opts.core();
    const v = core ? readSetting(core.db, LOCK_AFTER_SETTING) : undefined;
    return typeof v === 'number' && Number.isInteger(v) && v >= LOCK_AFTER_MIN_RANGE.min && v <= LOCK_AFTER_MIN_RANGE.max
      ? v
      : LOCK_AFTER_MIN_DEFAULT;
  };

  const status = (): DeskLockStatus => ({
    locked: person === null,
    reason: person === null ? reason : null,
    lockedAt: person === null ? lockedAt : null,
    lockAfterMin: lockAfterMin(),
    now: clock.now(),
  });

  const sessionOf = (p: SignedInPerson | null): SessionDto => ({ person: p, permissions: p ? [...ROLE_PERMISSIONS[p.role]] : ['public'] });

  const changed = (): DeskLockStatus => {
    const s = status();
    opts.onChanged(s, session());
    return s;
  };

  const signOut = (why: DeskLockReason, audit: boolean): void => {
    const leaving = person;
    if (!leaving) return;
    person = null;
    reason = why;
    lockedAt = clock.now();
    logger.info('desk_lock.signed_out', { reason: why, staffId: leaving.id });
    const core = opts.core();
    if (!core || !audit) return;
    try {
      recordAudit(core.db, actingAs(core.actor, leaving.id), clock.now(), {
        action: 'staff.sign_out',
        entityType: 'staff',
        entityId: leaving.id,
        details: { reason: why },
      });
    } catch (e) {
      // Locking must never fail because the audit row could not be written (database busy or closing).
      logger.warn('desk_lock.audit_failed', { action: 'staff.sign_out', stack: stackFrames(e) });
    }
  };

  const enter = (row: StaffRow): SessionDto => {
    if (person && person.id !== row.id) signOut('manual', true);
    person = { id: row.id, name: row.name, role: row.role, signedInAt: clock.now() };
    reason = null;
    lockedAt = null;
    lastActivityAt = clock.now();
    logger.info('desk_lock.signed_in', { staffId: row.id, role: row.role });
    changed();
    return session();
  };

  const lockNow = (why: DeskLockReason): DeskLockStatus => {
    if (person === null) return status();
    signOut(why, true);
    return changed();
  };

  /**
   * The signed-in person as the desk's staff list has them now. Their row can
   * change under them: another desk demotes or deactivates them, or the clinic
   * hub refuses a role this desk raised (or a person this desk added) and the
   * desk goes back to the hub's version. A role counts from the next call, and
   * someone no longer active here is signed out: a refused raise never grants
   * anything once undone. A database that cannot be read grants nothing. A
   * desk with nobody on its staff list (just rebuilt from the hub, its people
   * still on their way) keeps the person signed in until the list arrives.
   */
  const current = (): SignedInPerson | null => {
    if (person === null) return null;
    const core = opts.core();
    if (!core) return person;
    let row: StaffRow | undefined;
    try {
      row = findStaff(core.db, person.id);
    } catch (e) {
      logger.warn('desk_lock.recheck_failed', { staffId: person.id, stack: stackFrames(e) });
      return null;
    }
    if (!row && !hasStaff(core.db)) return person;
    if (!row || row.active === 0) {
      lockNow('manual');
      return null;
    }
    if (row.role !== person.role || row.name !== person.name) {
      logger.info('desk_lock.role_followed', { staffId: row.id, role: row.role });
      person = { ...person, role: row.role, name: row.name };
      changed();
    }
    return person;
  };

  function session(): SessionDto {
    return sessionOf(current());
  }

  const checkIdle = (): void => {
    if (person === null || !opts.core()) return;
    if (clock.now() - lastActivityAt >= lockAfterMin() * 60_000) lockNow('idle');
  };

  /** The signed-in person's row, still active; a deactivated person is signed out. */
  const currentRow = (core: CoreContext): StaffRow => {
    const row = person ? findStaff(core.db, person.id) : undefined;
    if (!row || row.active === 0) {
      lockNow('manual');
      throw new AppError('LOCKED', DESK_LOCKED.message, DESK_LOCKED.details);
    }
    return row;
  };

  return {
    status,
    session,
    person: current,
    isLocked: () => current() === null,
    checkIdle,

    start() {
      person = null;
      reason = 'start';
      lockedAt = clock.now();
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
      if (person !== null) lastActivityAt = Math.max(lastActivityAt, clock.now());
    },

    lock: (why) => lockNow(why),

    signIn(input) {
      return oneAtATime(async () => enter(await verifySignIn(ready(), input)));
    },

    createFirstManager(input) {
      return oneAtATime(async () => enter(await createFirstManager(ready(), input, cost)));
    },

    changeOwnSecret(input) {
      return oneAtATime(async () => {
        const core = ready();
        const row = currentRow(core);
        await changeOwnSecret({ ...core, actor: actingAs(core.actor, row.id) }, row.id, input, cost);
        lastActivityAt = clock.now();
        return session();
      });
    },

    setLockAfter(minutes) {
      const core = ready();
      const row = currentRow(core);
      inWriteTransaction(core.db, () => {
        writeSetting(core.db, LOCK_AFTER_SETTING, minutes);
        recordAudit(core.db, actingAs(core.actor, row.id), clock.now(), {
          action: 'desk.lock_after_set',
          entityType: 'desk',
          entityId: null,
          details: { lockAfterMin: minutes },
        });
      });
      lastActivityAt = clock.now();
      return changed();
    },
  };
}

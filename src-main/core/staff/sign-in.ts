import { AppError } from '@shared/domain/errors';
import type { StaffId } from '@shared/domain/ids';
import type { SignInScreenDto } from '@shared/domain/staff';
import { changeOwnSecretInput, createFirstManagerInput, isPin, signInInput } from '@shared/schemas/staff';
import { recordAudit } from '../audit/audit';
import { readSetting, writeSetting } from '../clinic/settings';
import type { Actor, CoreContext } from '../context';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { parseInput } from '../validation';
import { insertStaff, replaceSecret } from './accounts';
import { demoPins } from './demo-pins';
import { afterWrongTry, NO_WRONG_TRIES, refuseWhileWaiting, wrongTryError, type WrongTries } from './lockout';
import { activeManagerCount, allStaff, findStaff, verifierOf, wrongTriesOf, type StaffRow } from './rows';
import { isVerifier, makeVerifier, SIGN_IN_COST, verifierMatches, type ScryptCost, type Verifier } from './verifier';

/**
 * Signing in: the locked desk lists active staff, the person picks themself
 * and types their PIN. Wrong tries count per person at this desk and earn
 * doubling waits (core/staff/lockout.ts), kept in the database across
 * restarts; the clinic's last active manager only ever waits the first wait.
 * Every try is audited (never the PIN). Callers run checks one at a time.
 */

/** The desk-wide passcode of desks from before staff sign-in, and its wrong tries (workstation settings). */
export const DESK_PASSCODE_SETTING = 'deskPasscode';
const DESK_PASSCODE_TRIES_SETTING = 'deskUnlockTries';

/** Audit rows about a person's sign-in are written as that person on this device. */
export const actingAs = (actor: Actor, staffId: StaffId): Actor => ({ user: staffId, staffId, device: actor.device });

function storedDeskPasscode(db: ReadDb): Verifier | null {
  const v = readSetting(db, DESK_PASSCODE_SETTING);
  return isVerifier(v) ? v : null;
}

export function signInScreen(db: ReadDb, now: number, isDemo: boolean): SignInScreenDto {
  const pins = isDemo ? demoPins(db) : {};
  const people = allStaff(db)
    .filter((r) => r.active === 1)
    .map((r) => {
      const { retryAt } = wrongTriesOf(db, r.id);
      return {
        id: r.id,
        name: r.name,
        role: r.role,
        secretKind: r.secret_kind,
        retryAt: retryAt !== null && retryAt > now ? retryAt : null,
        demoPin: pins[r.id] ?? null,
      };
    });
  const needsFirstManager = activeManagerCount(db) === 0;
  return { people, needsFirstManager, firstManagerNeedsDeskPasscode: needsFirstManager && storedDeskPasscode(db) !== null };
}

function saveTries(ctx: CoreContext, staffId: string, t: WrongTries): void {
  prepared(
    ctx.db,
    `INSERT INTO staff_sign_in_tries (staff_id, wrong_in_a_row, waits, retry_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (staff_id) DO UPDATE SET wrong_in_a_row = excluded.wrong_in_a_row, waits = excluded.waits, retry_at = excluded.retry_at`,
  ).run(staffId, t.wrongInARow, t.waits, t.retryAt);
}

const isLastManager = (ctx: CoreContext, row: StaffRow): boolean => row.role === 'manager' && activeManagerCount(ctx.db) <= 1;

/**
 * Checks a person's typed secret: LOCKED while a wait lasts, FORBIDDEN (tries
 * left) or LOCKED (wait earned) for a wrong one; the count and its audit row
 * are written together, so no wrong try is forgotten.
 */
async function checkStaffSecret(ctx: CoreContext, staffId: string, typed: string, action: string, field: string): Promise<StaffRow> {
  const row = findStaff(ctx.db, staffId);
  if (!row || row.active === 0) {
    throw new AppError('NOT_FOUND', 'That name is no longer on this desk’s list. Pick your name again.');
  }
  const before = wrongTriesOf(ctx.db, row.id);
  refuseWhileWaiting(before, ctx.clock.now(), 'PIN');
  if (typed === '') {
    // Nothing typed tells nothing about the PIN: not a wrong try.
    const message = 'Enter your PIN.';
    throw new AppError('FORBIDDEN', message, { issues: [{ path: field, message }] });
  }
  if (await verifierMatches(verifierOf(row), typed)) {
    if (before !== NO_WRONG_TRIES) inWriteTransaction(ctx.db, () => prepared(ctx.db, `DELETE FROM staff_sign_in_tries WHERE staff_id = ?`).run(row.id));
    return row;
  }
  const outcome = inWriteTransaction(ctx.db, () => {
    // Read again inside the write lock: the count is never lost to a try that ran meanwhile.
    const current = wrongTriesOf(ctx.db, row.id);
    const next = afterWrongTry(current, ctx.clock.now(), { steady: isLastManager(ctx, row) });
    saveTries(ctx, row.id, next.next);
    recordAudit(ctx.db, ctx.actor, ctx.clock.now(), {
      action: `${action}_failed`,
      entityType: 'staff',
      entityId: row.id,
      details: { wrongInARow: current.wrongInARow + 1, waitSeconds: next.waitMs / 1000 },
    });
    return { next, current };
  });
  throw wrongTryError(outcome.next, outcome.current, 'PIN', field);
}

/** A right PIN signs the person in (audited as them); the caller keeps the session. */
export async function verifySignIn(ctx: CoreContext, input: { staffId: string; secret: string }): Promise<StaffRow> {
  const { staffId, secret } = parseInput(signInInput, input);
  const row = await checkStaffSecret(ctx, staffId, secret, 'staff.sign_in', 'secret');
  recordAudit(ctx.db, actingAs(ctx.actor, row.id), ctx.clock.now(), { action: 'staff.sign_in', entityType: 'staff', entityId: row.id });
  return row;
}

/** A person changes their own secret: needs the current one (wrong tries count as at sign-in). */
export async function changeOwnSecret(
  ctx: CoreContext,
  staffId: StaffId,
  input: { current: string; secret: string },
  cost: ScryptCost = SIGN_IN_COST,
): Promise<void> {
  const { current, secret } = parseInput(changeOwnSecretInput, input);
  await checkStaffSecret(ctx, staffId, current, 'staff.secret_change', 'current');
  await replaceSecret(ctx, staffId, secret, 'staff.secret_change', cost);
}

function readDeskTries(db: ReadDb): WrongTries {
  const v = readSetting(db, DESK_PASSCODE_TRIES_SETTING);
  if (typeof v !== 'object' || v === null) return NO_WRONG_TRIES;
  const t = v as Partial<WrongTries>;
  return {
    wrongInARow: Number.isInteger(t.wrongInARow) ? t.wrongInARow! : 0,
    waits: Number.isInteger(t.waits) ? t.waits! : 0,
    retryAt: typeof t.retryAt === 'number' ? t.retryAt : null,
  };
}

/** An upgraded desk's passcode proves the first manager may take the desk over. */
async function checkDeskPasscode(ctx: CoreContext, stored: Verifier, typed: string | undefined): Promise<void> {
  const before = readDeskTries(ctx.db);
  refuseWhileWaiting(before, ctx.clock.now(), 'passcode');
  if (typed === undefined || typed === '') {
    const message = 'Enter this desk’s passcode from before sign-in.';
    throw new AppError('FORBIDDEN', message, { issues: [{ path: 'deskPasscode', message }] });
  }
  if (await verifierMatches(stored, typed)) return;
  const outcome = afterWrongTry(before, ctx.clock.now());
  inWriteTransaction(ctx.db, () => {
    writeSetting(ctx.db, DESK_PASSCODE_TRIES_SETTING, outcome.next);
    recordAudit(ctx.db, ctx.actor, ctx.clock.now(), {
      action: 'staff.first_manager_failed',
      entityType: 'desk',
      entityId: null,
      details: { wrongInARow: before.wrongInARow + 1, waitSeconds: outcome.waitMs / 1000 },
    });
  });
  throw wrongTryError(outcome, before, 'passcode', 'deskPasscode');
}

/**
 * The first manager of a new clinic, or of a desk upgraded from the desk-wide
 * passcode (which they must type; it is then retired). CONFLICT once the
 * clinic has an active manager.
 */
export async function createFirstManager(
  ctx: CoreContext,
  input: { name: string; secret: string; deskPasscode?: string | undefined },
  cost: ScryptCost = SIGN_IN_COST,
): Promise<StaffRow> {
  const { name, secret, deskPasscode } = parseInput(createFirstManagerInput, input);
  const noManagerYet = (): void => {
    if (activeManagerCount(ctx.db) > 0) throw new AppError('CONFLICT', 'This clinic already has a manager. Pick your name to sign in.');
  };
  noManagerYet();
  const passcode = storedDeskPasscode(ctx.db);
  if (passcode) await checkDeskPasscode(ctx, passcode, deskPasscode);
  const verifier = await makeVerifier(secret, cost);
  const id = inWriteTransaction(ctx.db, () => {
    noManagerYet();
    const staffId = insertStaff(ctx, { name, role: 'manager', secretKind: isPin(secret) ? 'pin' : 'passphrase', verifier }, 'staff.first_manager');
    if (passcode) {
      prepared(ctx.db, `DELETE FROM settings WHERE key IN (?, ?)`).run(DESK_PASSCODE_SETTING, DESK_PASSCODE_TRIES_SETTING);
    }
    recordAudit(ctx.db, actingAs(ctx.actor, staffId), ctx.clock.now(), { action: 'staff.sign_in', entityType: 'staff', entityId: staffId });
    return staffId;
  });
  return findStaff(ctx.db, id)!;
}

import { AppError } from '@shared/domain/errors';
import type { StaffId } from '@shared/domain/ids';
import type { StaffRole } from '@shared/domain/permissions';
import type { StaffDto } from '@shared/domain/staff';
import { createStaffInput, isPin, resetSecretInput, updateStaffInput, type CreateStaffInput, type UpdateStaffInput } from '@shared/schemas/staff';
import { enqueueOutbox } from '../outbox';
import { recordAudit } from '../audit/audit';
import type { CoreContext } from '../context';
import type { WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { parseInput } from '../validation';
import { activeManagerCount, allStaff, loadStaff, nameKey, staffAwaitingHub, staffPayload, toStaffDto, wrongTriesOf, type StaffRow } from './rows';
import { forgetDemoPin } from './demo-pins';
import { makeVerifier, SIGN_IN_COST, type ScryptCost } from './verifier';

/**
 * Staff accounts: managers create, rename, change roles, deactivate,
 * reactivate and reset PINs; every change is audited (ids only) and queued
 * for the clinic hub in the same transaction. The clinic never loses its last
 * active manager: deactivating or demoting them is refused.
 */
const DUPLICATE_NAME = 'Someone active already has this name. Add an initial or a surname so people can tell them apart.';

/** Everyone; `withHub`: this desk sends its changes to a clinic hub, so unsent ones are shown as awaiting it. */
export function listStaff(ctx: CoreContext, opts: { withHub?: boolean } = {}): StaffDto[] {
  const now = ctx.clock.now();
  const awaiting = opts.withHub ? staffAwaitingHub(ctx.db) : new Set<string>();
  return allStaff(ctx.db).map((r) => toStaffDto(r, wrongTriesOf(ctx.db, r.id), now, awaiting.has(r.id)));
}

function staffDto(ctx: CoreContext, id: string): StaffDto {
  return toStaffDto(loadStaff(ctx.db, id), wrongTriesOf(ctx.db, id), ctx.clock.now());
}

function assertNameFree(db: WriteDb, name: string, except: string | null): void {
  const taken = prepared<string>(db, `SELECT id FROM staff WHERE active = 1 AND name_key = ? AND id IS NOT ?`).pluck().get(nameKey(name), except);
  if (taken !== undefined) throw new AppError('CONFLICT', DUPLICATE_NAME, { issues: [{ path: 'name', message: DUPLICATE_NAME }] });
}

/**
 * Writes the staff row's audit entry and its outbox row (the hub carries staff like other records).
 * `baseVersion` is the row's version before this change (0 for a new person): the hub answers a
 * change made on a version another desk has since replaced as a conflict instead of overwriting it.
 */
function recordStaffChange(ctx: CoreContext, id: string, operation: string, details: Record<string, unknown>, baseVersion: number): void {
  const at = ctx.clock.now();
  recordAudit(ctx.db, ctx.actor, at, { action: operation, entityType: 'staff', entityId: id, details });
  // Who made the change travels with it: the hub can check that a manager did.
  const payload = { ...staffPayload(loadStaff(ctx.db, id)), changedBy: ctx.actor.staffId ?? null, baseVersion };
  enqueueOutbox(ctx.db, at, { entityType: 'staff', entityId: id, operation, payload });
}

/** Inserts a staff row (verifier made beforehand: hashing takes a while and must not hold the write lock). */
export function insertStaff(
  ctx: CoreContext,
  person: { id?: StaffId; name: string; role: StaffRole; secretKind: 'pin' | 'passphrase'; verifier: object },
  operation = 'staff.create',
): StaffId {
  const id = person.id ?? newId<StaffId>();
  const at = ctx.clock.now();
  assertNameFree(ctx.db, person.name, null);
  prepared(
    ctx.db,
    `INSERT INTO staff (id, name, name_key, role, active, secret_kind, verifier, created_at, updated_at)
     VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?)`,
  ).run(id, person.name, nameKey(person.name), person.role, person.secretKind, JSON.stringify(person.verifier), at, at);
  recordStaffChange(ctx, id, operation, { role: person.role, secretKind: person.secretKind }, 0);
  return id;
}

export async function createStaff(ctx: CoreContext, input: CreateStaffInput, cost: ScryptCost = SIGN_IN_COST): Promise<StaffDto> {
  const { name, role, secret } = parseInput(createStaffInput, input);
  assertNameFree(ctx.db, name, null); // before the slow hash: a duplicate is told at once
  const verifier = await makeVerifier(secret, cost);
  const id = inWriteTransaction(ctx.db, () => insertStaff(ctx, { name, role, secretKind: isPin(secret) ? 'pin' : 'passphrase', verifier }));
  return staffDto(ctx, id);
}

function bump(db: WriteDb, id: string, at: number, set: string, ...values: unknown[]): void {
  prepared(db, `UPDATE staff SET ${set}, updated_at = ?, version = version + 1 WHERE id = ?`).run(...values, at, id);
}

/** The clinic must keep an active manager: refuses a change that would leave it without one. */
function assertNotLastManager(db: WriteDb, row: StaffRow, what: string): void {
  if (row.active === 1 && row.role === 'manager' && activeManagerCount(db) <= 1) {
    throw new AppError('CONFLICT', `${row.name} is the clinic's only active manager and cannot be ${what}. Make someone else a manager first.`);
  }
}

export function updateStaff(ctx: CoreContext, input: UpdateStaffInput): StaffDto {
  const { staffId, name, role } = parseInput(updateStaffInput, input);
  inWriteTransaction(ctx.db, () => {
    const row = loadStaff(ctx.db, staffId);
    const details: Record<string, unknown> = {};
    const at = ctx.clock.now();
    if (name !== undefined && name !== row.name) {
      if (row.active === 1) assertNameFree(ctx.db, name, row.id);
      bump(ctx.db, row.id, at, 'name = ?, name_key = ?', name, nameKey(name));
      details.renamed = true;
    }
    if (role !== undefined && role !== row.role) {
      if (role !== 'manager') assertNotLastManager(ctx.db, row, 'made reception');
      bump(ctx.db, row.id, at, 'role = ?', role);
      Object.assign(details, { roleFrom: row.role, roleTo: role });
    }
    if (Object.keys(details).length > 0) recordStaffChange(ctx, row.id, 'staff.update', details, row.version);
  });
  return staffDto(ctx, staffId);
}

export function deactivateStaff(ctx: CoreContext, staffId: StaffId): StaffDto {
  inWriteTransaction(ctx.db, () => {
    const row = loadStaff(ctx.db, staffId);
    if (row.active === 0) return;
    if (ctx.actor.staffId === row.id) throw new AppError('CONFLICT', 'You cannot deactivate yourself. Ask another manager to do it.');
    assertNotLastManager(ctx.db, row, 'deactivated');
    const at = ctx.clock.now();
    bump(ctx.db, row.id, at, 'active = 0, deactivated_at = ?', at);
    recordStaffChange(ctx, row.id, 'staff.deactivate', {}, row.version);
  });
  return staffDto(ctx, staffId);
}

export function reactivateStaff(ctx: CoreContext, staffId: StaffId): StaffDto {
  inWriteTransaction(ctx.db, () => {
    const row = loadStaff(ctx.db, staffId);
    if (row.active === 1) return;
    assertNameFree(ctx.db, row.name, row.id);
    bump(ctx.db, row.id, ctx.clock.now(), 'active = 1, deactivated_at = NULL');
    recordStaffChange(ctx, row.id, 'staff.reactivate', {}, row.version);
  });
  return staffDto(ctx, staffId);
}

/** Replaces a person's secret and clears their wrong tries at this desk; `operation` says who asked. */
export async function replaceSecret(ctx: CoreContext, staffId: StaffId, secret: string, operation: 'staff.secret_reset' | 'staff.secret_change', cost: ScryptCost): Promise<StaffDto> {
  loadStaff(ctx.db, staffId);
  const verifier = await makeVerifier(secret, cost);
  inWriteTransaction(ctx.db, () => {
    const { version } = loadStaff(ctx.db, staffId);
    const kind = isPin(secret) ? 'pin' : 'passphrase';
    bump(ctx.db, staffId, ctx.clock.now(), 'verifier = ?, secret_kind = ?', JSON.stringify(verifier), kind);
    prepared(ctx.db, `DELETE FROM staff_sign_in_tries WHERE staff_id = ?`).run(staffId);
    forgetDemoPin(ctx.db, staffId);
    recordStaffChange(ctx, staffId, operation, { secretKind: kind }, version);
  });
  return staffDto(ctx, staffId);
}

export async function resetStaffSecret(ctx: CoreContext, input: { staffId: StaffId; secret: string }, cost: ScryptCost = SIGN_IN_COST): Promise<StaffDto> {
  const { staffId, secret } = parseInput(resetSecretInput, input);
  return replaceSecret(ctx, staffId, secret, 'staff.secret_reset', cost);
}

/** This desk's version of a person, as it sent it to the hub. */
export interface StaffVersion {
  id: string;
  name: string;
  role: StaffRole;
  active: boolean;
  secretKind: 'pin' | 'passphrase';
  verifier: object;
}

/**
 * A manager makes again a staff change another desk's change overtook: this
 * desk's version of the person (name, role, active, and the sign-in check when
 * the change was a PIN change) is written over the one every desk now has, as a
 * new change by the signed-in manager, with the same checks as by hand.
 */
export function reapplyStaffChange(ctx: CoreContext, mine: StaffVersion, operation: string): StaffDto {
  inWriteTransaction(ctx.db, () => {
    const row = loadStaff(ctx.db, mine.id);
    if (mine.active && mine.name !== row.name) assertNameFree(ctx.db, mine.name, row.id);
    if (!mine.active || mine.role !== 'manager') assertNotLastManager(ctx.db, row, mine.active ? 'made reception' : 'deactivated');
    const at = ctx.clock.now();
    const secret = operation === 'staff.secret_reset' || operation === 'staff.secret_change';
    bump(
      ctx.db,
      row.id,
      at,
      'name = ?, name_key = ?, role = ?, active = ?, deactivated_at = ?, secret_kind = ?, verifier = ?',
      mine.name,
      nameKey(mine.name),
      mine.role,
      mine.active ? 1 : 0,
      mine.active ? null : (row.deactivated_at ?? at),
      secret ? mine.secretKind : row.secret_kind,
      secret ? JSON.stringify(mine.verifier) : row.verifier,
    );
    recordStaffChange(ctx, row.id, operation, { reapplied: true }, row.version);
  });
  return staffDto(ctx, mine.id as StaffId);
}

import { AppError } from '../../../src-shared/domain/errors';
import type { WorkstationRole } from '../../../src-shared/domain/exports';
import { recordAudit } from '../audit/audit';
import type { CoreContext } from '../context';
import type { ReadDb } from '../db/open';
import { readSetting, writeSetting } from '../clinic/settings';
import { inWriteTransaction } from '../db/transaction';

/**
 * The workstation's role until sign-in exists (issue 7): kept in this
 * workstation's own `settings` table (not a clinic setting: it is not synced).
 * A workstation that was never set is a manager's: the first desk is set up
 * by the manager, who turns front-desk workstations to 'reception'.
 */
const KEY = 'workstationRole';
export const DEFAULT_ROLE: WorkstationRole = 'manager';

export function getWorkstationRole(db: ReadDb): WorkstationRole {
  const v = readSetting(db, KEY);
  if (v === undefined) return DEFAULT_ROLE;
  return v === 'reception' ? 'reception' : 'manager';
}

export function setWorkstationRole(ctx: CoreContext, role: WorkstationRole): WorkstationRole {
  const at = ctx.clock.now();
  inWriteTransaction(ctx.db, () => {
    const before = getWorkstationRole(ctx.db);
    writeSetting(ctx.db, KEY, role);
    recordAudit(ctx.db, ctx.actor, at, { action: 'workstation.role', entityType: 'workstation', entityId: ctx.actor.device, details: { from: before, to: role } });
  });
  return role;
}

/** Exports and reports belong to the manager role. */
export function requireManager(db: ReadDb): void {
  if (getWorkstationRole(db) !== 'manager') {
    throw new AppError('FORBIDDEN', 'Exports and reports are for clinic managers. Ask your manager to run this one.');
  }
}

import { recordAudit } from '../audit/audit';
import type { CoreContext } from '../context';
import { enqueueOutbox } from '../outbox';

export interface ClinicChange {
  entityType: string;
  entityId: string;
  /** e.g. 'location.create'; also the audit action. */
  operation: string;
  /** Ids and set-up facts; never a blockout's private reason. Audit and outbox carry the same. */
  payload: Record<string, unknown>;
}

/** Audit row and outbox row for a set-up change; call inside its transaction. */
export function recordClinicChange(ctx: CoreContext, at: number, change: ClinicChange): void {
  recordAudit(ctx.db, ctx.actor, at, {
    action: change.operation,
    entityType: change.entityType,
    entityId: change.entityId,
    details: change.payload,
  });
  // The hub takes a set-up change only from an active person whose role includes it: the author travels with it.
  enqueueOutbox(ctx.db, at, { ...change, payload: { ...change.payload, changedBy: ctx.actor.staffId ?? null } });
}

import type { WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import type { Actor } from '../context';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  /** Ids and facts only (DESIGN.md habit 11): never names, phones or notes. */
  details?: Record<string, unknown>;
}

/** Appends one audit row. Call inside the same transaction as the change it records. */
export function recordAudit(db: WriteDb, actor: Actor, at: number, entry: AuditEntry): void {
  prepared(
    db,
    `INSERT INTO audit_log (at, actor, device, action, entity_type, entity_id, details)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    at,
    actor.user,
    actor.device,
    entry.action,
    entry.entityType,
    entry.entityId,
    entry.details === undefined ? null : JSON.stringify(entry.details),
  );
}

import type { WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import type { Actor } from '../context';
import { auditRowHash, type ChainedFields } from './chain';

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId: string | null;
  /** Ids and facts only: never names, phones or notes. */
  details?: Record<string, unknown>;
}

/**
 * Appends one audit row, naming the person (staff id) and the device, linked to
 * the device's previous row (core/audit/chain.ts). Call inside the same
 * transaction as the change it records; outside one it takes its own, so no
 * other writer can slip a row between reading the chain's head and appending.
 */
export function recordAudit(db: WriteDb, actor: Actor, at: number, entry: AuditEntry): void {
  if (!db.inTransaction) {
    inWriteTransaction(db, () => recordAudit(db, actor, at, entry));
    return;
  }
  const row: ChainedFields = {
    at,
    staffId: actor.staffId ?? null,
    actor: actor.user,
    device: actor.device,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    details: entry.details === undefined ? null : JSON.stringify(entry.details),
  };
  const prevHash =
    prepared<string | null>(db, `SELECT hash FROM audit_log WHERE device = ? ORDER BY seq DESC LIMIT 1`).pluck().get(row.device) ?? null;
  prepared(
    db,
    `INSERT INTO audit_log (at, staff_id, actor, device, action, entity_type, entity_id, details, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(row.at, row.staffId, row.actor, row.device, row.action, row.entityType, row.entityId, row.details, prevHash, auditRowHash(prevHash, row));
}

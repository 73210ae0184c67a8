import type { WriteDb } from './db/open';
import { prepared } from './db/prepared';
import { newId } from './ids';

export interface OutboxChange {
  entityType: string;
  entityId: string;
  /** e.g. 'appointment.book', 'appointment.cancel', 'patient.create' */
  operation: string;
  /** What upstream needs to apply the change; serialised as JSON. */
  payload: unknown;
}

/**
 * Queues a change for upstream delivery. Call inside the
 * same transaction as the domain change and its audit row. Returns the
 * idempotency key (UUIDv7) the hub uses to apply it at most once.
 */
export function enqueueOutbox(db: WriteDb, at: number, change: OutboxChange): string {
  const key = newId<string>();
  prepared(
    db,
    `INSERT INTO outbox (idempotency_key, entity_type, entity_id, operation, payload, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(key, change.entityType, change.entityId, change.operation, JSON.stringify(change.payload), at, at);
  return key;
}

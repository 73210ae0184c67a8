import type { WriteDb, ReadDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';
import { inWriteTransaction } from '../core/db/transaction';
import { backoffDelay, MAX_ATTEMPTS } from './backoff';

/**
 * The outbox seen from the pusher. Rows go out in `seq`
 * order, at most one per entity per batch, and never ahead of an earlier row
 * of the same entity that is still waiting, needs attention, or belongs to a
 * visit with an open conflict: the hub sees each entity's changes in the
 * order the desk made them. Rows of other entities keep flowing.
 */
export interface QueuedChange {
  seq: number;
  key: string;
  entityType: string;
  entityId: string;
  operation: string;
  /** JSON text as stored. */
  payload: string;
  attempts: number;
}

export function nextBatch(db: ReadDb, now: number, limit: number): QueuedChange[] {
  return prepared<QueuedChange>(
    db,
    `SELECT o.seq, o.idempotency_key AS key, o.entity_type AS entityType, o.entity_id AS entityId,
            o.operation, o.payload, o.attempts
       FROM outbox o
      WHERE o.state = 'pending' AND o.next_attempt_at <= ?
        AND NOT EXISTS (SELECT 1 FROM outbox p
                         WHERE p.entity_type = o.entity_type AND p.entity_id = o.entity_id AND p.seq < o.seq
                           AND p.state IN ('pending', 'in_flight', 'attention'))
        AND NOT EXISTS (SELECT 1 FROM sync_conflicts c WHERE c.appointment_id = o.entity_id AND c.resolved_at IS NULL)
      ORDER BY o.seq
      LIMIT ?`,
  ).all(now, limit);
}

/** When the next waiting row becomes due (null: nothing waits). */
export function nextDueAt(db: ReadDb): number | null {
  return prepared<number | null>(db, `SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'pending'`).pluck().get() ?? null;
}

export function markDelivered(db: WriteDb, seqs: readonly number[], now: number): void {
  const stmt = prepared(db, `UPDATE outbox SET state = 'delivered', last_error = NULL, updated_at = ? WHERE seq = ? AND state = 'pending'`);
  for (const seq of seqs) stmt.run(now, seq);
}

/** The hub refused the change for good (a conflict, recorded beside it): the row is settled. */
export function markSettled(db: WriteDb, seq: number, now: number, why: string): void {
  prepared(db, `UPDATE outbox SET state = 'resolved', last_error = ?, updated_at = ? WHERE seq = ?`).run(why, now, seq);
}

/** The hub's checks refused the change: sending it again would not help, so it needs attention now. */
export function markRefused(db: WriteDb, seq: number, now: number, why: string): void {
  prepared(db, `UPDATE outbox SET state = 'attention', attempts = attempts + 1, last_error = ?, updated_at = ? WHERE seq = ? AND state = 'pending'`).run(why, now, seq);
}

/**
 * A failed attempt: waits with backoff, or needs attention after
 * MAX_ATTEMPTS. Returns how many rows crossed into attention.
 */
export function markFailed(db: WriteDb, rows: readonly QueuedChange[], now: number, reason: string, random?: () => number): number {
  const stmt = prepared(
    db,
    `UPDATE outbox SET attempts = ?, state = ?, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE seq = ? AND state = 'pending'`,
  );
  let attention = 0;
  inWriteTransaction(db, () => {
    for (const r of rows) {
      const attempts = r.attempts + 1;
      const giveUp = attempts >= MAX_ATTEMPTS;
      if (giveUp) attention++;
      stmt.run(attempts, giveUp ? 'attention' : 'pending', giveUp ? 0 : now + backoffDelay(attempts, random), reason, now, r.seq);
    }
  });
  return attention;
}

/** "Retry" on a row that needs attention: back in line with a fresh count. */
export function retryRow(db: WriteDb, seq: number, now: number): boolean {
  return (
    prepared(db, `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = 0, updated_at = ? WHERE seq = ? AND state = 'attention'`).run(
      now,
      seq,
    ).changes === 1
  );
}

/** "Resolve" on a row that needs attention: someone decided it should not be sent. */
export function dropRow(db: WriteDb, seq: number, now: number): boolean {
  return (
    prepared(db, `UPDATE outbox SET state = 'resolved', last_error = 'Set aside at the desk', updated_at = ? WHERE seq = ? AND state = 'attention'`).run(
      now,
      seq,
    ).changes === 1
  );
}

export interface AttentionRow {
  seq: number;
  entityType: string;
  entityId: string;
  operation: string;
  attempts: number;
  lastError: string | null;
  createdAt: number;
}

export function listAttention(db: ReadDb): AttentionRow[] {
  return prepared<AttentionRow>(
    db,
    `SELECT seq, entity_type AS entityType, entity_id AS entityId, operation, attempts, last_error AS lastError, created_at AS createdAt
       FROM outbox WHERE state = 'attention' ORDER BY seq`,
  ).all();
}

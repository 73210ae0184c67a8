import type { WriteDb, ReadDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';
import { inWriteTransaction } from '../core/db/transaction';
import { backoffDelay, MAX_ATTEMPTS } from './backoff';

/**
 * The outbox seen from the pusher. Rows go out in the order the desk made
 * them (`seq`), several rows of one record in one batch included, because a
 * later change may rely on an earlier one of another record: visit X
 * cancelled, then visit Y booked into X's time, must reach the hub in that
 * order, or Y looks like a double booking.
 *
 * - A row never overtakes an earlier row still waiting out its backoff after
 *   a failed attempt: the batch ends before it. That wait is bounded: after
 *   MAX_ATTEMPTS failed attempts the row needs attention and stops holding
 *   the rest.
 * - A row that needs attention, or a visit with an open conflict, is set
 *   aside for a person: later rows of that record wait with it, rows of other
 *   records flow past it (a change that relied on it may then be refused and
 *   is listed the same way, never lost).
 *
 * The hub applies a batch in this order and holds back (answer `held`) a
 * record's later rows after one of its rows did not go through, and every
 * later row after one that failed; held rows stay pending here.
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

/** Rows whose record has an earlier row set aside for a person, or an open conflict: they wait with it. */
const SET_ASIDE = `(EXISTS (SELECT 1 FROM outbox p
                   WHERE p.entity_type = o.entity_type AND p.entity_id = o.entity_id AND p.seq < o.seq AND p.state = 'attention')
   OR EXISTS (SELECT 1 FROM sync_conflicts c WHERE c.appointment_id = o.entity_id AND c.resolved_at IS NULL))`;

export function nextBatch(db: ReadDb, now: number, limit: number): QueuedChange[] {
  const barrier = prepared<number | null>(
    db,
    `SELECT MIN(o.seq) FROM outbox o WHERE o.state IN ('pending', 'in_flight') AND o.next_attempt_at > ? AND NOT ${SET_ASIDE}`,
  )
    .pluck()
    .get(now);
  return prepared<QueuedChange>(
    db,
    `SELECT o.seq, o.idempotency_key AS key, o.entity_type AS entityType, o.entity_id AS entityId,
            o.operation, o.payload, o.attempts
       FROM outbox o
      WHERE o.state = 'pending' AND o.seq < ? AND NOT ${SET_ASIDE}
      ORDER BY o.seq
      LIMIT ?`,
  ).all(barrier ?? Number.MAX_SAFE_INTEGER, limit);
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

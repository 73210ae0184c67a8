import type { AppointmentId, EpochMs, ReminderId } from '@shared/domain/ids';
import { AppError } from '@shared/domain/errors';
import type { ReminderDto } from '@shared/domain/calendar';
import { resendReminderInput, type ResendReminderInput } from '@shared/schemas/reminders';
import { recordAudit } from '../audit/audit';
import type { CoreContext } from '../context';
import type { ReadDb, WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { parseInput } from '../validation';
import { listRemindersForAppointment } from './queries';
import type { Decision, DueReminder, ReminderChannel } from './rules';

/**
 * The reminder state machine in the database. Every transition is one
 * conditional UPDATE inside a write transaction, so two runners (or a runner
 * and a desk cancelling the visit) never both win:
 *
 *   scheduled ──claim──▶ sending ──▶ sent | failed | scheduled (retry later)
 *   scheduled ──▶ skipped | cancelled | scheduled (deferred: quiet hours, not ours yet)
 *   sending (lease ran out: the desk stopped mid-send) ──recover──▶ scheduled
 *   failed | skipped ──resend (desk)──▶ scheduled
 *
 * A claim writes `claim_id` before the message leaves; only that claim may
 * record the outcome. Delivery is at-least-once at one edge: if the desk stops
 * after the gateway or mail server accepted a message but before the outcome
 * is written, the lease runs out and the reminder is sent again (with the same
 * idempotency key / Message-ID, which a gateway or mail client may use to drop
 * the copy). Every other path sends at most once.
 */

const LIVE_STATUSES = `('booked', 'confirmed')`;

interface DueRow extends Omit<DueReminder, 'smsOptOut' | 'emailOptOut'> {
  smsOptOut: number;
  emailOptOut: number;
}

/** Due reminders, oldest first: scheduled, due, and not waiting for a retry or quiet hours. */
export function scanDueReminders(db: ReadDb, now: EpochMs, limit: number): DueReminder[] {
  return prepared<DueRow>(
    db,
    `SELECT r.id, r.appointment_id AS appointmentId, r.offset_min AS offsetMin, r.due_at AS dueAt, r.attempts,
            r.next_attempt_at AS nextAttemptAt, a.status AS appointmentStatus, a.start_at AS startAt,
            l.zone, l.name AS locationName, l.phone AS locationPhone,
            p.given_name AS firstName, p.phone, p.email, p.preferred_channel AS preferredChannel,
            p.sms_opt_out AS smsOptOut, p.email_opt_out AS emailOptOut
       FROM reminders r
       JOIN appointments a ON a.id = r.appointment_id
       JOIN locations l ON l.id = a.location_id
       JOIN patients p ON p.id = a.patient_id
      WHERE r.state = 'scheduled' AND r.due_at <= ? AND (r.next_attempt_at IS NULL OR r.next_attempt_at <= ?)
      ORDER BY r.due_at, r.id
      LIMIT ?`,
  )
    .all(now, now, limit)
    .map((r) => ({ ...r, smsOptOut: r.smsOptOut === 1, emailOptOut: r.emailOptOut === 1 }));
}

function logAttempt(
  db: WriteDb,
  id: ReminderId,
  attempt: number,
  at: EpochMs,
  device: string,
  outcome: 'sent' | 'failed' | 'retry' | 'skipped' | 'deferred' | 'interrupted' | 'resend',
  channel: ReminderChannel | null,
  reason: string | null,
): void {
  prepared(
    db,
    `INSERT INTO reminder_attempts (reminder_id, attempt, at, channel, outcome, reason, device) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, attempt, at, channel, outcome, reason, device);
}

/**
 * Writes the decisions that send nothing (skip, cancel, defer) for rows still
 * scheduled; returns the visits whose reminders changed.
 */
export function applyQuietDecisions(
  db: WriteDb,
  now: EpochMs,
  device: string,
  decisions: ReadonlyArray<{ row: DueReminder; decision: Exclude<Decision, { kind: 'send' }> }>,
): AppointmentId[] {
  if (decisions.length === 0) return [];
  const changed = new Set<AppointmentId>();
  inWriteTransaction(db, () => {
    for (const { row, decision } of decisions) {
      let n = 0;
      if (decision.kind === 'skip') {
        n = prepared(
          db,
          `UPDATE reminders SET state = 'skipped', skip_reason = ?, next_attempt_at = NULL, updated_at = ? WHERE id = ? AND state = 'scheduled'`,
        ).run(decision.reason, now, row.id).changes;
        if (n) logAttempt(db, row.id, row.attempts, now, device, 'skipped', null, decision.reason);
      } else if (decision.kind === 'cancel') {
        n = prepared(db, `UPDATE reminders SET state = 'cancelled', next_attempt_at = NULL, updated_at = ? WHERE id = ? AND state = 'scheduled'`).run(
          now,
          row.id,
        ).changes;
      } else {
        n = prepared(db, `UPDATE reminders SET next_attempt_at = ?, updated_at = ? WHERE id = ? AND state = 'scheduled'`).run(
          decision.until,
          now,
          row.id,
        ).changes;
        if (n) logAttempt(db, row.id, row.attempts, now, device, 'deferred', null, decision.reason);
      }
      if (n) changed.add(row.appointmentId);
    }
  });
  return [...changed];
}

/** Not this desk's to send yet: look again at `until` (nothing else changes). */
export function postpone(db: WriteDb, now: EpochMs, ids: readonly ReminderId[], until: EpochMs): void {
  if (ids.length === 0) return;
  inWriteTransaction(db, () => {
    const stmt = prepared(db, `UPDATE reminders SET next_attempt_at = ? WHERE id = ? AND state = 'scheduled'`);
    for (const id of ids) stmt.run(until, id);
  });
}

export interface SendClaim {
  id: ReminderId;
  appointmentId: AppointmentId;
  claimId: string;
  attempt: number;
  channel: ReminderChannel;
}

/**
 * Claims reminders for sending, in one write transaction, before any network
 * call: only rows still scheduled whose visit is still going ahead at the
 * same time (a reschedule re-arms new rows and cancels these). Returns the
 * claims won.
 */
export function claimForSending(
  db: WriteDb,
  now: EpochMs,
  device: string,
  leaseMs: number,
  picks: ReadonlyArray<{ row: DueReminder; channel: ReminderChannel; late: boolean }>,
): SendClaim[] {
  if (picks.length === 0) return [];
  return inWriteTransaction(db, () => {
    const won: SendClaim[] = [];
    const stmt = prepared(
      db,
      `UPDATE reminders
          SET state = 'sending', claim_id = ?, lease_owner = ?, lease_until = ?, attempts = attempts + 1, channel = ?,
              late = CASE WHEN attempts = 0 THEN ? ELSE late END, next_attempt_at = NULL, updated_at = ?
        WHERE id = ? AND state = 'scheduled'
          AND EXISTS (SELECT 1 FROM appointments a WHERE a.id = reminders.appointment_id
                        AND a.status IN ${LIVE_STATUSES} AND a.start_at = ?)`,
    );
    for (const { row, channel, late } of picks) {
      const claimId = newId<string>();
      if (stmt.run(claimId, device, now + leaseMs, channel, late ? 1 : 0, now, row.id, row.startAt).changes === 1) {
        won.push({ id: row.id, appointmentId: row.appointmentId, claimId, attempt: row.attempts + 1, channel });
      }
    }
    return won;
  });
}

export type SendOutcome =
  | { kind: 'sent' }
  /** Worth trying again at `retryAt`. */
  | { kind: 'retry'; reason: string; retryAt: EpochMs }
  | { kind: 'failed'; reason: string };

/**
 * Records what happened to a claimed send. Only the claim's holder can: a
 * claim taken back after its lease ran out writes nothing (returns false).
 * A retry of a visit cancelled meanwhile becomes cancelled instead.
 */
export function recordOutcome(db: WriteDb, now: EpochMs, device: string, claim: SendClaim, outcome: SendOutcome): boolean {
  return inWriteTransaction(db, () => {
    const release = `claim_id = NULL, lease_owner = NULL, lease_until = NULL, updated_at = ?`;
    const where = `WHERE id = ? AND claim_id = ? AND state = 'sending'`;
    let n: number;
    if (outcome.kind === 'sent') {
      n = prepared(db, `UPDATE reminders SET state = 'sent', sent_at = ?, last_error = NULL, ${release} ${where}`).run(
        now,
        now,
        claim.id,
        claim.claimId,
      ).changes;
    } else if (outcome.kind === 'failed') {
      n = prepared(db, `UPDATE reminders SET state = 'failed', last_error = ?, ${release} ${where}`).run(
        outcome.reason,
        now,
        claim.id,
        claim.claimId,
      ).changes;
    } else {
      n = prepared(
        db,
        `UPDATE reminders
            SET state = CASE WHEN EXISTS (SELECT 1 FROM appointments a WHERE a.id = reminders.appointment_id AND a.status IN ${LIVE_STATUSES})
                             THEN 'scheduled' ELSE 'cancelled' END,
                next_attempt_at = ?, last_error = ?, ${release} ${where}`,
      ).run(outcome.retryAt, outcome.reason, now, claim.id, claim.claimId).changes;
    }
    if (n === 1) {
      const reason = outcome.kind === 'sent' ? null : outcome.reason;
      logAttempt(db, claim.id, claim.attempt, now, device, outcome.kind, claim.channel, reason);
    }
    return n === 1;
  });
}

const INTERRUPTED_REASON = 'Sending was interrupted (the workstation stopped); it is being sent again.';

/**
 * Sends whose lease ran out (the desk stopped or crashed mid-send) go back to
 * scheduled and are sent again: whether the first try reached the patient is
 * not known, and a reminder must not be lost. Counts as an attempt.
 */
export function recoverExpiredLeases(db: WriteDb, now: EpochMs, device: string, opts: { atStart?: boolean } = {}): AppointmentId[] {
  // At start every lease this workstation holds is a dead run's: it is taken back at once, not after it expires.
  const held = opts.atStart ? `(lease_until <= @now OR lease_owner = @device)` : `lease_until <= @now`;
  return inWriteTransaction(db, () => {
    const rows = prepared<{ id: ReminderId; appointmentId: AppointmentId; attempts: number; channel: ReminderChannel | null }>(
      db,
      `SELECT id, appointment_id AS appointmentId, attempts, channel FROM reminders WHERE state = 'sending' AND ${held}`,
    ).all({ now, device });
    for (const r of rows) {
      prepared(
        db,
        `UPDATE reminders SET state = 'scheduled', next_attempt_at = @now, last_error = @reason, claim_id = NULL, lease_owner = NULL,
                lease_until = NULL, updated_at = @now WHERE id = @id AND state = 'sending' AND ${held}`,
      ).run({ now, device, reason: INTERRUPTED_REASON, id: r.id });
      logAttempt(db, r.id, r.attempts, now, device, 'interrupted', r.channel, INTERRUPTED_REASON);
    }
    return [...new Set(rows.map((r) => r.appointmentId))];
  });
}

/**
 * The desk asks to send a failed or skipped reminder again: it goes back to
 * scheduled, due now, with a fresh retry budget. Refused (CONFLICT) when the
 * visit is cancelled or already started, or the reminder is not failed/skipped.
 */
export function resendReminder(ctx: CoreContext, input: ResendReminderInput): ReminderDto {
  const { reminderId } = parseInput(resendReminderInput, input);
  const now = ctx.clock.now();
  const appointmentId = inWriteTransaction(ctx.db, () => {
    const row = prepared<{ state: string; appointmentId: AppointmentId; status: string; startAt: number; attempts: number }>(
      ctx.db,
      `SELECT r.state, r.appointment_id AS appointmentId, a.status, a.start_at AS startAt, r.attempts
         FROM reminders r JOIN appointments a ON a.id = r.appointment_id WHERE r.id = ?`,
    ).get(reminderId);
    if (!row) throw new AppError('NOT_FOUND', 'That reminder no longer exists. Reload the list.');
    if (row.state !== 'failed' && row.state !== 'skipped') {
      throw new AppError('CONFLICT', 'Only a failed or skipped reminder can be sent again.', { state: row.state });
    }
    if (row.status !== 'booked' && row.status !== 'confirmed') {
      throw new AppError('CONFLICT', 'This visit is no longer going ahead, so no reminder is sent for it.', { status: row.status });
    }
    if (row.startAt <= now) throw new AppError('CONFLICT', 'This visit has already started; a reminder would come too late.');
    prepared(
      ctx.db,
      `UPDATE reminders SET state = 'scheduled', attempts = 0, next_attempt_at = ?, skip_reason = NULL, last_error = NULL,
              late = 0, updated_at = ? WHERE id = ?`,
    ).run(now, now, reminderId);
    logAttempt(ctx.db, reminderId, row.attempts, now, ctx.actor.device, 'resend', null, null);
    recordAudit(ctx.db, ctx.actor, now, { action: 'reminder.resend', entityType: 'reminder', entityId: reminderId, details: { appointmentId: row.appointmentId } });
    return row.appointmentId;
  });
  return listRemindersForAppointment(ctx.db, appointmentId).find((r) => r.id === reminderId)!;
}

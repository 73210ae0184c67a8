import type { AppointmentId, EpochMs, ReminderId } from '@shared/domain/ids';
import type { WriteDb } from '../db/open';
import { prepared } from '../db/prepared';
import { newId } from '../ids';

/**
 * Reminder rows of one visit, kept in step with its time and status inside
 * the booking transaction. Sending is someone else's job; here a row is only
 * scheduled, cancelled or (when its time has already passed) skipped.
 */

/**
 * One reminder per offset (the visit type's own cadence when it has one, else
 * the clinic's `offsetsMin`), due `offset` minutes before the visit. A reminder
 * whose time has already passed when the visit is booked (a 24 h reminder
 * for a visit in 3 hours) is recorded as skipped rather than sent late.
 */
export function armReminders(
  db: WriteDb,
  appointmentId: AppointmentId,
  startAt: EpochMs,
  offsetsMin: readonly number[],
  now: EpochMs,
): void {
  const insert = prepared(
    db,
    `INSERT INTO reminders (id, appointment_id, offset_min, due_at, state, updated_at) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  for (const offsetMin of typeCadence(db, appointmentId) ?? offsetsMin) {
    const dueAt = startAt - offsetMin * 60_000;
    insert.run(newId<ReminderId>(), appointmentId, offsetMin, dueAt, dueAt > now ? 'scheduled' : 'skipped', now);
  }
}

/** The visit's type's own reminder times (migration 9), or null to use the clinic's. */
function typeCadence(db: WriteDb, appointmentId: AppointmentId): number[] | null {
  const row = prepared<{ offsets: string | null }>(
    db,
    `SELECT t.reminder_offsets_min AS offsets FROM appointments a JOIN appointment_types t ON t.id = a.type_id WHERE a.id = ?`,
  ).get(appointmentId);
  return row?.offsets ? (JSON.parse(row.offsets) as number[]) : null;
}

/** Cancels the visit's reminders that have not gone out yet; returns how many. */
export function cancelReminders(db: WriteDb, appointmentId: AppointmentId, now: EpochMs): number {
  return prepared(
    db,
    `UPDATE reminders SET state = 'cancelled', updated_at = ? WHERE appointment_id = ? AND state = 'scheduled'`,
  ).run(now, appointmentId).changes;
}

/** After a reschedule: the old time's pending reminders are cancelled and new ones armed. */
export function rearmReminders(
  db: WriteDb,
  appointmentId: AppointmentId,
  startAt: EpochMs,
  offsetsMin: readonly number[],
  now: EpochMs,
): void {
  cancelReminders(db, appointmentId, now);
  armReminders(db, appointmentId, startAt, offsetsMin, now);
}

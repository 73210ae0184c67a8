import type {
  ReminderDayItemDto,
  ReminderDto,
  ReminderState,
  ReminderSummaryDto,
} from '@shared/domain/calendar';
import type { AppointmentId } from '@shared/domain/ids';
import { remindersForDayInput, type RemindersForDayInput } from '@shared/schemas/calendar';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { addDays, localMinuteToInstant } from '../slots/zone-day';
import { parseInput } from '../validation';

/**
 * Reads of reminder rows for the desk: per visit (appointment panel), per
 * day (reminders list) and a one-line summary per visit (grid cards).
 * Failure reasons are the sender's own words about the channel (never the
 * message body, which is neutral anyway).
 */

// A retry waiting (scheduled after a failed attempt) shows its last failure too.
const COLUMNS = `r.id, r.appointment_id AS appointmentId, r.offset_min AS offsetMin, r.due_at AS dueAt, r.state,
  r.channel, r.attempts,
  CASE WHEN r.state = 'failed' THEN COALESCE(r.last_error, 'The reminder could not be sent.')
       WHEN r.state IN ('scheduled', 'sending') AND r.attempts > 0 THEN r.last_error END AS failureReason,
  CASE WHEN r.state = 'skipped' THEN COALESCE(r.skip_reason, 'Its time had already passed when the visit was booked.') END AS skipReason,
  r.late = 1 AS late, r.sent_at AS sentAt, r.updated_at AS updatedAt`;

/** SQLite answers 0/1 for the flag. */
function withFlag<T extends { late: boolean | number }>(row: T): T {
  return { ...row, late: row.late === 1 || row.late === true };
}

export function listRemindersForAppointment(db: ReadDb, appointmentId: AppointmentId): ReminderDto[] {
  return prepared<ReminderDto>(
    db,
    `SELECT ${COLUMNS} FROM reminders r WHERE r.appointment_id = ? ORDER BY r.due_at, r.updated_at, r.id`,
  )
    .all(appointmentId)
    .map(withFlag);
}

/**
 * Reminders of the visits that start on a local date (each location's own
 * zone), by visit time then due time; visits of every status, so a
 * cancelled visit's cancelled reminders show too.
 */
export function listRemindersForDay(db: ReadDb, input: RemindersForDayInput): ReminderDayItemDto[] {
  const v = parseInput(remindersForDayInput, input);
  const locations = prepared<{ id: string; zone: string }>(
    db,
    `SELECT id, zone FROM locations WHERE (? IS NULL OR id = ?) ORDER BY id`,
  ).all(v.locationId ?? null, v.locationId ?? null);
  const stmt = prepared<ReminderDayItemDto>(
    db,
    `SELECT ${COLUMNS}, a.start_at AS visitStartAt, a.provider_id AS providerId, a.location_id AS locationId,
            a.room_id AS roomId, a.status AS appointmentStatus,
            p.given_name AS patientGivenName, p.family_name AS patientFamilyName, t.name AS typeName
       FROM appointments a
       JOIN reminders r ON r.appointment_id = a.id
       JOIN patients p ON p.id = a.patient_id
       JOIN appointment_types t ON t.id = a.type_id
      WHERE a.location_id = ? AND a.start_at >= ? AND a.start_at < ?
      ORDER BY a.start_at, a.id, r.due_at, r.id`,
  );
  const out: ReminderDayItemDto[] = [];
  for (const l of locations) {
    const from = localMinuteToInstant(l.zone, v.date, 0);
    const to = localMinuteToInstant(l.zone, addDays(v.date, 1), 0);
    out.push(...stmt.all(l.id, from, to).map(withFlag));
  }
  // By visit time; one visit's reminders stay together, earliest due first.
  const key = (x: ReminderDayItemDto) => x.appointmentId as string;
  return out.sort(
    (a, b) => a.visitStartAt - b.visitStartAt || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0) || a.dueAt - b.dueAt || (a.id < b.id ? -1 : 1),
  );
}

/** The state that most needs the desk's eye comes first. */
/** Which state a visit's summary shows: the one that most needs the desk's eye. */
export const REMINDER_STATE_PRIORITY: Record<ReminderState, number> = { failed: 0, sending: 1, scheduled: 2, sent: 3, skipped: 4, cancelled: 5 };
const PRIORITY = REMINDER_STATE_PRIORITY;

/** One summary per visit that has reminders; visits without any are left out. */
export function reminderSummaries(db: ReadDb, appointmentIds: readonly AppointmentId[]): ReminderSummaryDto[] {
  const out: ReminderSummaryDto[] = [];
  const stmt = prepared<{ appointmentId: AppointmentId; state: ReminderState; n: number }>(
    db,
    `SELECT appointment_id AS appointmentId, state, COUNT(*) AS n FROM reminders
      WHERE appointment_id IN (SELECT value FROM json_each(?)) GROUP BY appointment_id, state`,
  );
  const byId = new Map<AppointmentId, ReminderSummaryDto>();
  // json_each keeps one statement for any number of ids; chunks bound the JSON text.
  for (let i = 0; i < appointmentIds.length; i += 2_000) {
    for (const row of stmt.all(JSON.stringify(appointmentIds.slice(i, i + 2_000)))) {
      let s = byId.get(row.appointmentId);
      if (!s) {
        s = { appointmentId: row.appointmentId, state: row.state, total: 0, sent: 0, failed: 0 };
        byId.set(row.appointmentId, s);
        out.push(s);
      }
      s.total += row.n;
      if (row.state === 'sent') s.sent += row.n;
      if (row.state === 'failed') s.failed += row.n;
      if (PRIORITY[row.state] < PRIORITY[s.state]) s.state = row.state;
    }
  }
  return out;
}

import { clashCause, type AskedVisit, type ClashCause, type StoredVisit } from '@shared/domain/clash';
import type { AppointmentId, ProviderId, RoomId } from '@shared/domain/ids';
import { reasonSentence, type Reason } from '@shared/domain/slots';
import { timeFormatter } from '@shared/time';
import { getClinicSettings } from '../clinic/settings';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';

/**
 * The words of the guard's refusals. A refusal is said with the slot engine's
 * reason sentences ("why not"), so a drag on the grid, a click on a cell and the
 * booking dialog name the same rule the same way. Read only when a time is
 * refused, never on the way to a booking that succeeds.
 */

/** The other visit behind a clash: its time, stored busy span (the buffers it was booked with) and type name. */
export function readClashCause(db: ReadDb, otherId: AppointmentId, asked: AskedVisit): ClashCause | undefined {
  const other = prepared<StoredVisit>(
    db,
    `SELECT a.start_at AS startAt, a.end_at AS endAt, a.busy_start_at AS busyStartAt, a.busy_end_at AS busyEndAt, t.name AS typeName
       FROM appointments a JOIN appointment_types t ON t.id = a.type_id WHERE a.id = ?`,
  ).get(otherId);
  return other ? clashCause(asked, other) : undefined;
}

/** One reason as a sentence: names from the set-up, times in the location's zone and the clinic's time format. */
export function refusalSentence(db: ReadDb, zone: string, reason: Reason): string {
  const tf = timeFormatter(getClinicSettings(db).timeFormat);
  return reasonSentence(reason, {
    providerName: (id: ProviderId) => prepared<string>(db, `SELECT name FROM providers WHERE id = ?`).pluck().get(id) ?? 'The provider',
    roomName: (id: RoomId) => prepared<string>(db, `SELECT name FROM rooms WHERE id = ?`).pluck().get(id) ?? 'The room',
    time: (t) => tf.time(zone, t),
  });
}

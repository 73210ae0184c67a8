import { clashCause, clashSentence, type AskedVisit, type ClashCause, type StoredVisit } from '../../../src-shared/domain/clash';
import type { AppointmentId, ProviderId, RoomId } from '../../../src-shared/domain/ids';
import { timeFormatter } from '../../../src-shared/time';
import { getClinicSettings } from '../clinic/settings';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';

/**
 * The other visit behind a clash, read for the refusal: its time, stored busy
 * span (the buffers it was booked with) and type name. Read only when a time
 * is refused, never on the way to a booking that succeeds.
 */
export function readClashCause(db: ReadDb, otherId: AppointmentId, asked: AskedVisit): ClashCause | undefined {
  const other = prepared<StoredVisit>(
    db,
    `SELECT a.start_at AS startAt, a.end_at AS endAt, a.busy_start_at AS busyStartAt, a.busy_end_at AS busyEndAt, t.name AS typeName
       FROM appointments a JOIN appointment_types t ON t.id = a.type_id WHERE a.id = ?`,
  ).get(otherId);
  return other ? clashCause(asked, other) : undefined;
}

export type ClashOwner = { providerId: ProviderId } | { roomId: RoomId };

/** The sentence the guard refuses with: whose time, the rule and the visit in the way, in the location's zone and the clinic's time format. */
export function clashMessage(db: ReadDb, owner: ClashOwner, cause: ClashCause, zone: string): string {
  const name =
    'providerId' in owner
      ? prepared<string>(db, `SELECT name FROM providers WHERE id = ?`).pluck().get(owner.providerId)
      : prepared<string>(db, `SELECT name FROM rooms WHERE id = ?`).pluck().get(owner.roomId);
  const tf = timeFormatter(getClinicSettings(db).timeFormat);
  return clashSentence(name ?? ('providerId' in owner ? 'The provider' : 'The room'), cause, (t) => tf.time(zone, t));
}

import type { AppointmentId } from '@shared/domain/ids';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';

/**
 * Which desk booked each visit, from its booking audit row (written in the
 * booking transaction with the desk's device id). Visits with no booking row
 * (the demo clinic's bulk-loaded visits) map to null.
 */
export function bookingDevices(db: ReadDb, appointmentIds: readonly AppointmentId[]): Map<AppointmentId, string | null> {
  const out = new Map<AppointmentId, string | null>(appointmentIds.map((id) => [id, null]));
  const stmt = prepared<{ id: AppointmentId; device: string }>(
    db,
    `SELECT entity_id AS id, device FROM audit_log
      WHERE entity_type = 'appointment' AND action = 'appointment.book' AND entity_id IN (SELECT value FROM json_each(?))`,
  );
  for (let i = 0; i < appointmentIds.length; i += 500) {
    for (const row of stmt.all(JSON.stringify(appointmentIds.slice(i, i + 500)))) out.set(row.id, row.device);
  }
  return out;
}

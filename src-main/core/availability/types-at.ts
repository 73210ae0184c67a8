import type { TypesAtTime } from '@shared/domain/availability';
import type { AppointmentTypeId } from '@shared/domain/ids';
import { typesAtTimeInput, type TypesAtTimeInput } from '@shared/schemas/slots';
import { providerNotBookable } from '../booking/errors';
import { notFound } from '../clinic/not-found';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { explain } from '../slots';
import { DAY_MS } from '../slots/zone-day';
import { parseInput } from '../validation';
import type { Clock } from '../clock';
import { locationOf, workplaceAt } from './service';
import { slotQueryFromDb } from './slot-query';

/** How far back a provider's bookings count towards "most booked". */
const HISTORY_MS = 365 * DAY_MS;

/**
 * Every active type the provider performs, each checked by the slot engine at
 * `start` (so a type is said to fit exactly when a search would offer that time
 * for it): what a click on a free cell proposes, never a type that cannot go there.
 */
export function typesAtTime(db: ReadDb, clock: Clock, input: TypesAtTimeInput): TypesAtTime {
  const v = parseInput(typesAtTimeInput, input);
  const active = prepared<0 | 1>(db, `SELECT active FROM providers WHERE id = ?`).pluck().get(v.providerId);
  if (active === undefined) throw notFound('provider', v.providerId);
  if (active !== 1) throw providerNotBookable(v.providerId);
  const location = v.locationId !== undefined ? locationOf(db, v.locationId) : workplaceAt(db, v.providerId, v.start);
  const now = clock.now();

  const types = prepared<{ id: AppointmentTypeId; name: string }>(
    db,
    `SELECT t.id, t.name FROM appointment_types t JOIN appointment_type_providers tp ON tp.type_id = t.id
      WHERE tp.provider_id = ? AND t.active = 1 ORDER BY t.name, t.id`,
  ).all(v.providerId);
  const booked = new Map(
    prepared<{ typeId: AppointmentTypeId; n: number }>(
      db,
      `SELECT type_id AS typeId, COUNT(*) AS n FROM appointments
        WHERE provider_id = ? AND busy_start_at > ? AND status <> 'cancelled' GROUP BY type_id`,
    )
      .all(v.providerId, now - HISTORY_MS)
      .map((r) => [r.typeId, r.n]),
  );

  const window = { start: v.start - DAY_MS, end: v.start + DAY_MS };
  const checked = types.map((t) => {
    const query = slotQueryFromDb(db, { locationId: location.id, typeId: t.id, providerIds: [v.providerId], method: 'single', window, now });
    return { typeId: t.id, fits: explain(query, v.start).length === 0, booked: booked.get(t.id) ?? 0 };
  });
  // Stable sort: equal counts keep the types' name order.
  checked.sort((a, b) => Number(b.fits) - Number(a.fits) || b.booked - a.booked);
  return { providerId: v.providerId, locationId: location.id, zone: location.zone, start: v.start, types: checked };
}

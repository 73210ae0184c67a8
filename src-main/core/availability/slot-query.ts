import { RELEASED_STATUSES } from '@shared/domain/booking';
import type {
  AppointmentId,
  AppointmentTypeId,
  BlockoutId,
  EpochMs,
  LocationId,
  ProviderId,
  RoomId,
} from '@shared/domain/ids';
import { MAX_BUSY_SPAN_MIN } from '@shared/schemas/clinic';
import { getClinicSettings, loadLocationHours } from '../clinic';
import { notFound } from '../clinic/not-found';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import type { BlockoutSpan, BookedSpan, ExternalBusySpan, ProviderAgenda, RoomAgenda, SlotMethod, SlotQuery } from '../slots';
import { addDays, instantToLocalDate } from '../slots/zone-day';

/** What a slot search at one location is about. */
export interface SlotSearch {
  locationId: LocationId;
  typeId: AppointmentTypeId;
  providerIds: readonly ProviderId[];
  method: SlotMethod;
  /** Slots starting in [start, end). */
  window: { start: EpochMs; end: EpochMs };
  now: EpochMs;
  durationMin?: number;
  /** "any" only: list everyone free with each slot. */
  allFree?: boolean;
}

const MARGIN_MS = MAX_BUSY_SPAN_MIN * 60_000;
/** A visit that holds its time: not cancelled, not a no-show. */
const LIVE = `status NOT IN (${RELEASED_STATUSES.map((s) => `'${s}'`).join(', ')})`;

interface TypeRow {
  durationMin: number;
  bufferBeforeMin: number;
  bufferAfterMin: number;
  needsRoom: 0 | 1;
}

/**
 * The slot engine's input for a search at one location, read from the
 * database the way the booking guard reads it: the providers' hours there,
 * their blockouts, live visits' busy spans and external busy time; the rooms
 * able to host the type (active rooms of the location, the type's own when it
 * lists any) with their blockouts and visits; the clinic's grid step and
 * booking grace (a start up to the grace in the past is still accepted).
 *
 * Only what can touch a visit starting in the window is loaded: spans within
 * the longest possible busy span of it, hours of the local days around it.
 */
export function slotQueryFromDb(db: ReadDb, req: SlotSearch): SlotQuery {
  const type = prepared<TypeRow>(
    db,
    `SELECT duration_min AS durationMin, buffer_before_min AS bufferBeforeMin, buffer_after_min AS bufferAfterMin,
            needs_room AS needsRoom FROM appointment_types WHERE id = ?`,
  ).get(req.typeId);
  if (!type) throw notFound('appointment_type', req.typeId);
  const settings = getClinicSettings(db);
  const zone = prepared<string>(db, `SELECT zone FROM locations WHERE id = ?`).pluck().get(req.locationId);
  if (zone === undefined) throw notFound('location', req.locationId);

  const lo = req.window.start - MARGIN_MS;
  const hi = req.window.end + MARGIN_MS;
  const days = {
    fromDate: addDays(instantToLocalDate(zone, req.window.start), -2),
    toDate: addDays(instantToLocalDate(zone, Math.max(req.window.start, req.window.end - 1)), 2),
  };

  const appointments = (column: 'provider_id' | 'room_id', owner: string): BookedSpan[] =>
    prepared<{ id: AppointmentId; start: EpochMs; end: EpochMs; visitStart: EpochMs; visitEnd: EpochMs }>(
      db,
      `SELECT id, busy_start_at AS start, busy_end_at AS end, start_at AS visitStart, end_at AS visitEnd
         FROM appointments
        WHERE ${column} = ? AND busy_start_at > ? AND busy_start_at < ? AND busy_end_at > ? AND ${LIVE}
        ORDER BY busy_start_at, id`,
    )
      .all(owner, lo - MARGIN_MS, hi, lo)
      .map((a) => ({ id: a.id, start: a.start, end: a.end, visit: { start: a.visitStart, end: a.visitEnd } }));
  const blockouts = (column: 'provider_id' | 'room_id', owner: string): BlockoutSpan[] =>
    prepared<BlockoutSpan>(
      db,
      `SELECT id AS id, start_at AS start, end_at AS end FROM blockouts
        WHERE ${column} = ? AND start_at < ? AND end_at > ? ORDER BY start_at, id`,
    ).all(owner, hi, lo) as Array<{ id: BlockoutId; start: EpochMs; end: EpochMs }>;
  const externalBusy = (providerId: ProviderId): ExternalBusySpan[] =>
    prepared<ExternalBusySpan>(
      db,
      `SELECT id, start_at AS start, end_at AS end FROM external_busy
        WHERE provider_id = ? AND start_at < ? AND end_at > ? ORDER BY start_at, id`,
    ).all(providerId, hi, lo);

  const providers: ProviderAgenda[] = req.providerIds.map((id) => ({
    id,
    hours: loadLocationHours(db, id, req.locationId, days),
    appointments: appointments('provider_id', id),
    blockouts: blockouts('provider_id', id),
    externalBusy: externalBusy(id),
  }));
  const rooms: RoomAgenda[] =
    type.needsRoom === 1
      ? eligibleRooms(db, req.locationId, req.typeId).map((r) => ({
          id: r.id,
          name: r.name,
          appointments: appointments('room_id', r.id),
          blockouts: blockouts('room_id', r.id),
        }))
      : [];

  return {
    window: { ...req.window },
    type: { id: req.typeId, ...type, needsRoom: type.needsRoom === 1 },
    ...(req.durationMin === undefined ? {} : { durationMin: req.durationMin }),
    intervalMin: settings.defaultIntervalMin,
    // The guard lets a visit start up to the grace period in the past.
    minNoticeMin: -settings.bookingGraceMin,
    horizonDays: null,
    now: req.now,
    method: req.method,
    ...(req.allFree ? { allFree: true } : {}),
    providers,
    rooms,
  };
}

/** Rooms able to host the type at the location, as the guard defines them. */
function eligibleRooms(db: ReadDb, locationId: LocationId, typeId: AppointmentTypeId): Array<{ id: RoomId; name: string }> {
  return prepared<{ id: RoomId; name: string }>(
    db,
    `SELECT r.id, r.name FROM rooms r
      WHERE r.location_id = @location AND r.active = 1
        AND (EXISTS (SELECT 1 FROM appointment_type_rooms tr WHERE tr.type_id = @type AND tr.room_id = r.id)
             OR NOT EXISTS (SELECT 1 FROM appointment_type_rooms tr WHERE tr.type_id = @type))
      ORDER BY r.name, r.id`,
  ).all({ location: locationId, type: typeId });
}

import { RELEASED_STATUSES } from '@shared/domain/booking';
import type { AppointmentId, AppointmentTypeId, BlockoutId, EpochMs, LocationId, PatientId, ProviderId, RoomId } from '@shared/domain/ids';
import type { Reason } from '@shared/domain/slots';
import { MAX_BUSY_SPAN_MIN } from '@shared/schemas/clinic';
import { loadHoursInZone } from '../clinic/hours';
import { notFound } from '../clinic/not-found';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { openIntervals } from '../slots/hours';
import { coveredBy } from '../slots/interval';
import { instantToLocalDate } from '../slots/zone-day';
import { readClashCause, refusalSentence } from './refusal-words';
import {
  type ClashWords,
  blocked,
  inPast,
  noRoomFree,
  outsideHours,
  patientNotFound,
  providerCannotPerform,
  providerNotBookable,
  roomTaken,
  roomUnsuitable,
  slotTaken,
  typeNotBookable,
} from './errors';

/**
 * THE GUARD: decides whether a visit may be placed, inside the caller's
 * write transaction. The slot engine offers exactly the times this accepts.
 *
 * The visit [start, end) keeps provider and room busy over
 * [start − type.buffer_before, end + type.buffer_after). Checked in this order:
 *   (e) start ≥ now − bookingGrace                                    → IN_PAST
 *   (a) no other live visit's busy span of the provider overlaps        → SLOT_TAKEN
 *   (b) no other live visit's busy span of the room overlaps            → ROOM_TAKEN
 *   (c) the visit lies inside the provider's hours at the location      → OUTSIDE_HOURS
 *   (d) no provider or room blockout, no provider external busy time
 *       overlaps the busy span                                          → BLOCKED
 * "Live" = not cancelled and not a no-show. (c) and (d) yield to an explicit
 * override (the caller records its reason); (a), (b) and (e) never do.
 *
 * A type that needs a room and gets none is given the first free eligible
 * room by name: eligible = the type's rooms at this location, or every active
 * room of the location when the type lists none; free = (b) and, unless
 * overridden, the room part of (d) hold. When none is free → ROOM_TAKEN.
 */

export type GuardRule = 'OUTSIDE_HOURS' | 'BLOCKED';

export type RoomRequest =
  /** A type that needs a room gets the first free eligible one; others get none. */
  | { kind: 'auto' }
  /** Exactly this room. */
  | { kind: 'exact'; roomId: RoomId }
  /**
   * The visit's current room when it is still suitable: kept if free, otherwise another
   * free one for types that need a room; a type that needs none keeps it regardless.
   */
  | { kind: 'prefer'; roomId: RoomId }
  /** No room of its own: a care team's other providers share the room of the team's lead visit. */
  | { kind: 'none' };

export interface PlacementRequest {
  patientId: PatientId;
  providerId: ProviderId;
  locationId: LocationId;
  typeId: AppointmentTypeId;
  startAt: EpochMs;
  /** Omitted = the type's duration. */
  durationMin?: number;
  room: RoomRequest;
  override?: { reason: string };
  /** The visit being moved: its own current time does not count against it. */
  movingAppointmentId?: AppointmentId;
  /**
   * An undo puts the visit back where it was moments ago: only another visit
   * holding the provider or the room meanwhile refuses it; the past, hours
   * and blockouts do not (they already let it stand there).
   */
  restoring?: boolean;
  now: EpochMs;
  bookingGraceMin: number;
}

export interface Placement {
  roomId: RoomId | null;
  startAt: EpochMs;
  endAt: EpochMs;
  busyStartAt: EpochMs;
  busyEndAt: EpochMs;
  /** Location zone, for the local dates of change events. */
  zone: string;
  /** Rules that failed and were passed by the override. */
  overridden: GuardRule[];
}

/** The words of a refusal for a clash of a provider's or a room's time with another visit. */
type ClashWording = (owner: { providerId: ProviderId } | { roomId: RoomId }, otherId: AppointmentId) => ClashWords | undefined;

/** Everything the guard needs to know about the request's records, in one read. */
interface Subjects {
  durationMin: number;
  bufferBeforeMin: number;
  bufferAfterMin: number;
  needsRoom: 0 | 1;
  typeActive: 0 | 1;
  providerActive: 0 | 1 | null;
  allowed: 0 | 1;
  patientExists: 0 | 1;
  zone: string | null;
}

interface Span {
  start: EpochMs;
  end: EpochMs;
  /** Id of the visit being moved, '' when booking. */
  moving: string;
}

const MAX_BUSY_SPAN_MS = MAX_BUSY_SPAN_MIN * 60_000;
/** A visit that holds its time: not cancelled, not a no-show (column `status` of alias `a`). */
const LIVE = `a.status NOT IN (${RELEASED_STATUSES.map((x) => `'${x}'`).join(', ')})`;

/**
 * Rooms able to host type @type at location @location (alias r): active, and the type's
 * own rooms, or any room of the location when the type lists none.
 */
const ELIGIBLE_ROOM = `r.location_id = @location AND r.active = 1
  AND (EXISTS (SELECT 1 FROM appointment_type_rooms tr WHERE tr.type_id = @type AND tr.room_id = r.id)
       OR NOT EXISTS (SELECT 1 FROM appointment_type_rooms tr WHERE tr.type_id = @type))`;

/** Checks every rule and picks the room; throws the first broken rule's AppError. */
export function placeVisit(db: ReadDb, req: PlacementRequest): Placement {
  const subjects = prepared<Subjects>(
    db,
    `SELECT t.duration_min AS durationMin, t.buffer_before_min AS bufferBeforeMin, t.buffer_after_min AS bufferAfterMin,
            t.needs_room AS needsRoom, t.active AS typeActive,
            (SELECT active FROM providers WHERE id = @provider) AS providerActive,
            EXISTS (SELECT 1 FROM appointment_type_providers WHERE type_id = t.id AND provider_id = @provider) AS allowed,
            EXISTS (SELECT 1 FROM patients WHERE id = @patient) AS patientExists,
            (SELECT zone FROM locations WHERE id = @location) AS zone
       FROM appointment_types t WHERE t.id = @type`,
  ).get({ type: req.typeId, provider: req.providerId, patient: req.patientId, location: req.locationId });
  if (!subjects) throw notFound('appointment_type', req.typeId);
  if (subjects.typeActive !== 1) throw typeNotBookable(req.typeId);
  if (subjects.providerActive === null) throw notFound('provider', req.providerId);
  if (subjects.providerActive !== 1) throw providerNotBookable(req.providerId);
  if (subjects.allowed !== 1) throw providerCannotPerform(req.providerId, req.typeId);
  if (subjects.patientExists !== 1) throw patientNotFound(req.patientId);
  if (subjects.zone === null) throw notFound('location', req.locationId);
  const zone = subjects.zone;

  const startAt = req.startAt;
  const endAt = startAt + (req.durationMin ?? subjects.durationMin) * 60_000;
  const span: Span = {
    start: startAt - subjects.bufferBeforeMin * 60_000,
    end: endAt + subjects.bufferAfterMin * 60_000,
    moving: req.movingAppointmentId ?? '',
  };
  const asked = { startAt, endAt, bufferBeforeMin: subjects.bufferBeforeMin, bufferAfterMin: subjects.bufferAfterMin };
  /** The refusal's words for a clash with `otherId`: which rule, which visit (read only when refusing). */
  const clash: ClashWording = (owner, otherId) => {
    const cause = readClashCause(db, otherId, asked);
    if (!cause) return undefined;
    const reason: Reason = {
      kind: cause.kind === 'overlap' ? 'appointment' : 'buffer',
      appointmentId: otherId,
      providerId: 'providerId' in owner ? owner.providerId : null,
      roomId: 'roomId' in owner ? owner.roomId : null,
      cause,
    };
    return { cause, sentence: refusalSentence(db, zone, reason) };
  };
  const overridable = req.override !== undefined || req.restoring === true;
  const overridden: GuardRule[] = [];

  // (e) not in the past beyond the grace period
  const earliest = req.now - req.bookingGraceMin * 60_000;
  if (startAt < earliest && req.restoring !== true) throw inPast(startAt, earliest);

  // (a) the provider is free
  const providerClash = firstLiveOverlap(db, 'provider_id', req.providerId, span);
  if (providerClash) throw slotTaken(req.providerId, providerClash, clash({ providerId: req.providerId }, providerClash));

  // (b) the room is free (and chosen, when the type needs one)
  const roomId = chooseRoom(db, req, subjects.needsRoom === 1, span, overridable, clash);

  // (c) inside opening hours. Only the visit's own local days matter: the hours of
  // neighbouring days end at or before its first midnight and start after its last.
  const hours = loadHoursInZone(db, zone, req.providerId, req.locationId, {
    fromDate: instantToLocalDate(zone, startAt),
    toDate: instantToLocalDate(zone, endAt - 1),
  });
  if (!coveredBy(openIntervals(hours, startAt, endAt), { start: startAt, end: endAt })) {
    if (!overridable) {
      throw outsideHours(req.providerId, req.locationId, startAt, endAt, refusalSentence(db, zone, { kind: 'outside_hours', providerId: req.providerId }));
    }
    overridden.push('OUTSIDE_HOURS');
  }

  // (d) no blockout, no external busy time
  const blockedBy = blockage(db, req.providerId, roomId, span);
  if (blockedBy) {
    if (!overridable) throw blocked(blockedBy.details, refusalSentence(db, zone, blockedBy.reason));
    overridden.push('BLOCKED');
  }

  return { roomId, startAt, endAt, busyStartAt: span.start, busyEndAt: span.end, zone, overridden };
}

/**
 * The first live visit of a provider or a room whose busy span overlaps the span.
 * Busy spans are at most MAX_BUSY_SPAN_MIN long, so only spans starting after
 * `start − MAX_BUSY_SPAN` can overlap: that bound keeps it a short range scan on the index.
 */
function firstLiveOverlap(db: ReadDb, column: 'provider_id' | 'room_id', owner: string, span: Span): AppointmentId | undefined {
  return prepared<AppointmentId>(
    db,
    `SELECT a.id FROM appointments a
      WHERE a.${column} = ? AND a.busy_start_at > ? AND a.busy_start_at < ? AND a.busy_end_at > ? AND ${LIVE} AND a.id <> ?
      ORDER BY a.busy_start_at LIMIT 1`,
  )
    .pluck()
    .get(owner, span.start - MAX_BUSY_SPAN_MS, span.end, span.start, span.moving);
}

interface Blockage {
  details: { blockoutId?: string; externalBusyId?: string; providerId?: string; roomId?: string };
  /** The same, as the slot engine's reason: the refusal is worded like "why not". */
  reason: Reason;
}

/** The first provider blockout, room blockout or external busy time overlapping the span, in that order. */
function blockage(db: ReadDb, providerId: ProviderId, roomId: RoomId | null, span: Span): Blockage | undefined {
  const hit = prepared<{ kind: 'provider' | 'room' | 'external'; id: string; startAt: EpochMs; endAt: EpochMs }>(
    db,
    `SELECT kind, id, start_at AS startAt, end_at AS endAt FROM (
       SELECT 1 AS rank, 'provider' AS kind, id, start_at, end_at FROM blockouts
        WHERE provider_id = @provider AND start_at < @end AND end_at > @start
       UNION ALL
       SELECT 2, 'room', id, start_at, end_at FROM blockouts WHERE room_id = @room AND start_at < @end AND end_at > @start
       UNION ALL
       SELECT 3, 'external', id, start_at, end_at FROM external_busy
        WHERE provider_id = @provider AND start_at < @end AND end_at > @start
     ) ORDER BY rank, start_at, id LIMIT 1`,
  ).get({ provider: providerId, room: roomId, start: span.start, end: span.end });
  if (!hit) return undefined;
  const blockoutId = hit.id as BlockoutId;
  if (hit.kind === 'provider') return { details: { blockoutId, providerId }, reason: { kind: 'blockout', blockoutId, providerId, roomId: null } };
  if (hit.kind === 'room' && roomId !== null) {
    return { details: { blockoutId, roomId }, reason: { kind: 'blockout', blockoutId, providerId: null, roomId } };
  }
  return { details: { externalBusyId: hit.id, providerId }, reason: { kind: 'external_busy', providerId, start: hit.startAt, end: hit.endAt } };
}

/** The room the visit will use (null = none), checked free of other visits; see the rules at the top. */
function chooseRoom(
  db: ReadDb,
  req: PlacementRequest,
  needsRoom: boolean,
  span: Span,
  overridable: boolean,
  clash: ClashWording,
): RoomId | null {
  if (req.room.kind === 'none') return null;
  if (req.room.kind === 'exact') return checkedRoom(db, req, req.room.roomId, span, clash);
  if (req.room.kind === 'prefer') {
    const preferred = req.room.roomId;
    const suitable = isEligible(db, req, preferred);
    if (!needsRoom) return suitable ? checkedRoom(db, req, preferred, span, clash) : null;
    if (suitable && firstFreeRoom(db, req, span, preferred, false)) return preferred;
  }
  if (!needsRoom) return null;
  const free =
    firstFreeRoom(db, req, span, null, false) ?? (overridable ? firstFreeRoom(db, req, span, null, true) : undefined);
  if (free === undefined) {
    const candidates = prepared<RoomId>(db, `SELECT r.id FROM rooms r WHERE ${ELIGIBLE_ROOM} ORDER BY r.name, r.id`)
      .pluck()
      .all({ location: req.locationId, type: req.typeId });
    throw noRoomFree(req.locationId, req.typeId, candidates);
  }
  return free;
}

/**
 * The first eligible room by name (or only `only`) that no live visit and,
 * unless `ignoreBlockouts`, no room blockout occupies during the span.
 */
function firstFreeRoom(
  db: ReadDb,
  req: PlacementRequest,
  span: Span,
  only: RoomId | null,
  ignoreBlockouts: boolean,
): RoomId | undefined {
  return prepared<RoomId>(
    db,
    `SELECT r.id FROM rooms r
      WHERE ${ELIGIBLE_ROOM} AND (@only IS NULL OR r.id = @only)
        AND NOT EXISTS (SELECT 1 FROM appointments a
                         WHERE a.room_id = r.id AND a.busy_start_at > @earliestStart AND a.busy_start_at < @end
                           AND a.busy_end_at > @start AND ${LIVE} AND a.id <> @moving)
        AND (@ignoreBlockouts OR NOT EXISTS (SELECT 1 FROM blockouts b
                                              WHERE b.room_id = r.id AND b.start_at < @end AND b.end_at > @start))
      ORDER BY r.name, r.id LIMIT 1`,
  )
    .pluck()
    .get({
      location: req.locationId,
      type: req.typeId,
      only,
      earliestStart: span.start - MAX_BUSY_SPAN_MS,
      start: span.start,
      end: span.end,
      moving: span.moving,
      ignoreBlockouts: ignoreBlockouts ? 1 : 0,
    });
}

function isEligible(db: ReadDb, req: PlacementRequest, roomId: RoomId): boolean {
  return (
    prepared(db, `SELECT 1 FROM rooms r WHERE r.id = @room AND ${ELIGIBLE_ROOM}`).get({
      location: req.locationId,
      type: req.typeId,
      room: roomId,
    }) !== undefined
  );
}

/** A room asked for by name: it must exist and be suitable (else VALIDATION), and be free (else ROOM_TAKEN). */
function checkedRoom(
  db: ReadDb,
  req: PlacementRequest,
  roomId: RoomId,
  span: Span,
  clash: ClashWording,
): RoomId {
  const room = prepared<{ locationId: LocationId; active: 0 | 1 }>(
    db,
    `SELECT location_id AS locationId, active FROM rooms WHERE id = ?`,
  ).get(roomId);
  if (!room) throw notFound('room', roomId);
  if (room.locationId !== req.locationId) throw roomUnsuitable(roomId, 'other_location');
  if (room.active !== 1) throw roomUnsuitable(roomId, 'inactive');
  if (!isEligible(db, req, roomId)) throw roomUnsuitable(roomId, 'not_for_type');
  const clashId = firstLiveOverlap(db, 'room_id', roomId, span);
  if (clashId) throw roomTaken(roomId, clashId, clash({ roomId }, clashId));
  return roomId;
}

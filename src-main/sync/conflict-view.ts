import type { AppointmentDto } from '../../src-shared/domain/booking';
import type { AppointmentId } from '../../src-shared/domain/ids';
import type { ConflictClash, DeskRef, SyncConflictDto } from '../../src-shared/domain/sync';
import { loadAppointment } from '../core/booking/appointment-store';
import { locationZone } from '../core/booking/location-zone';
import type { CoreContext } from '../core/context';
import type { ReadDb } from '../core/db/open';
import { prepared } from '../core/db/prepared';
import { suggestionsFor } from './conflict-suggestions';
import type { HubConflict } from './conflicts';

/**
 * The conflicts as the desk sees them. Clashes are read from this desk's own
 * copy of the schedule, which holds every visit the hub has (pulled after each
 * push), so they are current and name every clash — provider, room or both —
 * where the hub's refusal names only the first constraint it hit. Each clash
 * says when it was booked, on which desk, and when it reached the hub: the
 * visit that reached the hub first keeps the time.
 */

interface ConflictRow {
  appointmentId: string;
  kind: 'overlap' | 'version';
  detail: string;
  detectedAt: number;
}

interface Names {
  providers: Map<string, string>;
  rooms: Map<string, string>;
}

/** Every unsettled conflict, oldest first. */
export function listConflicts(ctx: CoreContext): SyncConflictDto[] {
  const rows = prepared<ConflictRow>(
    ctx.db,
    `SELECT appointment_id AS appointmentId, kind, detail, detected_at AS detectedAt
       FROM sync_conflicts WHERE resolved_at IS NULL ORDER BY detected_at, appointment_id`,
  ).all();
  const names = readNames(ctx.db);
  return rows.map((row) => conflictDto(ctx, row, names));
}

/** One visit's unsettled conflict, as the list shows it; undefined when it has none. */
export function conflictView(ctx: CoreContext, appointmentId: AppointmentId): SyncConflictDto | undefined {
  const row = prepared<ConflictRow>(
    ctx.db,
    `SELECT appointment_id AS appointmentId, kind, detail, detected_at AS detectedAt
       FROM sync_conflicts WHERE appointment_id = ? AND resolved_at IS NULL`,
  ).get(appointmentId);
  return row ? conflictDto(ctx, row, readNames(ctx.db)) : undefined;
}

function readNames(db: ReadDb): Names {
  return {
    providers: new Map(prepared<{ id: string; name: string }>(db, `SELECT id, name FROM providers`).all().map((p) => [p.id, p.name])),
    rooms: new Map(prepared<{ id: string; name: string }>(db, `SELECT id, name FROM rooms`).all().map((r) => [r.id, r.name])),
  };
}

/** Desks are named by the last four characters of their id, which the Sync section shows on each desk. */
function deskRef(deskId: string, thisDeskId: string): DeskRef {
  return { thisDesk: deskId === thisDeskId, code: deskId.replace(/-/g, '').slice(-4).toUpperCase() };
}

function conflictDto(ctx: CoreContext, row: ConflictRow, names: Names): SyncConflictDto {
  const detail = JSON.parse(row.detail) as HubConflict;
  const mine = loadAppointment(ctx.db, row.appointmentId as AppointmentId);
  const patient = prepared<{ given: string; family: string; phone: string | null }>(
    ctx.db,
    `SELECT given_name AS given, family_name AS family, phone FROM patients WHERE id = ?`,
  ).get(mine.patientId)!;
  const zone = locationZone(ctx.db, mine.locationId);
  const clashes = row.kind === 'overlap' ? clashesOf(ctx, mine, detail, names) : [];
  const shared = new Set(clashes.map((c) => c.on));
  const on = shared.size === 0 ? null : shared.size > 1 || shared.has('both') ? 'both' : clashes[0]!.on;
  return {
    appointmentId: mine.id,
    kind: row.kind,
    on,
    detectedAt: row.detectedAt,
    zone,
    mine: {
      startAt: mine.startAt,
      endAt: mine.endAt,
      status: mine.status,
      providerId: mine.providerId,
      providerName: names.providers.get(mine.providerId) ?? '',
      roomName: mine.roomId ? (names.rooms.get(mine.roomId) ?? '') : null,
      patientName: `${patient.given} ${patient.family}`,
      patientPhone: patient.phone,
      bookedAt: mine.createdAt,
      desk: deskRef(ctx.actor.device, ctx.actor.device),
    },
    clashes,
    hub: detail.hub
      ? { startAt: detail.hub.startAt, endAt: detail.hub.endAt, status: detail.hub.status, providerName: names.providers.get(detail.hub.providerId) ?? '' }
      : null,
    suggestions: suggestionsFor(ctx, mine, zone),
  };
}

interface ClashRow {
  id: string;
  providerId: string;
  roomId: string | null;
  startAt: number;
  endAt: number;
  createdAt: number;
  deskId: string | null;
  reachedHubAt: number | null;
}

/**
 * Live visits holding this visit's provider or room over its busy time —
 * those the hub has (visits still waiting here, or refused themselves, never
 * reached it). Before the competing visit has been pulled, the hub's own
 * answer stands in for it.
 */
function clashesOf(ctx: CoreContext, mine: AppointmentDto, detail: HubConflict, names: Names): ConflictClash[] {
  const rows = prepared<ClashRow>(
    ctx.db,
    `SELECT a.id, a.provider_id AS providerId, a.room_id AS roomId, a.start_at AS startAt, a.end_at AS endAt,
            a.created_at AS createdAt, o.desk_id AS deskId, o.reached_hub_at AS reachedHubAt
       FROM appointments a LEFT JOIN hub_visit_origins o ON o.appointment_id = a.id
      WHERE a.id <> ? AND a.status NOT IN ('cancelled', 'no_show')
        AND a.busy_start_at < ? AND a.busy_end_at > ?
        AND (a.provider_id = ? OR a.room_id = ?)
        AND NOT EXISTS (SELECT 1 FROM sync_conflicts c WHERE c.appointment_id = a.id AND c.resolved_at IS NULL)
        AND NOT EXISTS (SELECT 1 FROM outbox x WHERE x.entity_type = 'appointment' AND x.entity_id = a.id
                         AND x.state IN ('pending', 'in_flight', 'attention'))
      ORDER BY a.start_at, a.id`,
  ).all(mine.id, mine.busyEndAt, mine.busyStartAt, mine.providerId, mine.roomId);
  const clashes: ConflictClash[] = rows.map((r) => {
    const provider = r.providerId === mine.providerId;
    const room = mine.roomId !== null && r.roomId === mine.roomId;
    return {
      on: provider && room ? 'both' : provider ? 'provider' : 'room',
      startAt: r.startAt,
      endAt: r.endAt,
      providerName: names.providers.get(r.providerId) ?? '',
      roomName: r.roomId ? (names.rooms.get(r.roomId) ?? '') : null,
      bookedAt: r.createdAt,
      desk: r.deskId === null ? null : deskRef(r.deskId, ctx.actor.device),
      reachedHubAt: r.reachedHubAt,
    };
  });
  const c = detail.competing;
  if (c && !rows.some((r) => r.id === c.appointmentId) && !isHere(ctx.db, c.appointmentId)) {
    const provider = c.providerId === mine.providerId;
    const room = mine.roomId !== null && c.roomId === mine.roomId;
    clashes.push({
      on: provider && room ? 'both' : room ? 'room' : 'provider',
      startAt: c.startAt,
      endAt: c.endAt,
      providerName: names.providers.get(c.providerId) ?? '',
      roomName: c.roomId ? (names.rooms.get(c.roomId) ?? '') : null,
      bookedAt: null,
      desk: null,
      reachedHubAt: null,
    });
  }
  return clashes;
}

const isHere = (db: ReadDb, appointmentId: string): boolean =>
  prepared<number>(db, `SELECT COUNT(*) FROM appointments WHERE id = ?`).pluck().get(appointmentId) === 1;

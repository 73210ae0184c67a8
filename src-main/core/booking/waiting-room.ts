import type { AppointmentId, EpochMs, LocationId, ProviderId } from '@shared/domain/ids';
import type { WaitingRoomDto, WaitingRoomVisitDto } from '@shared/domain/waiting-room';
import { waitingRoomInput, type WaitingRoomInput } from '@shared/schemas/waiting-room';
import { getClinicSettings } from '../clinic/settings';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { addDays, instantToLocalDate, localMinuteToInstant, MINUTE_MS } from '../slots/zone-day';
import { parseInput } from '../validation';
import { locationZone } from './location-zone';

/** One appointment as read; a care team's rows fold into one visit. */
type Row = Omit<WaitingRoomVisitDto, 'appointmentId' | 'providerIds' | 'providerNames' | 'lateMin'> & {
  id: AppointmentId;
  teamId: AppointmentId | null;
  providerId: ProviderId;
  providerName: string;
};

/**
 * The waiting room of one location for its local today (by the injected
 * clock): checked-in visits starting that day, waiting or seated. A visit
 * checked in before arrival times were kept counts from its last change.
 */
export function waitingRoom(db: ReadDb, now: EpochMs, input: WaitingRoomInput): WaitingRoomDto {
  const v = parseInput(waitingRoomInput, input);
  const zone = locationZone(db, v.locationId);
  const date = instantToLocalDate(zone, now);
  const from = localMinuteToInstant(zone, date, 0);
  const to = localMinuteToInstant(zone, addDays(date, 1), 0);
  const rows = prepared<Row>(
    db,
    `SELECT a.id, a.team_id AS teamId, a.version, a.patient_id AS patientId,
            p.given_name AS patientGivenName, p.family_name AS patientFamilyName,
            a.provider_id AS providerId, pr.name AS providerName,
            a.type_id AS typeId, t.name AS typeName, t.colour AS typeColour, r.name AS roomName,
            a.start_at AS startAt, a.end_at AS endAt,
            COALESCE(a.arrived_at, a.updated_at) AS arrivedAt, a.seated_at AS seatedAt
       FROM appointments a
       JOIN patients p ON p.id = a.patient_id
       JOIN providers pr ON pr.id = a.provider_id
       JOIN appointment_types t ON t.id = a.type_id
       LEFT JOIN rooms r ON r.id = a.room_id
      WHERE a.start_at >= ? AND a.start_at < ? AND a.location_id = ? AND a.status = 'checked_in'
      ORDER BY a.id <> COALESCE(a.team_id, a.id), a.start_at, a.id`,
  ).all(from, to, v.locationId);
  const done = prepared<number>(
    db,
    `SELECT COUNT(*) FROM appointments
      WHERE start_at >= ? AND start_at < ? AND location_id = ? AND status = 'completed' AND (team_id IS NULL OR team_id = id)`,
  )
    .pluck()
    .get(from, to, v.locationId)!;

  // One entry per visit: a care team's members join their lead's entry (leads come first).
  const visits = new Map<AppointmentId, WaitingRoomVisitDto>();
  for (const r of rows) {
    const key = r.teamId ?? r.id;
    const known = visits.get(key);
    if (known) {
      known.providerIds.push(r.providerId);
      known.providerNames.push(r.providerName);
      known.roomName ??= r.roomName;
      continue;
    }
    visits.set(key, {
      appointmentId: r.id,
      version: r.version,
      patientId: r.patientId,
      patientGivenName: r.patientGivenName,
      patientFamilyName: r.patientFamilyName,
      providerIds: [r.providerId],
      providerNames: [r.providerName],
      typeId: r.typeId,
      typeName: r.typeName,
      typeColour: r.typeColour,
      roomName: r.roomName,
      startAt: r.startAt,
      endAt: r.endAt,
      arrivedAt: r.arrivedAt,
      seatedAt: r.seatedAt,
      lateMin: Math.max(0, Math.floor((r.arrivedAt - r.startAt) / MINUTE_MS)),
    });
  }
  const all = [...visits.values()];
  return {
    locationId: v.locationId as LocationId,
    date,
    zone,
    waitAlertMin: getClinicSettings(db).waitAlertMin,
    waiting: all.filter((x) => x.seatedAt === null).sort((a, b) => a.arrivedAt - b.arrivedAt || a.startAt - b.startAt),
    seated: all.filter((x) => x.seatedAt !== null).sort((a, b) => a.seatedAt! - b.seatedAt!),
    doneToday: done,
  };
}

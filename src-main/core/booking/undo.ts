import { z } from 'zod';
import { AppError } from '@shared/domain/errors';
import { APPOINTMENT_STATUSES, RELEASED_STATUSES, type AppointmentDto } from '@shared/domain/booking';
import type { AppointmentId, EpochMs, LocationId, ProviderId, RoomId } from '@shared/domain/ids';
import { UNDO_OFFERED_MS, undoChangeInput, type UndoChangeInput } from '@shared/schemas/booking';
import { getClinicSettings } from '../clinic/settings';
import type { CoreContext } from '../context';
import type { ReadDb } from '../db/open';
import { prepared } from '../db/prepared';
import { inWriteTransaction } from '../db/transaction';
import { rearmReminders } from '../reminders/schedule';
import { parseInput } from '../validation';
import { loadAppointment, loadTeam, updateAppointment } from './appointment-store';
import { versionConflict } from './errors';
import { placeVisit } from './guard';
import { locationZone } from './location-zone';
import { changedEvent, recordAppointmentChange, type AppointmentOperation } from './record';
import type { ChangedVisits } from './status-changes';

/** The desk offers an undo for UNDO_OFFERED_MS; main allows a few seconds more for a slow answer. */
const UNDO_ACCEPTED_MS = UNDO_OFFERED_MS + 5_000;

/** The changes a message can undo: a move, a cancel and every status change. */
const UNDOABLE: readonly AppointmentOperation[] = [
  'appointment.reschedule',
  'appointment.cancel',
  'appointment.confirm',
  'appointment.check_in',
  'appointment.complete',
  'appointment.no_show',
];

/** The visit's place and status before the change, as its audit row recorded them. */
const previousState = z.object({
  status: z.enum(APPOINTMENT_STATUSES),
  providerId: z.string(),
  locationId: z.string(),
  roomId: z.string().nullable(),
  startAt: z.number(),
  endAt: z.number(),
});
const changeDetails = z.object({ version: z.number(), previous: previousState });

interface LastChange {
  at: EpochMs;
  actor: string;
  device: string;
  action: string;
  details: z.infer<typeof changeDetails> | null;
}

function lastChange(db: ReadDb, appointmentId: string): LastChange | undefined {
  const row = prepared<{ at: EpochMs; actor: string; device: string; action: string; details: string | null }>(
    db,
    `SELECT at, actor, device, action, details FROM audit_log
      WHERE entity_type = 'appointment' AND entity_id = ? AND action LIKE 'appointment.%'
      ORDER BY seq DESC LIMIT 1`,
  ).get(appointmentId);
  if (!row) return undefined;
  const parsed = changeDetails.safeParse(row.details === null ? null : JSON.parse(row.details));
  return { ...row, details: parsed.success ? parsed.data : null };
}

const cannotUndo = (appointmentId: string, message: string): AppError =>
  new AppError('CONFLICT', message, { appointmentId });

/**
 * Undoes the last change of a visit (a move, a cancel or a status change)
 * made by the same person at this desk moments ago. The undo is a change of
 * its own: through the booking guard when it takes the old time back (so it is
 * refused, SLOT_TAKEN or ROOM_TAKEN, when someone took the time meanwhile),
 * audited as `appointment.undo` naming the person, and sent to the clinic hub
 * like a move. A care-team visit is undone as a whole, as it was changed.
 */
export function undoChange(ctx: CoreContext, input: UndoChangeInput): AppointmentDto {
  const v = parseInput(undoChangeInput, input);
  const { appointment, event } = inWriteTransaction(ctx.db, () => {
    const { appointment, versions } = undoWithin(ctx, v, ctx.clock.now());
    return { appointment, event: changedEvent('appointment.undo', versions) };
  });
  ctx.events.emit('appointments/changed', event);
  return appointment;
}

/** One undo inside the caller's write transaction (a series undoes several); the caller emits the change event after commit. */
export function undoWithin(ctx: CoreContext, v: { id: AppointmentId; expectedVersion: number }, now: EpochMs): ChangedVisits {
  const target = loadAppointment(ctx.db, v.id);
  if (target.version !== v.expectedVersion) throw versionConflict(target.id, v.expectedVersion, target.version);
  const change = lastChange(ctx.db, target.id);
  if (!change || !UNDOABLE.includes(change.action as AppointmentOperation) || !change.details) {
    throw cannotUndo(target.id, 'There is nothing to undo for this visit. Change it from its panel instead.');
  }
  if (change.actor !== ctx.actor.user || change.device !== ctx.actor.device) {
    throw cannotUndo(target.id, 'This change was made by someone else or at another desk, so it cannot be undone here. Change the visit from its panel instead.');
  }
  if (now - change.at > UNDO_ACCEPTED_MS) {
    throw cannotUndo(target.id, 'It is too late to undo this change. Change the visit from its panel instead.');
  }
  // A care-team visit changed as a whole (the same change at the same moment): undone as a whole.
  const members =
    target.teamId === null
      ? [{ a: target, change }]
      : loadTeam(ctx.db, target.teamId).flatMap((a) => {
          const c = a.id === target.id ? change : lastChange(ctx.db, a.id);
          return c && c.action === change.action && c.at === change.at && c.details ? [{ a, change: c }] : [];
        });
  const settings = getClinicSettings(ctx.db);
  const versions: Array<{ a: AppointmentDto; zone: string }> = [];
  let undone: AppointmentDto | null = null;
  for (const { a: member, change: c } of members) {
    const was = c.details!;
    if (was.version !== member.version) throw versionConflict(member.id, was.version, member.version);
    const back = restore(ctx, member, was.previous, now);
    updateAppointment(ctx.db, back.after, member.version);
    const isLead = member.teamId === null || member.teamId === member.id;
    // Reminders go out again for a visit that is ahead again (its lead only: the patient hears once).
    if (isLead && (back.after.status === 'booked' || back.after.status === 'confirmed')) {
      rearmReminders(ctx.db, back.after.id, back.after.startAt, settings.reminderOffsetsMin, now);
    }
    recordAppointmentChange(ctx, now, 'appointment.undo', back.after, {
      before: member,
      syncedAs: 'appointment.reschedule',
      extra: { undid: c.action, undidAt: c.at },
    });
    versions.push({ a: member, zone: locationZone(ctx.db, member.locationId) }, { a: back.after, zone: back.zone });
    if (member.id === target.id) undone = back.after;
  }
  return { appointment: undone!, versions };
}

/** Where the last change took the visit from: what an undo would put back (null when there is nothing to undo). */
export function undoTarget(db: ReadDb, appointmentId: string): { startAt: EpochMs } | null {
  const previous = lastChange(db, appointmentId)?.details?.previous;
  return previous ? { startAt: previous.startAt as EpochMs } : null;
}

/** The visit put back to its earlier place and status; the guard runs when it takes a time back. */
function restore(
  ctx: CoreContext,
  current: AppointmentDto,
  previous: z.infer<typeof previousState>,
  now: EpochMs,
): { after: AppointmentDto; zone: string } {
  const place = {
    providerId: previous.providerId as ProviderId,
    locationId: previous.locationId as LocationId,
    roomId: previous.roomId as RoomId | null,
    startAt: previous.startAt as EpochMs,
    endAt: previous.endAt as EpochMs,
  };
  const holdsTime = !RELEASED_STATUSES.includes(previous.status);
  const retakes =
    holdsTime &&
    (RELEASED_STATUSES.includes(current.status) ||
      place.providerId !== current.providerId ||
      place.locationId !== current.locationId ||
      place.roomId !== current.roomId ||
      place.startAt !== current.startAt ||
      place.endAt !== current.endAt);
  let busy = { busyStartAt: current.busyStartAt, busyEndAt: current.busyEndAt };
  let zone = locationZone(ctx.db, place.locationId);
  if (retakes) {
    const placed = placeVisit(ctx.db, {
      patientId: current.patientId,
      providerId: place.providerId,
      locationId: place.locationId,
      typeId: current.typeId,
      startAt: place.startAt,
      durationMin: (place.endAt - place.startAt) / 60_000,
      room: place.roomId === null ? { kind: 'none' } : { kind: 'exact', roomId: place.roomId },
      movingAppointmentId: current.id,
      restoring: true,
      now,
      bookingGraceMin: getClinicSettings(ctx.db).bookingGraceMin,
    });
    busy = { busyStartAt: placed.busyStartAt, busyEndAt: placed.busyEndAt };
    zone = placed.zone;
  }
  const after: AppointmentDto = {
    ...current,
    ...place,
    ...busy,
    status: previous.status,
    cancelReason: previous.status === 'cancelled' ? current.cancelReason : null,
    // Arrival times follow the status put back: an undone check-in has no arrival, an undone Done no end.
    ...(previous.status === 'checked_in' || previous.status === 'completed' ? {} : { arrivedAt: null, seatedAt: null }),
    ...(previous.status === 'completed' ? {} : { doneAt: null }),
    version: current.version + 1,
    updatedAt: now,
  };
  return { after, zone };
}

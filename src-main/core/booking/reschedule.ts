import type { z } from 'zod';
import type { AppointmentDto } from '@shared/domain/booking';
import { rescheduleInput, type RescheduleInput } from '@shared/schemas/booking';
import { getClinicSettings } from '../clinic/settings';
import type { CoreContext } from '../context';
import { inWriteTransaction } from '../db/transaction';
import { rearmReminders } from '../reminders/schedule';
import { parseInput } from '../validation';
import { loadAppointment, loadTeam, updateAppointment } from './appointment-store';
import { invalidTransition, versionConflict } from './errors';
import { placeVisit, type RoomRequest } from './guard';
import { locationZone } from './location-zone';
import { changedEvent, recordAppointmentChange } from './record';
import type { ChangedVisits } from './status-changes';
import { RESCHEDULABLE } from './transitions';

/**
 * Moves a visit to a new time and optionally another provider, location or
 * room. Atomic: the guard sees the visit's old time as its own, and the old
 * time is released only by the same commit that takes the new one; on any
 * error the visit stays where it was. A confirmed visit goes back to booked
 * (the patient confirmed the old time), and its reminders are re-armed.
 *
 * A care-team visit moves as a whole: every live appointment of the team goes
 * to the new time (and location), each through the guard for its provider;
 * a new provider or room applies to the appointment asked for, the room stays
 * with the team's lead.
 */
export function reschedule(ctx: CoreContext, input: RescheduleInput): AppointmentDto {
  const v = parseInput(rescheduleInput, input);
  const { appointment, event } = inWriteTransaction(ctx.db, () => {
    const { appointment, versions } = rescheduleWithin(ctx, v, ctx.clock.now());
    return { appointment, event: changedEvent('appointment.reschedule', versions) };
  });
  ctx.events.emit('appointments/changed', event);
  return appointment;
}

/** A move as its schema parsed it. */
export type RescheduleParsed = z.output<typeof rescheduleInput>;

/** One move inside the caller's write transaction (a series moves several); the caller emits the change event after commit. */
export function rescheduleWithin(ctx: CoreContext, v: RescheduleParsed, now: number): ChangedVisits {
  const before = loadAppointment(ctx.db, v.id);
  if (v.expectedVersion !== undefined && v.expectedVersion !== before.version) {
    throw versionConflict(before.id, v.expectedVersion, before.version);
  }
  if (!RESCHEDULABLE.includes(before.status)) {
    throw invalidTransition(before.id, before.status, 'move');
  }
  const settings = getClinicSettings(ctx.db);
  const locationId = v.locationId ?? before.locationId;
  const group =
    before.teamId === null
      ? [before]
      : loadTeam(ctx.db, before.teamId).filter((m) => m.id === before.id || RESCHEDULABLE.includes(m.status));
  const versions: Array<{ a: AppointmentDto; zone: string }> = [];
  let moved: AppointmentDto | null = null;
  for (const member of group) {
    const isLead = member.teamId === null || member.teamId === member.id;
    const room: RoomRequest = !isLead
      ? { kind: 'none' }
      : v.roomId === undefined
        ? member.roomId !== null && locationId === member.locationId
          ? { kind: 'prefer', roomId: member.roomId }
          : { kind: 'auto' }
        : v.roomId === null
          ? { kind: 'auto' }
          : { kind: 'exact', roomId: v.roomId };
    const providerId = member.id === before.id ? (v.providerId ?? member.providerId) : member.providerId;
    const placed = placeVisit(ctx.db, {
      patientId: member.patientId,
      providerId,
      locationId,
      typeId: member.typeId,
      startAt: v.startAt,
      durationMin: v.durationMin ?? (member.endAt - member.startAt) / 60_000,
      room,
      ...(v.override ? { override: v.override } : {}),
      movingAppointmentId: member.id,
      now,
      bookingGraceMin: settings.bookingGraceMin,
    });
    const after: AppointmentDto = {
      ...member,
      providerId,
      locationId,
      roomId: placed.roomId,
      startAt: placed.startAt,
      endAt: placed.endAt,
      busyStartAt: placed.busyStartAt,
      busyEndAt: placed.busyEndAt,
      status: 'booked',
      version: member.version + 1,
      updatedAt: now,
    };
    updateAppointment(ctx.db, after, member.version);
    // Only the lead of a team holds reminders: the patient comes once.
    if (isLead) rearmReminders(ctx.db, after.id, after.startAt, settings.reminderOffsetsMin, now);
    recordAppointmentChange(ctx, now, 'appointment.reschedule', after, {
      before: member,
      ...(v.override ? { override: { reason: v.override.reason, rules: placed.overridden } } : {}),
    });
    versions.push({ a: member, zone: locationZone(ctx.db, member.locationId) }, { a: after, zone: placed.zone });
    if (member.id === before.id) moved = after;
  }
  return { appointment: moved!, versions };
}

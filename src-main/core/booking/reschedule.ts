import type { AppointmentDto } from '../../../src-shared/domain/booking';
import { rescheduleInput, type RescheduleInput } from '../../../src-shared/schemas/booking';
import { getClinicSettings } from '../clinic/settings';
import type { CoreContext } from '../context';
import { inWriteTransaction } from '../db/transaction';
import { coreEvents } from '../events';
import { rearmReminders } from '../reminders/schedule';
import { parseInput } from '../validation';
import { loadAppointment, updateAppointment } from './appointment-store';
import { invalidTransition, versionConflict } from './errors';
import { placeVisit, type RoomRequest } from './guard';
import { locationZone } from './location-zone';
import { changedEvent, recordAppointmentChange } from './record';
import { RESCHEDULABLE } from './transitions';

/**
 * Moves a visit to a new time and optionally another provider, location or
 * room. Atomic: the guard sees the visit's old time as its own, and the old
 * time is released only by the same commit that takes the new one; on any
 * error the visit stays where it was. A confirmed visit goes back to booked
 * (the patient confirmed the old time), and its reminders are re-armed.
 */
export function reschedule(ctx: CoreContext, input: RescheduleInput): AppointmentDto {
  const v = parseInput(rescheduleInput, input);
  const { appointment, event } = inWriteTransaction(ctx.db, () => {
    const now = ctx.clock.now();
    const before = loadAppointment(ctx.db, v.id);
    if (v.expectedVersion !== undefined && v.expectedVersion !== before.version) {
      throw versionConflict(before.id, v.expectedVersion, before.version);
    }
    if (!RESCHEDULABLE.includes(before.status)) {
      throw invalidTransition(before.id, before.status, 'move');
    }
    const settings = getClinicSettings(ctx.db);
    const providerId = v.providerId ?? before.providerId;
    const locationId = v.locationId ?? before.locationId;
    const room: RoomRequest =
      v.roomId === undefined
        ? before.roomId !== null && locationId === before.locationId
          ? { kind: 'prefer', roomId: before.roomId }
          : { kind: 'auto' }
        : v.roomId === null
          ? { kind: 'auto' }
          : { kind: 'exact', roomId: v.roomId };
    const placed = placeVisit(ctx.db, {
      patientId: before.patientId,
      providerId,
      locationId,
      typeId: before.typeId,
      startAt: v.startAt,
      durationMin: v.durationMin ?? (before.endAt - before.startAt) / 60_000,
      room,
      ...(v.override ? { override: v.override } : {}),
      movingAppointmentId: before.id,
      now,
      bookingGraceMin: settings.bookingGraceMin,
    });
    const after: AppointmentDto = {
      ...before,
      providerId,
      locationId,
      roomId: placed.roomId,
      startAt: placed.startAt,
      endAt: placed.endAt,
      busyStartAt: placed.busyStartAt,
      busyEndAt: placed.busyEndAt,
      status: 'booked',
      version: before.version + 1,
      updatedAt: now,
    };
    updateAppointment(ctx.db, after, before.version);
    rearmReminders(ctx.db, after.id, after.startAt, settings.reminderOffsetsMin, now);
    recordAppointmentChange(ctx, now, 'appointment.reschedule', after, {
      before,
      ...(v.override ? { override: { reason: v.override.reason, rules: placed.overridden } } : {}),
    });
    const event = changedEvent('appointment.reschedule', [
      { a: before, zone: locationZone(ctx.db, before.locationId) },
      { a: after, zone: placed.zone },
    ]);
    return { appointment: after, event };
  });
  coreEvents.emit('appointments/changed', event);
  return appointment;
}

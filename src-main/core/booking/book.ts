import type { z } from 'zod';
import type { AppointmentDto } from '@shared/domain/booking';
import type { AppointmentId } from '@shared/domain/ids';
import { bookInput, type BookInput } from '@shared/schemas/booking';
import type { ClinicSettings } from '@shared/domain/clinic';
import { getClinicSettings } from '../clinic/settings';
import type { CoreContext } from '../context';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { armReminders } from '../reminders/schedule';
import { parseInput } from '../validation';
import { bookedAppointment, insertAppointment } from './appointment-store';
import { placeVisit } from './guard';
import { changedEvent, recordAppointmentChange } from './record';

/** A booking request as its schema parsed it. */
export type BookParsed = z.output<typeof bookInput>;

/**
 * Books a visit. Guard, appointment row, reminders, audit row and outbox row
 * commit together in one IMMEDIATE transaction, or nothing is written.
 */
export function book(ctx: CoreContext, input: BookInput): AppointmentDto {
  const v = parseInput(bookInput, input);
  const { appointment, event } = inWriteTransaction(ctx.db, () => {
    const { appointment, zone } = bookWithin(ctx, v, ctx.clock.now(), getClinicSettings(ctx.db));
    return { appointment, event: changedEvent('appointment.book', [{ a: appointment, zone }]) };
  });
  ctx.events.emit('appointments/changed', event);
  return appointment;
}

/**
 * One booking inside the caller's write transaction: guard, appointment row,
 * reminders, audit row and outbox row. Callers that book several visits in
 * one transaction (a series, a booking from the waitlist) use it and emit one
 * change event after their commit.
 */
export function bookWithin(
  ctx: CoreContext,
  v: BookParsed,
  now: number,
  settings: ClinicSettings,
): { appointment: AppointmentDto; zone: string } {
  const placed = placeVisit(ctx.db, {
    patientId: v.patientId,
    providerId: v.providerId,
    locationId: v.locationId,
    typeId: v.typeId,
    startAt: v.startAt,
    ...(v.durationMin !== undefined ? { durationMin: v.durationMin } : {}),
    room: v.roomId === undefined ? { kind: 'auto' } : { kind: 'exact', roomId: v.roomId },
    ...(v.override ? { override: v.override } : {}),
    now,
    bookingGraceMin: settings.bookingGraceMin,
  });
  const appointment = bookedAppointment(
    {
      id: newId<AppointmentId>(),
      patientId: v.patientId,
      providerId: v.providerId,
      locationId: v.locationId,
      typeId: v.typeId,
      note: v.note,
      teamId: null,
      roomId: placed.roomId,
      startAt: placed.startAt,
      endAt: placed.endAt,
      busyStartAt: placed.busyStartAt,
      busyEndAt: placed.busyEndAt,
    },
    now,
  );
  insertAppointment(ctx.db, appointment);
  armReminders(ctx.db, appointment.id, appointment.startAt, settings.reminderOffsetsMin, now);
  recordAppointmentChange(ctx, now, 'appointment.book', appointment, {
    ...(v.override ? { override: { reason: v.override.reason, rules: placed.overridden } } : {}),
  });
  return { appointment, zone: placed.zone };
}

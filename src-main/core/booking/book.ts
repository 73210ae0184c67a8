import type { z } from 'zod';
import type { AppointmentDto } from '@shared/domain/booking';
import type { AppointmentId, ProviderId, RoomId } from '@shared/domain/ids';
import { bookInput, type BookInput } from '@shared/schemas/booking';
import type { ClinicSettings } from '@shared/domain/clinic';
import { getClinicSettings } from '../clinic/settings';
import type { CoreContext } from '../context';
import { inWriteTransaction } from '../db/transaction';
import { newId } from '../ids';
import { armReminders } from '../reminders/schedule';
import { parseInput } from '../validation';
import { bookedAppointment, insertAppointment } from './appointment-store';
import { placeVisit, type Placement, type RoomRequest } from './guard';
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
  const placed = placeRequested(ctx, v, v.providerId, roomAsked(v.roomId), now, settings);
  const appointment = writeBooked(ctx, v, placed, { id: newId<AppointmentId>(), providerId: v.providerId, teamId: null }, now, settings.reminderOffsetsMin);
  return { appointment, zone: placed.zone };
}

/** What a booking asks of every visit it makes, whether for one provider or a care team. */
type VisitRequest = Pick<BookParsed, 'patientId' | 'locationId' | 'typeId' | 'startAt' | 'durationMin' | 'override' | 'note'>;

/** The room a booking names, or any free room that suits its type. */
export const roomAsked = (roomId: RoomId | undefined): RoomRequest => (roomId === undefined ? { kind: 'auto' } : { kind: 'exact', roomId });

/** The guard's placement of the requested visit for one provider (refused with a typed error). */
export function placeRequested(ctx: CoreContext, v: VisitRequest, providerId: ProviderId, room: RoomRequest, now: number, settings: ClinicSettings): Placement {
  return placeVisit(ctx.db, {
    patientId: v.patientId,
    providerId,
    locationId: v.locationId,
    typeId: v.typeId,
    startAt: v.startAt,
    ...(v.durationMin !== undefined ? { durationMin: v.durationMin } : {}),
    room,
    ...(v.override ? { override: v.override } : {}),
    now,
    bookingGraceMin: settings.bookingGraceMin,
  });
}

/**
 * Writes a placed visit: its appointment row, its reminders (unless `reminderOffsetsMin`
 * is null: a care team's other visits are heard of through the lead's), its audit and outbox rows.
 */
export function writeBooked(
  ctx: CoreContext,
  v: VisitRequest,
  placed: Placement,
  visit: { id: AppointmentId; providerId: ProviderId; teamId: AppointmentId | null },
  now: number,
  reminderOffsetsMin: readonly number[] | null,
): AppointmentDto {
  const appointment = bookedAppointment(
    {
      ...visit,
      patientId: v.patientId,
      locationId: v.locationId,
      typeId: v.typeId,
      note: v.note,
      roomId: placed.roomId,
      startAt: placed.startAt,
      endAt: placed.endAt,
      busyStartAt: placed.busyStartAt,
      busyEndAt: placed.busyEndAt,
    },
    now,
  );
  insertAppointment(ctx.db, appointment);
  if (reminderOffsetsMin) armReminders(ctx.db, appointment.id, appointment.startAt, reminderOffsetsMin, now);
  recordAppointmentChange(ctx, now, 'appointment.book', appointment, {
    ...(v.override ? { override: { reason: v.override.reason, rules: placed.overridden } } : {}),
  });
  return appointment;
}

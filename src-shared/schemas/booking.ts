import { z } from 'zod';
import type { AppointmentId, PatientId } from '../domain/ids';
import { appointmentTypeId, durationMin, locationId, providerId, roomId } from './clinic';
import { epochMs, expectedVersion, idOf, localDate, optionalText, text } from './fields';

/**
 * Input schemas of the booking service, shared with the IPC contract.
 * Main parses every input with these before the service sees it.
 */

export const appointmentId = idOf<AppointmentId>('appointment');
export const patientId = idOf<PatientId>('patient');

/**
 * Books even though the time is outside the provider's hours or blocked.
 * The reason is kept in the audit trail. It never overrides a double booking
 * or a time in the past.
 */
const override = z.strictObject({
  reason: text('reason', { missing: 'Say why this booking is an exception.' })
    .trim()
    .min(3, 'Say why this booking is an exception (at least 3 characters).')
    .max(500, 'The reason is too long (at most 500 characters).'),
});

export const bookInput = z.strictObject({
  patientId,
  providerId,
  locationId,
  typeId: appointmentTypeId,
  startAt: epochMs('start time'),
  /** Omitted = the type's duration. */
  durationMin: durationMin.optional(),
  /** Omitted = no room, or for types that need one the first free suitable room. */
  roomId: roomId.optional(),
  note: optionalText('note', 2000, { multiline: true }).default(''),
  override: override.optional(),
});

/** Most providers one care-team visit can bring together. */
const MAX_TEAM_SIZE = 20;

/**
 * Books one visit of a patient with a care team: every provider at the same
 * time, all or none. The first provider leads: the visit's room and its
 * reminders go with the lead's appointment.
 */
export const bookTeamInput = bookInput
  .omit({ providerId: true })
  .extend({
    providerIds: z
      .array(providerId)
      .min(2, 'A care team has at least two providers.')
      .max(MAX_TEAM_SIZE, `A care team has at most ${MAX_TEAM_SIZE} providers.`)
      .refine((ids) => new Set(ids).size === ids.length, 'Each provider can be in the care team only once.'),
  });

/**
 * Moves a visit; it keeps its type and patient. Fields left out keep their
 * current value (duration: the visit's current length). `roomId: null` asks
 * for no particular room: the first free suitable one when the type needs a
 * room, otherwise none. Omitted on a type that needs a room, the current room
 * is kept when it is free at the new time and another free one is chosen otherwise.
 */
export const rescheduleInput = z.strictObject({
  id: appointmentId,
  startAt: epochMs('new start time'),
  providerId: providerId.optional(),
  locationId: locationId.optional(),
  roomId: roomId.nullable().optional(),
  durationMin: durationMin.optional(),
  override: override.optional(),
  expectedVersion,
});

export const cancelInput = z.strictObject({
  id: appointmentId,
  reason: text('reason', { missing: 'Give a reason for the cancellation.' })
    .trim()
    .min(1, 'Give a reason for the cancellation.')
    .max(500, 'The reason is too long (at most 500 characters).'),
  expectedVersion,
});

/** confirm, checkIn, complete, markNoShow. */
export const statusChangeInput = z.strictObject({ id: appointmentId, expectedVersion });

/** How long the message after a move, cancel or status change offers to undo it. */
export const UNDO_OFFERED_MS = 10_000;

/**
 * Undoes the visit's last change (made by the same person at this desk moments
 * ago); `expectedVersion` is the version that change produced.
 */
export const undoChangeInput = z.strictObject({ id: appointmentId, expectedVersion: z.number().int().min(1) });

export const getAppointmentInput = z.strictObject({ id: appointmentId });

/** One day at one location, in the location's zone; optionally some providers only. */
export const listForDayInput = z.strictObject({
  locationId,
  date: localDate('day'),
  providerIds: z.array(providerId).max(200).optional(),
  includeCancelled: z.boolean().default(false),
});

export type BookInput = z.input<typeof bookInput>;
export type BookTeamInput = z.input<typeof bookTeamInput>;
export type RescheduleInput = z.input<typeof rescheduleInput>;
export type CancelInput = z.input<typeof cancelInput>;
export type StatusChangeInput = z.input<typeof statusChangeInput>;
export type UndoChangeInput = z.input<typeof undoChangeInput>;
export type GetAppointmentInput = z.input<typeof getAppointmentInput>;
export type ListForDayInput = z.input<typeof listForDayInput>;

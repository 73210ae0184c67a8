import { AppError } from '@shared/domain/errors';
import type { AppointmentStatus } from '@shared/domain/booking';
import type { ClashCause } from '@shared/domain/clash';

/** What a clash refusal says: the sentence naming the rule and the visit in the way, and that cause for the UI. */
export interface ClashWords {
  sentence: string;
  cause: ClashCause;
}

/**
 * The booking service's errors. Messages are for the receptionist at the
 * desk; details carry ids and times only, never a patient's name.
 */

export const appointmentNotFound = (id: string): AppError =>
  new AppError('NOT_FOUND', 'This appointment no longer exists. Refresh the calendar and try again.', {
    entity: 'appointment',
    id,
  });

export const patientNotFound = (id: string): AppError =>
  new AppError('NOT_FOUND', 'This patient record no longer exists. Search for the patient again.', {
    entity: 'patient',
    id,
  });

export const versionConflict = (id: string, expected: number, current: number): AppError =>
  new AppError(
    'CONFLICT',
    'Someone else changed this appointment a moment ago. Nothing was saved; look at the latest version and try again.',
    { appointmentId: id, expectedVersion: expected, currentVersion: current },
  );

export const slotTaken = (providerId: string, conflictingAppointmentId: string, clash?: ClashWords): AppError =>
  new AppError('SLOT_TAKEN', `${clash?.sentence ?? 'The provider already has a visit at this time.'} Choose another time.`, {
    providerId,
    conflictingAppointmentId,
    ...(clash ? { cause: clash.cause } : {}),
  });

export const roomTaken = (roomId: string, conflictingAppointmentId: string, clash?: ClashWords): AppError =>
  new AppError('ROOM_TAKEN', `${clash?.sentence ?? 'This room is already in use at this time.'} Choose another room or time.`, {
    roomId,
    conflictingAppointmentId,
    ...(clash ? { cause: clash.cause } : {}),
  });

export const noRoomFree = (locationId: string, typeId: string, candidateRoomIds: string[]): AppError =>
  new AppError(
    'ROOM_TAKEN',
    candidateRoomIds.length === 0
      ? 'No room at this location is set up for this appointment type. Choose another location or ask a manager to set up a room.'
      : 'Every room suitable for this appointment type is in use at this time. Choose another time.',
    { locationId, typeId, candidateRoomIds },
  );

// The desk offers no way to book outside hours or over a block (only other callers may pass an
// override with a reason), so these messages advise only what the desk can do: another time.
export const outsideHours = (providerId: string, locationId: string, startAt: number, endAt: number, sentence?: string): AppError =>
  new AppError(
    'OUTSIDE_HOURS',
    `${sentence ?? "This time is outside the provider's opening hours at this location."} Choose another time.`,
    { providerId, locationId, startAt, endAt },
  );

export const blocked = (
  details: { blockoutId?: string; externalBusyId?: string; providerId?: string; roomId?: string },
  sentence?: string,
): AppError =>
  new AppError(
    'BLOCKED',
    details.roomId !== undefined
      ? `${sentence ?? 'This room is blocked at this time.'} Choose another room or time.`
      : `${sentence ?? 'The provider is blocked at this time.'} Choose another time.`,
    details,
  );

export const inPast = (startAt: number, earliestAllowedAt: number): AppError =>
  new AppError('IN_PAST', 'This time has already passed. Choose a time from now on.', { startAt, earliestAllowedAt });

export const typeNotBookable = (typeId: string): AppError =>
  new AppError('VALIDATION', 'This appointment type is no longer offered. Choose another type.', { typeId });

export const providerNotBookable = (providerId: string): AppError =>
  new AppError('VALIDATION', 'This provider is not taking bookings. Choose another provider.', { providerId });

export const providerCannotPerform = (providerId: string, typeId: string): AppError =>
  new AppError('VALIDATION', 'This provider does not perform this appointment type. Choose another provider or type.', {
    providerId,
    typeId,
  });

export const roomUnsuitable = (
  roomId: string,
  why: 'other_location' | 'inactive' | 'not_for_type',
): AppError =>
  new AppError(
    'VALIDATION',
    why === 'other_location'
      ? 'This room is at another location. Choose a room at the visit\u2019s location.'
      : why === 'inactive'
        ? 'This room is out of use. Choose another room.'
        : 'This room is not set up for this appointment type. Choose another room.',
    { roomId, reason: why },
  );

const STATUS_WORDS: Record<AppointmentStatus, string> = {
  booked: 'booked',
  confirmed: 'confirmed',
  checked_in: 'checked in',
  completed: 'completed',
  cancelled: 'cancelled',
  no_show: 'marked as a no-show',
};

export const invalidTransition = (
  id: string,
  from: AppointmentStatus,
  action: string,
  message = `You can't ${action} an appointment that is ${STATUS_WORDS[from]}.`,
): AppError => new AppError('INVALID_TRANSITION', message, { appointmentId: id, status: from, action });

import { useSyncExternalStore } from 'react';
import type { AppointmentStatus } from '@shared/domain/booking';
import type { GridVisitDto } from '@shared/domain/calendar';
import { bookingAction, subscribeBookingActions, type AddToWaitlistArgs, type BookingActions } from '../../stores/booking-bridge';
import type { StatusAction } from './grid-store';

/** What the desk can do next with a visit: shared by the appointment panel and the card menu. */

export interface StatusChoice {
  action: StatusAction;
  label: string;
  to: AppointmentStatus;
  from: AppointmentStatus[];
}

const STATUS_CHOICES: StatusChoice[] = [
  { action: 'confirm', label: 'Confirm', to: 'confirmed', from: ['booked'] },
  { action: 'check-in', label: 'Check in', to: 'checked_in', from: ['booked', 'confirmed'] },
  { action: 'complete', label: 'Complete', to: 'completed', from: ['checked_in'] },
  { action: 'mark-no-show', label: 'No-show', to: 'no_show', from: ['booked', 'confirmed'] },
];

/** Visits that can still be moved or cancelled: the patient has not arrived and the visit is not over. */
export const MOVABLE: readonly AppointmentStatus[] = ['booked', 'confirmed'];

/** The status changes open to a visit now; a no-show only once its start time has passed (main refuses it before). */
export function statusChoices(visit: { status: AppointmentStatus; startAt: number }, now: number): StatusChoice[] {
  return STATUS_CHOICES.filter((c) => c.from.includes(visit.status) && (c.action !== 'mark-no-show' || now >= visit.startAt));
}

/** Whether the booking feature has registered an action (re-renders when it does). */
export function useBookingAction(name: keyof BookingActions): boolean {
  return useSyncExternalStore(subscribeBookingActions, () => bookingAction(name) !== undefined);
}

/** "Waitlist for earlier": the patient of a booked visit asks to come sooner if a time opens (same type and provider). */
export function earlierThan(visit: GridVisitDto): AddToWaitlistArgs {
  return {
    patient: { id: visit.patientId, name: `${visit.patientGivenName} ${visit.patientFamilyName}` },
    earlierThan: { typeId: visit.typeId, providerId: visit.providerId, locationId: visit.locationId, startAt: visit.startAt },
  };
}

import { createStore } from 'zustand';
import type { AppointmentId, AppointmentTypeId, EpochMs, LocationId, PatientId, ProviderId } from '@shared/domain/ids';

/**
 * The grid and the patient panel hand booking work to the booking feature
 * through these actions, so no feature imports another's internals (and the
 * booking feature, which opens the patient panel after a booking, forms no
 * cycle with it). The booking feature registers its actions once at start;
 * until then screens say booking is not available here rather than failing silently.
 */
interface StartBookingArgs {
  providerId: ProviderId;
  start: EpochMs;
  locationId?: LocationId;
}

/** A patient a booking is for, as the patient panel knows them. */
interface BookingPatient {
  id: PatientId;
  name: string;
  dateOfBirth: string;
}

/** "Book again": a new visit like this one (same patient, type, provider and location) at a time still to choose. */
export interface BookAgainArgs {
  patientId: PatientId;
  typeId: AppointmentTypeId;
  providerId: ProviderId;
  locationId: LocationId;
}

/** "Add to waitlist" for a patient; from a visit they would rather have earlier, its type, provider and time. */
export interface AddToWaitlistArgs {
  patient: { id: PatientId; name: string };
  earlierThan?: { typeId: AppointmentTypeId; providerId: ProviderId; locationId: LocationId; startAt: EpochMs };
}

export interface BookingActions {
  startBooking(args: StartBookingArgs): void;
  /** "Find next available" for this patient. */
  findNextFor(patient: BookingPatient): void;
  /** For a visit of a series, `following` opens on "this and the following". */
  openReschedule(appointmentId: AppointmentId, scope?: 'this' | 'following'): void;
  openCancel(appointmentId: AppointmentId, scope?: 'this' | 'following'): void;
  bookAgain(args: BookAgainArgs): void;
  /** Shows the slot engine's explanation of why this time cannot be booked. */
  explainWhyNot(args: StartBookingArgs): void;
  /** Opens the waitlist's entry form, prefilled (registered by the waitlist feature). */
  addToWaitlist(args: AddToWaitlistArgs): void;
}

/** What the booking feature has registered; screens subscribe to show or hide their buttons. */
const registered = createStore<Partial<BookingActions>>()(() => ({}));

export function registerBookingActions(actions: Partial<BookingActions>): () => void {
  registered.setState(actions);
  return () => {
    const left = { ...registered.getState() };
    for (const k of Object.keys(actions) as Array<keyof BookingActions>) {
      if (left[k] === actions[k]) delete left[k];
    }
    registered.setState(left, true);
  };
}

export function bookingAction<K extends keyof BookingActions>(name: K): BookingActions[K] | undefined {
  return registered.getState()[name];
}

/** For components that show or hide a button depending on what is registered. */
export function subscribeBookingActions(listener: () => void): () => void {
  return registered.subscribe(listener);
}

/** A visit the booking feature has just booked: the grid puts keyboard focus on its card. */
const bookedListeners = new Set<(id: AppointmentId) => void>();

export function reportBooked(id: AppointmentId): void {
  for (const l of bookedListeners) l(id);
}

export function onBooked(listener: (id: AppointmentId) => void): () => void {
  bookedListeners.add(listener);
  return () => bookedListeners.delete(listener);
}

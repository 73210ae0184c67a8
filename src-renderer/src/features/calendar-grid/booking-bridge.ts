import type { AppointmentId, EpochMs, LocationId, ProviderId } from '../../../../src-shared/domain/ids';

/**
 * The grid hands booking work to the booking feature (features/booking) through
 * these actions, so neither feature imports the other's internals. The booking
 * feature (or App.tsx) registers its store's actions once at start; until then
 * the grid says booking is not available here rather than failing silently.
 */
export interface StartBookingArgs {
  providerId: ProviderId;
  start: EpochMs;
  locationId?: LocationId;
}

export interface BookingActions {
  startBooking(args: StartBookingArgs): void;
  openReschedule(appointmentId: AppointmentId): void;
  openCancel(appointmentId: AppointmentId): void;
  /** Shows the slot engine's explanation of why this time cannot be booked. */
  explainWhyNot(args: StartBookingArgs): void;
}

let registered: Partial<BookingActions> = {};
const listeners = new Set<() => void>();

export function registerBookingActions(actions: Partial<BookingActions>): () => void {
  registered = { ...registered, ...actions };
  for (const l of listeners) l();
  return () => {
    for (const k of Object.keys(actions) as Array<keyof BookingActions>) {
      if (registered[k] === actions[k]) delete registered[k];
    }
    for (const l of listeners) l();
  };
}

export function bookingAction<K extends keyof BookingActions>(name: K): BookingActions[K] | undefined {
  return registered[name];
}

/** For components that show or hide a button depending on what is registered. */
export function subscribeBookingActions(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Which screens have a booking dialog open. An update waits while anyone is
 * booking (the renderer reports it through `app/set-booking-open`); a screen
 * that goes away (window closed, socket dropped) stops counting.
 */
export interface BookingActivity {
  set(callerId: string, open: boolean): void;
  forget(callerId: string): void;
  isAnyoneBooking(): boolean;
}

export function createBookingActivity(): BookingActivity {
  const open = new Set<string>();
  return {
    set: (callerId, isOpen) => void (isOpen ? open.add(callerId) : open.delete(callerId)),
    forget: (callerId) => void open.delete(callerId),
    isAnyoneBooking: () => open.size > 0,
  };
}

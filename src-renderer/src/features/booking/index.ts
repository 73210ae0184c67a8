/** The booking feature: what other features and App.tsx may use. */
export { BookingDialogs, NewBookingButton } from './BookingDialogs';

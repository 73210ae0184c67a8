import * as booking from '../../core/booking';
import { listAppointmentsInRange } from '../../core/clinic';
import type { AppHandlers } from './context';

/** The booking service: every change runs its guard in one write transaction, then pushes `appointments/changed`. */
export const appointmentHandlers: AppHandlers<'appointments'> = {
  'appointments/list-in-range': (input, { services }) => listAppointmentsInRange(services.core().db, input),
  'appointments/list-for-day': (input, { services }) => booking.listForDay(services.core().db, input),
  'appointments/get': (input, { services }) => booking.getAppointment(services.core().db, input),
  'appointments/book': (input, { services }) => booking.book(services.core(), input),
  'appointments/book-team': (input, { services }) => booking.bookTeam(services.core(), input),
  'appointments/reschedule': (input, { services }) => booking.reschedule(services.core(), input),
  'appointments/cancel': (input, { services }) => booking.cancel(services.core(), input),
  'appointments/confirm': (input, { services }) => booking.confirm(services.core(), input),
  'appointments/check-in': (input, { services }) => booking.checkIn(services.core(), input),
  'appointments/complete': (input, { services }) => booking.complete(services.core(), input),
  'appointments/mark-no-show': (input, { services }) => booking.markNoShow(services.core(), input),
};

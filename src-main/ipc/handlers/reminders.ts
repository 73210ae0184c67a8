import { listRemindersForAppointment, listRemindersForDay } from '../../core/reminders/queries';
import type { AppHandlers } from './context';

/** Reminder status: per visit (appointment panel) and per day (reminders list). */
export const reminderHandlers: AppHandlers<'reminders'> = {
  'reminders/list-for-appointment': ({ appointmentId }, { services }) =>
    listRemindersForAppointment(services.core().db, appointmentId),
  'reminders/list-for-day': (input, { services }) => listRemindersForDay(services.core().db, input),
};

import { auditScheduleView } from '../../core/audit';
import {
  getReminderDeliverySettings,
  previewReminder,
  updateReminderDeliverySettings,
} from '../../core/reminders/delivery-settings';
import { listRemindersForAppointment, listRemindersForDay } from '../../core/reminders/queries';
import { resendReminder } from '../../core/reminders/state';
import type { AppHandlers } from './context';

/** Reminder status (appointment panel, day list), resend, and the clinic's delivery settings. */
export const reminderHandlers: AppHandlers<'reminders'> = {
  'reminders/list-for-appointment': ({ appointmentId }, { services }) =>
    listRemindersForAppointment(services.core().db, appointmentId),
  'reminders/list-for-day': (input, { services }) => {
    const ctx = services.core();
    const list = listRemindersForDay(ctx.db, input);
    auditScheduleView(ctx, { view: 'reminders', locationId: input.locationId ?? null, date: input.date });
    return list;
  },
  'reminders/resend': (input, { services }) => {
    const reminder = resendReminder(services.core(), input);
    services.events.emit('reminders/changed', { appointmentIds: [reminder.appointmentId] });
    services.reminders?.kick();
    return reminder;
  },
  'reminders/get-delivery-settings': (_input, { services }) => getReminderDeliverySettings(services.core().db),
  'reminders/update-delivery-settings': (input, { services }) => {
    const settings = updateReminderDeliverySettings(services.core(), input);
    services.reminders?.kick();
    return settings;
  },
  'reminders/preview-template': (input, { services }) => previewReminder(services.core(), input),
};

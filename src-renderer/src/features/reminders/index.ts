/** Reminders: a visit's and a day's reminder status, and the delivery settings. */
export { ReminderList } from './ReminderList';
export { RemindersDayList } from './RemindersDayList';
export { ReminderSettings } from './ReminderSettings';
export { appointmentReminders } from './reminders-store';
export { formatOffset, parseOffsets } from './reminder-offsets';

import { invoke, liveQuery } from '../../api';
import { notifyError } from '../../stores/notices';

/**
 * Reminder status for the desk: one visit's reminders (the appointment panel)
 * and one day's (the reminders list), each a live query that follows
 * `reminders/changed`.
 */
export const appointmentReminders = liveQuery('reminders/list-for-appointment', {
  refreshOn: { 'reminders/changed': (e, input) => e.appointmentIds.some((id) => id === input.appointmentId) },
  onError: notifyError,
});

export const dayReminders = liveQuery('reminders/list-for-day', { refreshOn: { 'reminders/changed': true }, onError: notifyError });

/** Sends a failed or skipped reminder again; main pushes `reminders/changed`, which re-reads the lists. */
export async function resendReminder(reminderId: string): Promise<boolean> {
  const r = await invoke('reminders/resend', { reminderId });
  if (!r.ok) notifyError(r.error);
  return r.ok;
}

import { useState } from 'react';
import type { ReminderDto, ReminderState } from '@shared/domain/calendar';
import { useTimeFormatter } from '../../stores/clinic-setup';
import { resendReminder } from './reminders-store';

export const REMINDER_STATE_LABEL: Record<ReminderState, string> = {
  scheduled: 'Scheduled',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
};

/** "24 h before", "1 h before", "30 min before" */
export function offsetLabel(offsetMin: number): string {
  if (offsetMin % 1440 === 0) return offsetMin === 1440 ? 'Day before' : `${offsetMin / 1440} days before`;
  if (offsetMin % 60 === 0) return `${offsetMin / 60} h before`;
  return `${offsetMin} min before`;
}

/** A failed or skipped reminder of a visit still going ahead can be sent again (main refuses a visit that has started). */
export function canResend(r: Pick<ReminderDto, 'state'>, appointmentStatus?: string): boolean {
  return (r.state === 'failed' || r.state === 'skipped') && (appointmentStatus === undefined || appointmentStatus === 'booked' || appointmentStatus === 'confirmed');
}

/** Why it failed, was skipped, or is being retried, in the desk's words. */
export function ReminderReason({ r }: { r: ReminderDto }) {
  const text = r.state === 'skipped' ? r.skipReason : r.failureReason ? (r.state === 'failed' ? r.failureReason : `Retrying: ${r.failureReason}`) : null;
  if (!text) return null;
  return <span className={`rm-list__reason${r.state === 'failed' ? '' : ' rm-list__reason--quiet'}`}>{text}</span>;
}

export function ResendButton({ reminderId, label }: { reminderId: string; label?: string }) {
  const [busy, setBusy] = useState(false);
  return (
    <button
      type="button"
      className="button button--small rm-resend"
      disabled={busy}
      aria-label={label ?? 'Send this reminder again'}
      onClick={() => {
        setBusy(true);
        void resendReminder(reminderId).finally(() => setBusy(false));
      }}
    >
      {busy ? 'Sending…' : 'Resend'}
    </button>
  );
}

/** The reminders of one visit, with when each is (was) due and why one failed. */
export function ReminderList({ reminders, zone, appointmentStatus }: { reminders: ReminderDto[] | undefined; zone: string; appointmentStatus?: string }) {
  const tf = useTimeFormatter();
  if (!reminders) return <p className="rm-muted">Loading reminders…</p>;
  if (reminders.length === 0) return <p className="rm-muted">No reminders for this visit.</p>;
  return (
    <ul className="rm-list" aria-label="Reminders of this visit">
      {reminders.map((r) => (
        <li key={r.id} className="rm-list__item" data-state={r.state}>
          <span className={`rm-badge rm-badge--${r.state}`}>{REMINDER_STATE_LABEL[r.state]}</span>
          {r.state === 'sent' && r.late && <span className="rm-badge rm-badge--late">Sent late</span>}
          <span className="rm-list__when">
            {offsetLabel(r.offsetMin)} · {r.state === 'sent' && r.sentAt ? `sent ${tf.weekdayTime(zone, r.sentAt)}${tf.zoneTag(zone, r.sentAt)}` : `${tf.weekdayTime(zone, r.dueAt)}${tf.zoneTag(zone, r.dueAt)}`}
            {r.channel ? ` · ${r.channel === 'sms' ? 'SMS' : 'E-mail'}` : ''}
          </span>
          {canResend(r, appointmentStatus) && <ResendButton reminderId={r.id} label={`Send the ${offsetLabel(r.offsetMin).toLowerCase()} reminder again`} />}
          <ReminderReason r={r} />
        </li>
      ))}
    </ul>
  );
}
